-- Shared by every wrk run of benchmarks/http_wrk.py: requests from a file (one per line:
-- method TAB path TAB header lines joined by \n TAB body, with \n and \t escaped), cycled per thread,
-- and a one-line JSON summary at the end for the script to parse.
local requests = {}
local counter = 0
local stride = 1
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local function unescape(s)
  return (s:gsub("\\n", "\n"):gsub("\\t", "\t"):gsub("\\\\", "\\"))
end

local function split_tabs(line)
  local parts = {}
  for part in (line .. "\t"):gmatch("(.-)\t") do parts[#parts + 1] = part end
  return parts
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local p = split_tabs(line)
    local headers = {}
    for h in unescape(p[3] or ""):gmatch("[^\n]+") do
      local name, value = h:match("^([^:]+):%s*(.*)$")
      if name then headers[name] = value end
    end
    requests[#requests + 1] = wrk.format(p[1], p[2], headers, unescape(p[4] or ""))
  end
  file:close()
  -- Threads take turns through the list (thread i sends i, i + n, ...), so no two send the
  -- same one-time body (a Slack command's trigger id is acted on once).
  stride = tonumber(args[2]) or 1
  counter = thread_index or 0
end

function request()
  local r = requests[(counter % #requests) + 1]
  counter = counter + stride
  return r
end

function done(summary, latency, requests_)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
