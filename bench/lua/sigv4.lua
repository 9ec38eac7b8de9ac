-- AWS Signature V4 for wrk (LuaJIT), so that a benchmark can drive a server started with
-- --auth verify: SHA-256 and HMAC-SHA256 on LuaJIT's bit library, and the header signing of an
-- AWS JSON 1.1 POST / (signed headers content-type;host;x-amz-date;x-amz-target, as the AWS CLI
-- signs them). Checked against the server's verifier by compare.sh's sanity calls: a wrong byte
-- anywhere turns every answer into InvalidSignatureException.

local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, ror, tobit, tohex = bit.rshift, bit.ror, bit.tobit, bit.tohex
local byte, char, rep, format, concat = string.byte, string.char, string.rep, string.format, table.concat

local K = {
   0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
   0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
   0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
   0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
   0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
   0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
   0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
   0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do K[i] = tobit(K[i]) end

local w = {}

-- The 32 bytes of SHA-256(msg), as a Lua string.
local function sha256(msg)
   local len = #msg
   local pad = 64 - ((len + 9) % 64)
   if pad == 64 then pad = 0 end
   local bits = len * 8
   msg = msg .. "\128" .. rep("\0", pad) .. char(0, 0, 0, 0,
      band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255), band(bits, 255))
   local h0, h1, h2, h3 = tobit(0x6a09e667), tobit(0xbb67ae85), tobit(0x3c6ef372), tobit(0xa54ff53a)
   local h4, h5, h6, h7 = tobit(0x510e527f), tobit(0x9b05688c), tobit(0x1f83d9ab), tobit(0x5be0cd19)
   for chunk = 1, #msg, 64 do
      for i = 0, 15 do
         local a, b, c, d = byte(msg, chunk + i * 4, chunk + i * 4 + 3)
         w[i] = bor(bit.lshift(a, 24), bit.lshift(b, 16), bit.lshift(c, 8), d)
      end
      for i = 16, 63 do
         local x, y = w[i - 15], w[i - 2]
         local s0 = bxor(ror(x, 7), ror(x, 18), rshift(x, 3))
         local s1 = bxor(ror(y, 17), ror(y, 19), rshift(y, 10))
         w[i] = tobit(w[i - 16] + s0 + w[i - 7] + s1)
      end
      local a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
      for i = 0, 63 do
         local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
         local ch = bxor(band(e, f), band(bnot(e), g))
         local t1 = tobit(h + S1 + ch + K[i + 1] + w[i])
         local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
         local maj = bxor(band(a, b), band(a, c), band(b, c))
         local t2 = tobit(S0 + maj)
         h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + t2)
      end
      h0, h1, h2, h3 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d)
      h4, h5, h6, h7 = tobit(h4 + e), tobit(h5 + f), tobit(h6 + g), tobit(h7 + h)
   end
   local out = {}
   for _, v in ipairs({ h0, h1, h2, h3, h4, h5, h6, h7 }) do
      out[#out + 1] = char(band(rshift(v, 24), 255), band(rshift(v, 16), 255), band(rshift(v, 8), 255), band(v, 255))
   end
   return concat(out)
end

local function hex(s)
   return (s:gsub(".", function(c) return format("%02x", byte(c)) end))
end

local function xor_pad(key, value)
   local out = {}
   for i = 1, 64 do
      out[i] = char(bxor(byte(key, i), value))
   end
   return concat(out)
end

local function hmac(key, msg)
   if #key > 64 then key = sha256(key) end
   key = key .. rep("\0", 64 - #key)
   return sha256(xor_pad(key, 0x5c) .. sha256(xor_pad(key, 0x36) .. msg))
end

local sigv4 = { sha256 = sha256, hmac = hmac, hex = hex }

local signing_keys = {}

-- The headers of one signed AWS JSON 1.1 call (POST /), to hand to wrk.format.
-- host must be the Host header wrk sends (wrk.headers.Host); time is os.time() or a fixed second.
function sigv4.headers(host, target, body, access_key, secret, region, service, time)
   local amz_date = os.date("!%Y%m%dT%H%M%SZ", time)
   local day = amz_date:sub(1, 8)
   local cache = secret .. "/" .. day .. "/" .. region .. "/" .. service
   local key = signing_keys[cache]
   if not key then
      key = hmac(hmac(hmac(hmac("AWS4" .. secret, day), region), service), "aws4_request")
      signing_keys[cache] = key
   end
   local content_type = "application/x-amz-json-1.1"
   local canonical = "POST\n/\n\ncontent-type:" .. content_type .. "\nhost:" .. host .. "\nx-amz-date:" .. amz_date
      .. "\nx-amz-target:" .. target .. "\n\ncontent-type;host;x-amz-date;x-amz-target\n" .. hex(sha256(body))
   local scope = day .. "/" .. region .. "/" .. service .. "/aws4_request"
   local to_sign = "AWS4-HMAC-SHA256\n" .. amz_date .. "\n" .. scope .. "\n" .. hex(sha256(canonical))
   return {
      ["Content-Type"] = content_type,
      ["X-Amz-Target"] = target,
      ["X-Amz-Date"] = amz_date,
      ["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. access_key .. "/" .. scope
         .. ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" .. hex(hmac(key, to_sign)),
   }
end

-- Known answers, checked at load so that a broken port fails loudly rather than as 400s.
assert(hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
assert(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
assert(hex(sha256(rep("a", 1000))) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
assert(hex(hmac("key", "The quick brown fox jumps over the lazy dog"))
   == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")

return sigv4
