-- wrk script: one feedback event per POST /v1/feedback, every event_id unique.
-- wrk ... -s single.lua URL -- TAG [API_KEY]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local tag, ts
local n = 0
function init(args)
  tag, ts = common.init(args)
end

function request()
  n = n + 1
  return wrk.format(nil, nil, nil, common.event(tag, tid, n, ts))
end

done = common.done
