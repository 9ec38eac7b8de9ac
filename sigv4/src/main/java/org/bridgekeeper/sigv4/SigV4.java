package org.bridgekeeper.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for header-signed requests, as botocore computes it: the CLI signs
 * with {@link #sign}, a server checks with {@link #verify}.
 *
 * <p>The caller chooses which headers to sign (the AWS CLI signs {@code Content-Type}, {@code
 * Host} and {@code X-Amz-Target}); {@code X-Amz-Date} and, with a session token, {@code
 * X-Amz-Security-Token} are always added, as botocore does. No {@code x-amz-content-sha256}
 * header: botocore sends none for JSON services.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** AWS rejects a signature whose date is further than this from its own clock. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /**
     * Signs a request.
     *
     * @param method        {@code POST}
     * @param path          the request path as sent on the wire (already percent-encoded), e.g. {@code /}
     * @param query         the raw query string without {@code ?}, or empty
     * @param headersToSign the headers to sign, names in any case; must include {@code Host}
     * @param body          the payload bytes
     * @param time          the signing time; its second is the {@code X-Amz-Date}
     */
    public static Signature sign(String method, String path, String query, Map<String, String> headersToSign,
                                 byte[] body, Credentials credentials, String region, String service, Instant time) {
        String amzDate = amzDate(time);
        TreeMap<String, String> headers = canonicalHeaders(headersToSign);
        headers.put("x-amz-date", amzDate);
        if (credentials.hasSessionToken()) {
            headers.put("x-amz-security-token", credentials.sessionToken());
        }
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String signedHeaders = String.join(";", headers.keySet());
        // Hashed without the JDK's providers (Sha256): their start-up is a fifth of a CLI command's time.
        String canonicalRequest = canonicalRequest(method, path, query, headers, signedHeaders,
                Sha256.digest(body));
        String stringToSign = stringToSign(amzDate, scope,
                Sha256.digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(Sha256.hmac(signingKey(credentials.secretAccessKey(),
                amzDate.substring(0, 8), region, service), stringToSign.getBytes(StandardCharsets.UTF_8)));
        String authorization = ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
        return new Signature(amzDate, authorization, canonicalRequest, stringToSign, signature);
    }

    /**
     * Checks the {@code Authorization} header of a received request, in AWS's order: the header's
     * form, the date, the credential scope, the clock skew, the key, then the signature over the
     * request as received (method, path, query, the signed headers and the SHA-256 of the body).
     *
     * <p>The body is always hashed here: an {@code x-amz-content-sha256} header (which S3-style
     * signers send) must equal that hash, so that {@code UNSIGNED-PAYLOAD} or a stale hash cannot
     * leave a body unverified. {@code Host} must be signed. The credential's region and service
     * are returned for the caller to judge.
     *
     * @param headers      the received headers, names in any case (one value each; join repeated
     *                     headers with {@code ","} first)
     * @param secretLookup the secret of an access key id, empty when the key is unknown
     * @param now          the server's clock, for the 15-minute skew rule
     */
    public static Verification verify(String method, String path, String query, Map<String, String> headers,
                                      byte[] body, Function<String, Optional<String>> secretLookup, Instant now) {
        TreeMap<String, String> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        received.putAll(headers);
        return verify(method, path, query, received::get, body, secretLookup, now);
    }

    /**
     * As {@link #verify(String, String, String, Map, byte[], Function, Instant)}, with the headers
     * behind a lookup: {@code header} answers a name in any case with the header's value (repeated
     * headers joined with {@code ","}), or null. A server passes its own header map without
     * copying it for every request.
     */
    public static Verification verify(String method, String path, String query, Function<String, String> header,
                                      byte[] body, Function<String, Optional<String>> secretLookup, Instant now) {
        String authorization = header.apply("authorization");
        if (authorization == null) {
            return new Verification.Rejected(Verification.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        String amzDate = header.apply("x-amz-date");
        Object parsed = AuthorizationHeader.parse(authorization);
        if (parsed instanceof AuthorizationHeader.Malformed malformed) {
            List<String> problems = new ArrayList<>(malformed.problems());
            if (malformed.missingParts()) {
                if (amzDate == null) {
                    problems.add(DATE_REQUIRED);
                }
                problems.add("Authorization=" + authorization);
            }
            return incomplete(String.join(" ", problems));
        }
        AuthorizationHeader auth = (AuthorizationHeader) parsed;
        if (amzDate == null) {
            return incomplete(DATE_REQUIRED);
        }
        if (auth.signedHeaders().stream().noneMatch(h -> h.equalsIgnoreCase("host"))) {
            return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        Instant signedAt = parseAmzDate(amzDate);
        if (signedAt == null) {
            return incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (!auth.terminator().equals("aws4_request")) {
            return invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + auth.terminator() + "'.");
        }
        if (!auth.date().equals(amzDate.substring(0, 8))) {
            return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + auth.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (signedAt.isBefore(now.minus(MAX_CLOCK_SKEW))) {
            return invalid("Signature expired: " + amzDate + " is now earlier than "
                    + amzDate(now.minus(MAX_CLOCK_SKEW)) + " (" + amzDate(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            return invalid("Signature not yet current: " + amzDate + " is still later than "
                    + amzDate(now.plus(MAX_CLOCK_SKEW)) + " (" + amzDate(now) + " + 15 min.)");
        }
        Optional<String> secret = secretLookup.apply(auth.accessKeyId());
        if (secret.isEmpty()) {
            return new Verification.Rejected(Verification.UNRECOGNIZED_CLIENT,
                    "The security token included in the request is invalid.");
        }
        byte[] payloadHash = sha256(body);
        String declared = header.apply("x-amz-content-sha256");
        if (declared != null && !declared.strip().equalsIgnoreCase(HEX.formatHex(payloadHash))) {
            return invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        TreeMap<String, String> signed = new TreeMap<>();
        for (String name : auth.signedHeaders()) {
            String value = header.apply(name);
            if (value == null) {
                return invalid(SIGNATURE_MISMATCH);
            }
            signed.put(name.toLowerCase(Locale.ROOT), canonicalValue(value));
        }
        String canonicalRequest = canonicalRequest(method, path, query, signed, String.join(";", signed.keySet()),
                payloadHash);
        String stringToSign = stringToSign(amzDate, auth.scope(),
                sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        Mac mac = signingMac(secret.get(), auth.date(), auth.region(), auth.service());
        byte[] expected = mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HEX.parseHex(auth.signature());
        } catch (IllegalArgumentException e) {
            return invalid(SIGNATURE_MISMATCH);
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return invalid(SIGNATURE_MISMATCH);
        }
        return new Verification.Verified(auth.accessKeyId(), auth.region(), auth.service());
    }

    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.";

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'} in UTC: by hand, as a {@code DateTimeFormatter} costs the CLI
     * its pattern parse at start-up. Years outside 1-9999 (never a real request's) go to the
     * formatter, which prints them as it always did.
     */
    static String amzDate(Instant time) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC)
                    .format(time);
        }
        char[] out = new char[16];
        digits(out, 0, t.getYear(), 4);
        digits(out, 4, t.getMonthValue(), 2);
        digits(out, 6, t.getDayOfMonth(), 2);
        out[8] = 'T';
        digits(out, 9, t.getHour(), 2);
        digits(out, 11, t.getMinute(), 2);
        digits(out, 13, t.getSecond(), 2);
        out[15] = 'Z';
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'}, or null: by hand, as it runs for every request. */
    static Instant parseAmzDate(String text) {
        if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
            return null;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
                return null;
            }
        }
        try {
            return java.time.LocalDateTime.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 4, 6, 10),
                    Integer.parseInt(text, 6, 8, 10), Integer.parseInt(text, 9, 11, 10),
                    Integer.parseInt(text, 11, 13, 10), Integer.parseInt(text, 13, 15, 10)).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static final String DATE_REQUIRED =
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";

    private static Verification incomplete(String message) {
        return new Verification.Rejected(Verification.INCOMPLETE_SIGNATURE, message);
    }

    private static Verification invalid(String message) {
        return new Verification.Rejected(Verification.INVALID_SIGNATURE, message);
    }

    private static TreeMap<String, String> canonicalHeaders(Map<String, String> headers) {
        TreeMap<String, String> out = new TreeMap<>();
        headers.forEach((name, value) -> out.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));
        return out;
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    /** botocore: {@code ' '.join(value.split())}, i.e. trimmed with inner whitespace runs collapsed. */
    static String canonicalValue(String value) {
        String stripped = value.strip();
        // Most values have single spaces at most: no regular expression for them (it runs per request).
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c == ' ' ? i + 1 < stripped.length() && stripped.charAt(i + 1) <= ' ' : c < ' ') {
                return String.join(" ", WHITESPACE.split(stripped));
            }
        }
        return stripped;
    }

    private static String canonicalRequest(String method, String path, String query, TreeMap<String, String> headers,
                                           String signedHeaders, byte[] payloadHash) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append('\n').append(canonicalUri(path)).append('\n').append(canonicalQuery(query)).append('\n');
        headers.forEach((name, value) -> sb.append(name).append(':').append(value).append('\n'));
        sb.append('\n').append(signedHeaders).append('\n').append(HEX.formatHex(payloadHash));
        return sb.toString();
    }

    private static String stringToSign(String amzDate, String scope, byte[] canonicalRequestHash) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + HEX.formatHex(canonicalRequestHash);
    }

    /**
     * botocore quotes the path once more (safe {@code /~}), so an already encoded {@code %20} is
     * signed as {@code %2520}: the double encoding that every service but S3 expects.
     */
    static String canonicalUri(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return encode(path, "/~");
    }

    /** Parameters sorted by name then value, each part encoded (safe {@code -_.~}). */
    static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {encode(decode(name), "~"), encode(decode(value), "~")});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Python's {@code urllib.parse.quote}: letters, digits, {@code _.-} and the given safe chars stay. */
    private static String encode(String s, String safe) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || safe.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * Derived keys, by scope and secret, as an initialised HMAC to clone: a key changes once a day
     * per region and service, and deriving it costs four HMACs per request otherwise. Bounded:
     * emptied when it grows past {@link #SIGNING_KEY_CACHE} entries (a new day, many regions).
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Mac> SIGNING_KEYS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SIGNING_KEY_CACHE = 1024;

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /** A fresh HMAC under the derived key of this scope, from the cache when it is there. */
    private static Mac signingMac(String secret, String date, String region, String service) {
        String cacheKey = date + "/" + region + "/" + service + "\n" + secret;
        Mac prototype = SIGNING_KEYS.get(cacheKey);
        try {
            if (prototype == null) {
                prototype = Mac.getInstance("HmacSHA256");
                prototype.init(new SecretKeySpec(signingKey(secret, date, region, service), "HmacSHA256"));
                if (SIGNING_KEYS.size() >= SIGNING_KEY_CACHE) {
                    SIGNING_KEYS.clear();
                }
                SIGNING_KEYS.put(cacheKey, prototype);
            }
            return (Mac) prototype.clone();
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return Sha256.hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** In a holder: a signing CLI never loads the JDK's providers (see {@link Sha256}). */
    private static final class Jca {
        static final MessageDigest SHA256 = sha256Prototype();
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A clone of a prototype: cheaper than looking the provider up for every request. */
    private static byte[] sha256(byte[] data) {
        try {
            return ((MessageDigest) Jca.SHA256.clone()).digest(data);
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            } catch (GeneralSecurityException missing) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", missing);
            }
        }
    }
}
