-- wrk script: post the appointment request form, each request with its own one-time form
-- token. run.py fetched the form many times beforehand and wrote one urlencoded body per
-- line after a first line holding the CSRF cookie. Each wrk thread takes every Nth body.
--
-- Arguments: the bodies file, the number of wrk threads, and optionally a rate in posts per
-- second for the whole run with the connection count: then each connection waits a random
-- time between its posts (exponentially distributed, as independent patients would send
-- them) so that all of them together offer about that rate, instead of posting back to back.
-- A fifth argument, the site's origin (https://host:port), is sent as a browser sends it in
-- Origin and Referer: over HTTPS, Django's CSRF check requires them.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  cookie = file:read("*l")
  bodies = {}
  local line_number = 0
  local total_threads = tonumber(args[2])
  for line in file:lines() do
    if line_number % total_threads == id then
      table.insert(bodies, line)
    end
    line_number = line_number + 1
  end
  file:close()
  position = 0
  reused = 0
  -- Mean pause per connection, in milliseconds; 0 posts back to back.
  local rate = tonumber(args[3] or "0")
  local connections = tonumber(args[4] or "1")
  origin = args[5]
  mean_pause = 0
  if rate > 0 then
    mean_pause = 1000 * connections / rate
    math.randomseed(os.time() + id)
  end
end

function delay()
  if mean_pause == 0 then
    return 0
  end
  return -mean_pause * math.log(1 - math.random())
end

function request()
  position = position + 1
  if position > #bodies then
    -- Out of fresh tokens: a reused token stores nothing new, so run.py's row count shows it.
    position = 1
    reused = reused + 1
  end
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }
  if origin then
    headers["Origin"] = origin
    headers["Referer"] = origin .. "/request-appointment/"
  end
  return wrk.format("POST", "/request-appointment/", headers, bodies[position])
end

function done(summary, latency, requests)
  local total_reused = 0
  for _, thread in ipairs(threads) do
    total_reused = total_reused + (thread:get("reused") or 0)
  end
  io.write(string.format("reused_token_rounds: %d\n", total_reused))
end
