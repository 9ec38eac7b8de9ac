-- ListConnections with Limit 100 on the seeded account. moto ignores Limit (it always returns
-- every connection of the account), so compare.sh seeds at most 100 to keep the answers equal.
-- Usage: wrk ... -s list.lua URL

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

setup = common.setup
done = common.done
common.install_debug_hook()

-- A static request (no request() function) is the cheapest for wrk to send: wrk formats it once
-- after init(), which runs once wrk.headers.Host is known (a real signature covers it).
function init(args)
   wrk.method = "POST"
   wrk.path = "/"
   wrk.body = '{"Limit":100}'
   for name, value in pairs(common.headers("ListConnections", nil, nil, wrk.body)) do
      wrk.headers[name] = value
   end
end
