-- wrk script of the benchmark runner (bench/runner): one JSON line of results at the end.
--
--   wrk ... -s bench/wrk.lua URL [-- PATHS_FILE]
--
-- With PATHS_FILE (one path a line), every request takes the next path of the
-- list, each thread starting at a different place; without it, wrk's static
-- request for URL. Responses other than 200 are counted in every thread and
-- summed at the end (wrk's own errors.status counts only status >= 400).

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local paths = nil
local position = 0

local function next_path()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end

function init(args)
  not_ok = 0
  if args[1] then
    paths = {}
    for line in io.lines(args[1]) do
      if line ~= "" then
        table.insert(paths, line)
      end
    end
    if #paths == 0 then
      error("no paths in " .. args[1])
    end
    position = ((id or 1) - 1) * math.floor(#paths / 2) % #paths
    request = next_path
  end
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local not_ok_total = 0
  for _, thread in ipairs(threads) do
    not_ok_total = not_ok_total + (thread:get("not_ok") or 0)
  end
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.3f, "rps": %.2f, "bytes": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status_ge_400": %d, '
      .. '"not_200": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    not_ok_total
  ))
end
