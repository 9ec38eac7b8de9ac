-- Shared helpers for the wrk scripts in this folder (describe.lua, create.lua, list.lua).
--
-- wrk runs the script once in the main Lua state (setup/done) and once more in each thread's
-- own Lua state (init/request/response), so nothing here may rely on globals shared between
-- threads: thread ids are handed out in setup() and stored into each thread with thread:set().

local common = {}

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local sigv4 = dofile(here .. "sigv4.lua")

-- Every request carries a SigV4 header. Without BENCH_SECRET it is signed-looking only (the
-- signature is zeros): moto and Bridgekeeper with --auth off verify nothing, but both parse the
-- Credential scope, so the header has the real layout. With BENCH_SECRET every request is signed
-- for real with that secret (whatever the access key), as a server with --auth verify requires:
-- compare.sh MODE=auth writes a credentials file with the keys these scripts use.
local SIGNATURE = string.rep("0", 64)
common.SECRET = os.getenv("BENCH_SECRET")
if common.SECRET == "" then
   common.SECRET = nil
end

-- The seeded connections (describe/list) live in the account of this key: Bridgekeeper maps a
-- non-numeric key to its default account, moto to its default account.
common.DEFAULT_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"

-- Headers of one AWS JSON 1.1 call with this body. account_id, when given, is also sent as
-- x-moto-account-id so that moto (which ignores 12-digit access keys) files the call under the
-- same account as Bridgekeeper (which takes a 12-digit access key id as the account id). Call it
-- from init() or request(), where wrk.headers.Host is known (a real signature covers it).
function common.headers(operation, access_key, account_id, body)
   local h
   if common.SECRET then
      h = sigv4.headers(wrk.headers["Host"], "AWSEvents." .. operation, body or "",
                        access_key or common.DEFAULT_ACCESS_KEY, common.SECRET, "us-east-1", "events", os.time())
   else
      h = {
         ["Content-Type"] = "application/x-amz-json-1.1",
         ["X-Amz-Target"] = "AWSEvents." .. operation,
         ["X-Amz-Date"] = "20261124T000000Z",
         ["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. (access_key or common.DEFAULT_ACCESS_KEY)
            .. "/20261124/us-east-1/events/aws4_request, "
            .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" .. SIGNATURE,
      }
   end
   if account_id then
      h["x-moto-account-id"] = account_id
   end
   return h
end

-- Threads, kept in the main state so that done() can read their error counters.
local threads = {}

-- With BENCH_NODE_PORTS="PORT2 PORT3 ..." (more nodes of one service on the same host, sharing
-- one database), wrk's threads are spread over the URL's port and those, in turn, as a load
-- balancer would spread connections: thread 1 on the URL's node, thread 2 on the next, ...
local node_ports = {}
for p in (os.getenv("BENCH_NODE_PORTS") or ""):gmatch("%d+") do
   table.insert(node_ports, p)
end

function common.setup(thread)
   table.insert(threads, thread)
   if #node_ports > 0 then
      local k = (#threads - 1) % (#node_ports + 1)
      if k > 0 then
         thread.addr = wrk.lookup(wrk.host, node_ports[k])[1]
      end
   end
   -- 1-based id, unique within this wrk process; create.lua builds names and accounts from it.
   thread:set("id", #threads)
end

-- With BENCH_DEBUG=1 each thread prints its first few non-2xx answers (status and body) to
-- stderr. Off by default: defining response() makes wrk parse every answer, which costs CPU on
-- the same 2 cores as the server.
function common.install_debug_hook()
   if os.getenv("BENCH_DEBUG") ~= "1" then
      return
   end
   local shown = 0
   response = function(status, headers, body)
      if (status < 200 or status > 299) and shown < 3 then
         shown = shown + 1
         io.stderr:write(string.format("[thread %s] HTTP %d: %s\n", tostring(id), status,
                                       tostring(body):sub(1, 300)))
      end
   end
end

-- Prints one machine-readable line that compare.sh collects (wrk's human report is printed
-- above it as usual). Times are in microseconds.
function common.done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"rps":%.2f,'
      .. '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d},'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
      summary.requests, summary.duration, summary.bytes, summary.requests / seconds,
      latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end

return common
