-- Bridgekeeper's TestInvokeApiDestination extension on the destination named by the first
-- script argument: each request is one real call to the destination's receiver.
local name
function init(args)
   name = args[1] or "bench"
end

function request()
   return wrk.format("POST", "/", {
      ["Content-Type"] = "application/x-amz-json-1.1",
      ["X-Amz-Target"] = "Bridgekeeper.TestInvokeApiDestination",
   }, '{"Name":"' .. name .. '","Payload":"{\\"detail\\":{\\"n\\":1}}"}')
end
