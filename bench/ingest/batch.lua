-- wrk script: POST /v1/feedback with a JSON array of SIZE events (default 500), ids unique.
-- wrk ... -s batch.lua URL -- TAG [API_KEY] [SIZE]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local tag, ts, size
local n = 0
function init(args)
  tag, ts = common.init(args)
  size = tonumber(args[3] or "500")
end

function request()
  local parts = {}
  for i = 1, size do
    n = n + 1
    parts[i] = common.event(tag, tid, n, ts)
  end
  return wrk.format(nil, nil, nil, "[" .. table.concat(parts, ",") .. "]")
end

done = common.done
