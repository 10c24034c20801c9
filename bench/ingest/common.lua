-- Shared by single.lua and batch.lua: the event sequence, headers and the result line.
-- The event sequence matches JdbcCeiling.Rows in bench/src/main/java/dev/feedloop/bench/ingest.
local M = {}

-- About 40 words, a typical short assistant answer; the seeded responses carry OUTPUT and one in
-- ten feedback events edits it into EDITED (same text as Texts.EDITED in Java).
M.OUTPUT = "To reset your card PIN, open the app, go to Cards, choose the card and tap Change PIN."
  .. " You will get a code by email; enter it, then choose a new four digit PIN."
  .. " The new PIN works at once in shops and at cash machines."
M.EDITED = "To reset your card PIN, open the app, go to Cards, choose the card and tap Change PIN."
  .. " You will get a code by text message; enter it, then pick a new four digit PIN."
  .. " The new PIN works at once in shops and at cash machines."

-- Unique per run (tag), wrk thread (tid) and request counter (n); request ids cycle over the
-- 1000 seeded responses req-0 .. req-999.
function M.event(tag, tid, n, ts)
  local id = tag .. "-" .. tid .. "-" .. n
  local request = "req-" .. ((n * 7919 + tid * 31) % 1000)
  if n % 10 == 0 then
    return '{"event_id":"' .. id .. '","request_id":"' .. request .. '","timestamp":"' .. ts
      .. '","implicit_signal":"edited","edited_output":"' .. M.EDITED .. '"}'
  elseif n % 4 == 0 then
    return '{"event_id":"' .. id .. '","request_id":"' .. request .. '","timestamp":"' .. ts
      .. '","implicit_signal":"regenerated","explicit_rating":' .. (1 + n % 5) .. '}'
  end
  return '{"event_id":"' .. id .. '","request_id":"' .. request .. '","timestamp":"' .. ts
    .. '","implicit_signal":"accepted"}'
end

-- args: tag, api key (optional)
function M.init(args)
  local tag = args[1] or "run"
  wrk.method = "POST"
  wrk.path = "/v1/feedback"
  wrk.headers["Content-Type"] = "application/json"
  if args[2] and args[2] ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
  return tag, os.date("!%Y-%m-%dT%H:%M:%SZ")
end

-- One machine-readable line for run.sh; latencies in microseconds.
function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,'
    .. '"p99_us":%d,"max_us":%d,"mean_us":%.1f,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout))
end

return M
