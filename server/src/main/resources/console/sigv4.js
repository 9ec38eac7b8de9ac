// AWS Signature Version 4 in the browser, for the console's API calls. SHA-256 and HMAC come from
// WebCrypto (crypto.subtle), which browsers offer only in a secure context (HTTPS, or a page served
// from localhost / 127.0.0.1); elsewhere (plain HTTP to another host) a small SHA-256 written here
// stands in, so that the console works in both. Nothing here keeps or sends the secret key: only
// the signature leaves the page.
"use strict";
(function () {
  const enc = new TextEncoder();

  // ---- SHA-256 (FIPS 180-4), for pages that have no crypto.subtle -------------------------------
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256Js(data) {
    const bitLength = data.length * 8;
    const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
    padded.set(data);
    padded[data.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(padded.length - 4, bitLength >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
    return out;
  }

  function hmacJs(key, data) {
    if (key.length > 64) key = sha256Js(key);
    const block = new Uint8Array(64);
    block.set(key);
    const inner = new Uint8Array(64 + data.length);
    const outer = new Uint8Array(64 + 32);
    for (let i = 0; i < 64; i++) { inner[i] = block[i] ^ 0x36; outer[i] = block[i] ^ 0x5c; }
    inner.set(data, 64);
    outer.set(sha256Js(inner), 64);
    return sha256Js(outer);
  }

  // ---- the two implementations behind one interface ---------------------------------------------
  const subtle = (window.crypto && window.crypto.subtle) || null;
  const impl = {
    webcrypto: {
      async sha256(data) { return new Uint8Array(await subtle.digest("SHA-256", data)); },
      async hmac(key, data) {
        const k = await subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
        return new Uint8Array(await subtle.sign("HMAC", k, data));
      }
    },
    javascript: {
      async sha256(data) { return sha256Js(data); },
      async hmac(key, data) { return hmacJs(key, data); }
    }
  };

  const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  const bytes = s => (typeof s === "string" ? enc.encode(s) : s);

  /**
   * The headers that sign a POST / to the page's own origin: {X-Amz-Date, Authorization}.
   * opts: {accessKeyId, secretAccessKey, region, service, host, headers: {name: value}, body, date?, use?}
   */
  async function sign(opts) {
    const c = impl[opts.use || (subtle ? "webcrypto" : "javascript")];
    const date = opts.date || new Date();
    const amzDate = date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const day = amzDate.slice(0, 8);
    const headers = { host: opts.host, "x-amz-date": amzDate };
    for (const [k, v] of Object.entries(opts.headers || {})) headers[k.toLowerCase()] = String(v).trim().replace(/\s+/g, " ");
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(";");
    const canonical = ["POST", "/", "", names.map(n => n + ":" + headers[n] + "\n").join(""), signedHeaders,
      hex(await c.sha256(bytes(opts.body || "")))].join("\n");
    const scope = day + "/" + opts.region + "/" + opts.service + "/aws4_request";
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, hex(await c.sha256(bytes(canonical)))].join("\n");
    let key = await c.hmac(bytes("AWS4" + opts.secretAccessKey), bytes(day));
    key = await c.hmac(key, bytes(opts.region));
    key = await c.hmac(key, bytes(opts.service));
    key = await c.hmac(key, bytes("aws4_request"));
    const signature = hex(await c.hmac(key, bytes(toSign)));
    return {
      "X-Amz-Date": amzDate,
      "Authorization": "AWS4-HMAC-SHA256 Credential=" + opts.accessKeyId + "/" + scope + ", SignedHeaders="
        + signedHeaders + ", Signature=" + signature
    };
  }

  window.SigV4 = { sign, hasWebCrypto: !!subtle, sha256Hex: async (s, use) => hex(await impl[use].sha256(bytes(s))) };
})();
