-- DescribeConnection on the connections that compare.sh seeded (seed-0 .. seed-<N-1>), in turn.
-- Usage: wrk ... -s describe.lua URL -- [seed_count]   (default 100)

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

setup = common.setup
done = common.done
common.install_debug_hook()

local requests = {}
local i = 0

function init(args)
   local n = tonumber(args[1]) or 100
   -- Pre-format (and, with BENCH_SECRET, sign: valid for 15 minutes) every request once:
   -- request() then only picks a string.
   for k = 0, n - 1 do
      local body = string.format('{"Name":"seed-%d"}', k)
      requests[k + 1] = wrk.format("POST", "/", common.headers("DescribeConnection", nil, nil, body), body)
   end
   -- Threads start at different names so they do not all read the same row at once.
   i = ((id or 1) - 1) * 7
end

function request()
   i = i % #requests + 1
   return requests[i]
end
