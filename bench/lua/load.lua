-- Bulk CreateConnection for bench/scale.sh: exactly TOTAL connections spread over accounts.
-- Usage: wrk -t T -c C -d LONG -s load.lua URL -- TOTAL PER_ACCOUNT ACCOUNT_BASE PREFIX
--
-- Connection n (0 <= n < TOTAL) is named PREFIX-n and created in account ACCOUNT_BASE +
-- floor(n / PER_ACCOUNT) (a 12-digit access key id is the account). Thread t of T takes
-- n = t-1, t-1+T, t-1+2T, ... Once a thread has sent its share it sends GET /health instead,
-- which creates nothing, so wrk can run until scale.sh sees TOTAL rows and stops it.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

setup = common.setup
done = common.done
common.install_debug_hook()

local total, per_account, base, prefix, threads
local n
local idle

function init(args)
   total = tonumber(args[1])
   per_account = tonumber(args[2])
   base = tonumber(args[3])
   prefix = args[4] or "s"
   threads = tonumber(args[5] or "2")
   n = (id or 1) - 1 - threads
   idle = wrk.format("GET", "/health")
end

function request()
   n = n + threads
   if n >= total then
      return idle
   end
   local account = string.format("%012.0f", base + math.floor(n / per_account))
   local body = '{"Name":"' .. prefix .. "-" .. string.format("%.0f", n) .. '",'
      .. '"AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":'
      .. '{"ApiKeyName":"x-api-key","ApiKeyValue":"secret-value"}}}'
   return wrk.format("POST", "/", common.headers("CreateConnection", account, nil, body), body)
end
