-- One endpoint, driven by bench/load.py: cycles through the request paths in the file
-- BENCH_PATHS (one per line; each thread starts at a different one), sends the method,
-- headers (file BENCH_HEADERS, "Name: value" per line) and body (file BENCH_BODY) it is
-- given, stops a thread after BENCH_MAX_REQUESTS responses, and prints one JSON line.

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local paths = {}
local counter = 0
local responses = 0
local max_requests = 0

local function read_lines(name)
  local lines = {}
  if name and name ~= "" then
    for line in io.lines(name) do
      if line ~= "" then table.insert(lines, line) end
    end
  end
  return lines
end

function init(args)
  paths = read_lines(os.getenv("BENCH_PATHS"))
  counter = (thread_index or 0) * 7
  max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")
  wrk.method = os.getenv("BENCH_METHOD") or "GET"
  for _, line in ipairs(read_lines(os.getenv("BENCH_HEADERS"))) do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
  local body = os.getenv("BENCH_BODY")
  if body and body ~= "" then
    local file = io.open(body, "rb")
    wrk.body = file:read("*a")
    file:close()
  end
end

function request()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  responses = responses + 1
  if max_requests > 0 and responses >= max_requests then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, "non_2xx": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
