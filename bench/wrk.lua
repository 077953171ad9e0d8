-- wrk script for `make bench`.
--
-- Counts the answers by status in every thread and stops sending new requests after the
-- given number of seconds, then waits: when wrk exits every request it sent has been
-- answered and counted here, so "2xx answers" can be compared exactly with the views the
-- database recorded. Throughput is computed over the sending window only.
--
-- Arguments (after --): seconds [method] [body] [content-type]

local ffi = require("ffi")
ffi.cdef [[
typedef long time_t;
typedef struct timespec { time_t tv_sec; long tv_nsec; } timespec;
int clock_gettime(int clk_id, timespec *tp);
]]
local ts = ffi.new("timespec[1]")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts[0].tv_sec) + tonumber(ts[0].tv_nsec) * 1e-9
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  active = tonumber(args[1] or "10")
  if args[2] and args[2] ~= "" then wrk.method = args[2] end
  if args[3] and args[3] ~= "" then wrk.body = args[3] end
  if args[4] and args[4] ~= "" then wrk.headers["Content-Type"] = args[4] end
  ok, redirects, other = 0, 0, 0
  first = now()
  last = first
  stop_at = first + active
end

function delay()
  if now() >= stop_at then
    return 3600000 -- park this connection: no new request until wrk exits
  end
  return 0
end

function response(status, headers, body)
  last = now()
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status >= 300 and status < 400 then
    redirects = redirects + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local n_ok, n_redirects, n_other, first_t, last_t = 0, 0, 0, math.huge, 0
  for _, t in ipairs(threads) do
    n_ok = n_ok + t:get("ok")
    n_redirects = n_redirects + t:get("redirects")
    n_other = n_other + t:get("other")
    first_t = math.min(first_t, t:get("first"))
    last_t = math.max(last_t, t:get("last"))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"ok": %d, "redirects": %d, "other": %d, "window": %.6f, "completed": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    n_ok, n_redirects, n_other, last_t - first_t, summary.requests,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.connect, e.read, e.write, e.timeout))
end
