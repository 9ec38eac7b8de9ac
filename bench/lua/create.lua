-- CreateConnection (API_KEY) with a name that is unique per request.
-- Usage: wrk ... -s create.lua URL -- [prefix]
--
-- prefix must differ between wrk invocations against the same server (compare.sh passes the
-- run, the concurrency and the server); without it a time-based one is used. Names are
-- <prefix>-t<thread>-<counter>, well within 64 chars of [.-_A-Za-z0-9].
--
-- Each thread creates in its own account (12-digit access key 1000000000<tt>, also sent as
-- x-moto-account-id), away from the seeded account that describe/list read, so a create run
-- never changes what a later list returns, and no account grows as fast as the total.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

setup = common.setup
done = common.done
common.install_debug_hook()

local prefix
local account
local headers
local counter = 0

function init(args)
   prefix = args[1] or string.format("b%d", os.time())
   account = string.format("1000000000%02d", id or 1)
   headers = common.headers("CreateConnection", account, account, "")
end

-- With BENCH_SECRET each request is signed over its own body (SHA-256 in Lua: it costs the
-- client some CPU, the same for both servers of a comparison).
function request()
   counter = counter + 1
   local body = '{"Name":"' .. prefix .. "-t" .. id .. "-" .. counter .. '",'
      .. '"AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":'
      .. '{"ApiKeyName":"x-api-key","ApiKeyValue":"secret-value"}}}'
   if common.SECRET then
      return wrk.format("POST", "/", common.headers("CreateConnection", account, account, body), body)
   end
   return wrk.format("POST", "/", headers, body)
end
