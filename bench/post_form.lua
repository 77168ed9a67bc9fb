-- wrk script: post the appointment request form, each request with its own one-time form
-- token. run.py fetched the form many times beforehand and wrote one urlencoded body per
-- line after a first line holding the CSRF cookie. Each wrk thread takes every Nth body.
--
-- Arguments: the bodies file, the number of wrk threads, and optionally a rate in posts per
-- second for the whole run: then posts are sent at random times (a Poisson process, as
-- independent patients would send them) that together make that rate, however long each
-- answer takes. That is an open loop: a client that waits for its own answer before
-- pausing (a closed loop) offers less the slower the site answers, so the rate it measures
-- would be the site's latency in disguise. If the site falls behind, late posts go out at
-- once to catch up, and the measured rate falls below the one offered.
-- A fourth argument, the site's origin (https://host:port), is sent as a browser sends it
-- in Origin and Referer: over HTTPS, Django's CSRF check requires them.

-- wrk's Lua has no wall clock (os.clock is CPU time, os.time whole seconds); LuaJIT's FFI
-- reaches the C library's.
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *now);
]])
local CLOCK_MONOTONIC = 1
local clock_reading = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock_reading)
  return tonumber(clock_reading.tv_sec) * 1000 + tonumber(clock_reading.tv_nsec) / 1e6
end

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
  -- Mean time between this thread's posts, in milliseconds; 0 posts back to back. Each
  -- thread sends its share of the rate over its own connections.
  local rate = tonumber(args[3] or "0")
  origin = args[4]
  mean_gap = 0
  if rate > 0 then
    mean_gap = 1000 * total_threads / rate
    math.randomseed(os.time() + id)
  end
  next_send = nil
end

-- wrk asks before each post on any of this thread's connections: that post takes the next
-- time in the thread's schedule, and waits until then (or goes at once if it is late).
function delay()
  if mean_gap == 0 then
    return 0
  end
  local now = now_ms()
  next_send = (next_send or now) - mean_gap * math.log(1 - math.random())
  return math.max(0, next_send - now)
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
