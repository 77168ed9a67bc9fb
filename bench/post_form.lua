-- wrk script: post the appointment request form, each request with its own one-time form
-- token. run.py fetched the form many times beforehand and wrote one urlencoded body per
-- line after a first line holding the CSRF cookie. Each wrk thread takes every Nth body.

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
end

function request()
  position = position + 1
  if position > #bodies then
    -- Out of fresh tokens: a reused token stores nothing new, so run.py's row count shows it.
    position = 1
    reused = reused + 1
  end
  return wrk.format("POST", "/request-appointment/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, bodies[position])
end

function done(summary, latency, requests)
  local total_reused = 0
  for _, thread in ipairs(threads) do
    total_reused = total_reused + (thread:get("reused") or 0)
  end
  io.write(string.format("reused_token_rounds: %d\n", total_reused))
end
