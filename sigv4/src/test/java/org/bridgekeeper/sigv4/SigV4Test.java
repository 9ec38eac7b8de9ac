package org.bridgekeeper.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The signatures below were produced by real AWS tooling, never by this code: the first six by
 * aws-cli 2.9.19 (the golden transcripts in shared/reference/aws-cli-transcripts, credentials
 * test/test and wirekey/wiresecret) and by aws-cli 2.36.7 (the newer-cli transcript), the last
 * three by botocore 1.43.11's {@code SigV4Auth} (session token, the default AWS host on 443, a
 * path prefix with an encoded space). One wrong byte anywhere in the algorithm breaks them.
 */
class SigV4Test {

    record Vector(String name, String host, String path, String target, String amzDate, String accessKey,
                  String secret, String token, String region, String body, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Vector[] VECTORS = {
        new Vector("ok-create-json-arg (non-ASCII escaped body)", "127.0.0.1:47311", "/", "AWSEvents.CreateConnection",
                "20261124T220311Z", "test", "test", null, "us-east-1",
                "{\"Name\": \"c\", \"AuthorizationType\": \"BASIC\", \"AuthParameters\": {\"BasicAuthParameters\":"
                        + " {\"Username\": \"u\", \"Password\": \"p\"}, \"InvocationHttpParameters\": {\"BodyParameters\":"
                        + " [{\"Key\": \"b\", \"Value\": \"\\u00fc\", \"IsValueSecret\": false}]}}}",
                "4c85156abd1590b4ae6afc9daa016ca169f6ef7d3a5150d811c45aa53d34095b"),
        new Vector("svc-500-then-ok", "127.0.0.1:47311", "/", "AWSEvents.DeleteConnection", "20261124T220338Z",
                "test", "test", null, "us-east-1", "{\"Name\": \"c\"}",
                "1858d2f077076cc12d66bb6ffffde0f1ec6ef9c90dbc3e2e447845ddcb4cd9a6"),
        new Vector("ok-describe-yaml", "127.0.0.1:47311", "/", "AWSEvents.DescribeConnection", "20261124T220317Z",
                "test", "test", null, "us-east-1", "{\"Name\": \"c\"}",
                "aabf535490ff87d95810dc9f81f6acb59563bd89e320f700ec04cc86a89ae794"),
        new Vector("ok-create-wire-profile", "127.0.0.1:47311", "/", "AWSEvents.CreateConnection", "20261124T220340Z",
                "wirekey", "wiresecret", null, "us-east-1",
                "{\"Name\": \"c\", \"AuthorizationType\": \"BASIC\", \"AuthParameters\": {\"BasicAuthParameters\":"
                        + " {\"Username\": \"u\", \"Password\": \"p\"}}}",
                "3f30b8aa1049fb41130e2c54f158d7eba9288e929a53bc9624fa8a6b1036519b"),
        new Vector("ok-list-json", "127.0.0.1:47311", "/", "AWSEvents.ListConnections", "20261124T220319Z", "test",
                "test", null, "us-east-1",
                "{\"NamePrefix\": \"a\", \"ConnectionState\": \"AUTHORIZED\", \"NextToken\": \"t0\", \"Limit\": 10}",
                "2e979c99e24a379e30c6a807c79a73189d3899d58b1152815c3b6deb6f3e207f"),
        new Vector("ok-create-headers-list", "127.0.0.1:47311", "/", "AWSEvents.CreateConnection",
                "20261124T220310Z", "test", "test", null, "us-east-1",
                "{\"Name\": \"c\", \"Description\": \"my desc\", \"AuthorizationType\": \"API_KEY\", \"AuthParameters\":"
                        + " {\"ApiKeyAuthParameters\": {\"ApiKeyName\": \"x-api-key\", \"ApiKeyValue\": \"abc\"},"
                        + " \"InvocationHttpParameters\": {\"HeaderParameters\": [{\"Key\": \"k1\", \"Value\": \"v1\","
                        + " \"IsValueSecret\": true}, {\"Key\": \"k2\", \"Value\": \"a,b\", \"IsValueSecret\": false}],"
                        + " \"QueryStringParameters\": [{\"Key\": \"q\", \"Value\": \"a b c\"}]}}}",
                "41f2b38bb2de478e0d8256365604efa4622f7820974917f6b1941160bde55033"),
        new Vector("botocore session token, eu-west-1", "127.0.0.1:47311", "/", "AWSEvents.DescribeConnection",
                "20261124T220311Z", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "FwoGZXIvYXdzEXAMPLETOKEN", "eu-west-1", "{\"Name\": \"c\"}",
                "2cf8bee769fec238420137b2dd8dd13550d49d78cb309484b1d1beee049f3eac"),
        new Vector("botocore AWS host on 443", "events.us-east-1.amazonaws.com", "/", "AWSEvents.ListConnections",
                "20261124T220311Z", "test", "test", null, "us-east-1", "{}",
                "b7cd76ff0a29996586c4464bef7afd7fec40b156188ac5c4eb5cef3bb6aceb7c"),
        new Vector("botocore path prefix", "localhost:4750", "/prefix/a%20b~c", "AWSEvents.ListConnections",
                "20261124T220311Z", "test", "test", null, "us-east-1", "{}",
                "0cd31b40bc3fd31450934da671009cebef687ea00b08661a6efa3543c1543a67"),
    };

    static Vector[] vectors() {
        return VECTORS;
    }

    private static final DateTimeFormatter AMZ =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static Map<String, String> headers(Vector v) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", v.host());
        h.put("X-Amz-Target", v.target());
        h.put("Content-Type", "application/x-amz-json-1.1");
        return h;
    }

    static Signature sign(Vector v) {
        return SigV4.sign("POST", v.path(), "", headers(v), v.body().getBytes(StandardCharsets.UTF_8),
                new Credentials(v.accessKey(), v.secret(), v.token()), v.region(), "events",
                AMZ.parse(v.amzDate(), Instant::from));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void reproducesTheSignatureOfRealAwsTooling(Vector v) {
        Signature s = sign(v);
        String signedHeaders = v.token() == null ? "content-type;host;x-amz-date;x-amz-target"
                : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
        assertEquals(v.amzDate(), s.amzDate());
        assertEquals("AWS4-HMAC-SHA256 Credential=" + v.accessKey() + "/" + v.amzDate().substring(0, 8) + "/"
                + v.region() + "/events/aws4_request, SignedHeaders=" + signedHeaders + ", Signature="
                + v.signature(), s.authorization());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void verifiesTheSignatureOfRealAwsTooling(Vector v) {
        Map<String, String> received = new LinkedHashMap<>(headers(v));
        received.put("X-Amz-Date", v.amzDate());
        if (v.token() != null) {
            received.put("X-Amz-Security-Token", v.token());
        }
        received.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + v.accessKey() + "/"
                + v.amzDate().substring(0, 8) + "/" + v.region() + "/events/aws4_request, SignedHeaders="
                + (v.token() == null ? "content-type;host;x-amz-date;x-amz-target"
                        : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target")
                + ", Signature=" + v.signature());
        received.put("User-Agent", "not signed");
        Instant at = AMZ.parse(v.amzDate(), Instant::from).plusSeconds(60);
        Verification ok = SigV4.verify("POST", v.path(), "", received, v.body().getBytes(StandardCharsets.UTF_8),
                key -> key.equals(v.accessKey()) ? Optional.of(v.secret()) : Optional.empty(), at);
        assertEquals(new Verification.Verified(v.accessKey(), v.region(), "events"), ok);

        byte[] tampered = (v.body() + " ").getBytes(StandardCharsets.UTF_8);
        Verification bad = SigV4.verify("POST", v.path(), "", received, tampered,
                key -> Optional.of(v.secret()), at);
        assertEquals("InvalidSignatureException", assertInstanceOf(Verification.Rejected.class, bad).code());

        Verification wrongSecret = SigV4.verify("POST", v.path(), "", received,
                v.body().getBytes(StandardCharsets.UTF_8), key -> Optional.of(v.secret() + "x"), at);
        assertEquals("InvalidSignatureException", assertInstanceOf(Verification.Rejected.class, wrongSecret).code());

        Verification unknown = SigV4.verify("POST", v.path(), "", received,
                v.body().getBytes(StandardCharsets.UTF_8), key -> Optional.empty(), at);
        assertEquals("UnrecognizedClientException", assertInstanceOf(Verification.Rejected.class, unknown).code());

        Verification late = SigV4.verify("POST", v.path(), "", received, v.body().getBytes(StandardCharsets.UTF_8),
                key -> Optional.of(v.secret()), at.plusSeconds(16 * 60));
        assertEquals("InvalidSignatureException", assertInstanceOf(Verification.Rejected.class, late).code());
    }

    @Test
    void rejectsMissingAndMalformedAuthorization() {
        Map<String, String> h = Map.of("Host", "h", "X-Amz-Date", "20261124T220311Z");
        Instant now = Instant.parse("2026-11-24T22:03:11Z");
        assertEquals("MissingAuthenticationTokenException", ((Verification.Rejected) SigV4.verify("POST", "/", "", h,
                new byte[0], k -> Optional.of("s"), now)).code());
        Map<String, String> bad = Map.of("Host", "h", "X-Amz-Date", "20261124T220311Z", "Authorization",
                "AWS4-HMAC-SHA256 Credential=a/20261124/us-east-1/events/aws4_request");
        assertEquals("IncompleteSignatureException", ((Verification.Rejected) SigV4.verify("POST", "/", "", bad,
                new byte[0], k -> Optional.of("s"), now)).code());
    }

    @Test
    void collapsesWhitespaceInHeaderValuesAndSortsTheQuery() {
        assertEquals("a b c", SigV4.canonicalValue("  a   b\tc "));
        assertEquals("a b c", SigV4.canonicalValue("a b c"));
        assertEquals("a b", SigV4.canonicalValue("a\nb"));
        assertEquals("a b", SigV4.canonicalValue("a \tb"));
        assertEquals("a b", SigV4.canonicalValue("a\t b"));
        assertEquals("", SigV4.canonicalValue("  "));
        assertEquals("a=1&a=2&b=%20", SigV4.canonicalQuery("b=%20&a=2&a=1"));
        assertEquals("/prefix/a%2520b~c", SigV4.canonicalUri("/prefix/a%20b~c"));
    }

    // ---- the rules a server applies (the texts are AWS's, as its services answer them) --------

    private static final Instant T = Instant.parse("2026-12-01T10:30:00Z");
    private static final byte[] BODY = "{\"Name\":\"c\"}".getBytes(StandardCharsets.UTF_8);

    /** The headers of a request signed by {@link SigV4#sign} at {@code at} with {@code extra} headers signed too. */
    private static Map<String, String> signed(Instant at, Map<String, String> extra, String secret) {
        Map<String, String> toSign = new LinkedHashMap<>();
        toSign.put("Host", "localhost:4750");
        toSign.put("X-Amz-Target", "AWSEvents.DescribeConnection");
        toSign.put("Content-Type", "application/x-amz-json-1.1");
        toSign.putAll(extra);
        Signature s = SigV4.sign("POST", "/", "", toSign, BODY, Credentials.of("AKID", secret), "us-east-1", "events", at);
        Map<String, String> received = new LinkedHashMap<>(toSign);
        received.put("X-Amz-Date", s.amzDate());
        received.put("Authorization", s.authorization());
        return received;
    }

    private static Verification check(Map<String, String> headers, byte[] body, Instant now) {
        return SigV4.verify("POST", "/", "", headers, body, k -> k.equals("AKID") ? Optional.of("s3cr3t") : Optional.empty(),
                now);
    }

    private static Verification.Rejected rejected(Verification v) {
        return assertInstanceOf(Verification.Rejected.class, v);
    }

    @Test
    void acceptsItsOwnSignatureAndRefusesSignatureZero() {
        Map<String, String> h = signed(T, Map.of(), "s3cr3t");
        assertEquals(new Verification.Verified("AKID", "us-east-1", "events"), check(h, BODY, T));
        h.put("Authorization", h.get("Authorization").replaceAll("Signature=[0-9a-f]+", "Signature=00"));
        Verification.Rejected r = rejected(check(h, BODY, T));
        assertEquals("InvalidSignatureException", r.code());
        assertEquals("The request signature we calculated does not match the signature you provided. Check your AWS"
                + " Secret Access Key and signing method. Consult the service documentation for details.", r.message());
    }

    @Test
    void fifteenMinutesOfSkewEitherWayAndAwsWordsBeyond() {
        Instant signedAt = Instant.parse("2026-12-01T10:00:00Z");
        Map<String, String> h = signed(signedAt, Map.of(), "s3cr3t");
        assertInstanceOf(Verification.Verified.class, check(h, BODY, signedAt.plusSeconds(15 * 60)));
        assertInstanceOf(Verification.Verified.class, check(h, BODY, signedAt.minusSeconds(15 * 60)));
        Verification.Rejected late = rejected(check(h, BODY, T));
        assertEquals("InvalidSignatureException", late.code());
        assertEquals("Signature expired: 20261201T100000Z is now earlier than 20261201T101500Z (20261201T103000Z - 15 min.)",
                late.message());
        Verification.Rejected early = rejected(check(h, BODY, Instant.parse("2026-12-01T09:40:00Z")));
        assertEquals("InvalidSignatureException", early.code());
        assertEquals("Signature not yet current: 20261201T100000Z is still later than 20261201T095500Z"
                + " (20261201T094000Z + 15 min.)", early.message());
    }

    @Test
    void theBodyIsAlwaysHashedAndAContentShaHeaderMustMatchIt() {
        String hash = java.util.HexFormat.of().formatHex(sha256(BODY));
        Map<String, String> h = signed(T, Map.of("x-amz-content-sha256", hash), "s3cr3t");
        assertInstanceOf(Verification.Verified.class, check(h, BODY, T));
        assertEquals("InvalidSignatureException", rejected(check(h, "{\"Name\":\"d\"}".getBytes(StandardCharsets.UTF_8),
                T)).code());

        Map<String, String> unsigned = signed(T, Map.of("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), "s3cr3t");
        Verification.Rejected r = rejected(check(unsigned, BODY, T));
        assertEquals("InvalidSignatureException", r.code());
        assertEquals("The provided 'x-amz-content-sha256' header does not match what was computed.", r.message());

        Map<String, String> plain = signed(T, Map.of(), "s3cr3t");
        assertEquals("InvalidSignatureException", rejected(check(plain, new byte[0], T)).code());
    }

    @Test
    void unknownKeysAndWrongSecrets() {
        Map<String, String> h = signed(T, Map.of(), "s3cr3t");
        h.put("Authorization", h.get("Authorization").replace("Credential=AKID/", "Credential=OTHER/"));
        Verification.Rejected unknown = rejected(check(h, BODY, T));
        assertEquals("UnrecognizedClientException", unknown.code());
        assertEquals("The security token included in the request is invalid.", unknown.message());
        assertEquals("InvalidSignatureException", rejected(check(signed(T, Map.of(), "wrong"), BODY, T)).code());
    }

    @Test
    void incompleteHeadersInAwsWords() {
        Map<String, String> h = new LinkedHashMap<>(Map.of("Host", "localhost", "Authorization", "Bearer abc"));
        Verification.Rejected bearer = rejected(check(h, BODY, T));
        assertEquals("IncompleteSignatureException", bearer.code());
        assertEquals("Authorization header requires 'Credential' parameter. Authorization header requires 'Signature'"
                + " parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires"
                + " existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc", bearer.message());

        h.put("Authorization", "AWS4-HMAC-SHA256 Credential AKID/20261201/us-east-1/events/aws4_request");
        assertEquals("'Credential AKID/20261201/us-east-1/events/aws4_request' not a valid key=value pair (missing"
                + " equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential"
                + " AKID/20261201/us-east-1/events/aws4_request'.", rejected(check(h, BODY, T)).message());

        h.put("X-Amz-Date", "20261201T103000Z");
        h.put("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/aws4_request, SignedHeaders=host,"
                + " Signature=00");
        assertEquals("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                + " got 'AKID/20261201/us-east-1/aws4_request'", rejected(check(h, BODY, T)).message());

        Map<String, String> noHost = signed(T, Map.of(), "s3cr3t");
        noHost.put("Authorization", noHost.get("Authorization").replace("SignedHeaders=content-type;host;",
                "SignedHeaders=content-type;"));
        Verification.Rejected r = rejected(check(noHost, BODY, T));
        assertEquals("IncompleteSignatureException", r.code());
        assertEquals("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", r.message());

        Map<String, String> noDate = signed(T, Map.of(), "s3cr3t");
        noDate.remove("X-Amz-Date");
        assertEquals("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
                rejected(check(noDate, BODY, T)).message());
    }

    @Test
    void theCredentialScopeMustMatchTheDate() {
        Map<String, String> h = signed(T, Map.of(), "s3cr3t");
        h.put("Authorization", h.get("Authorization").replace("/20261201/", "/20261130/"));
        Verification.Rejected r = rejected(check(h, BODY, T));
        assertEquals("InvalidSignatureException", r.code());
        assertEquals("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                + " '20261130' != '20261201', from '20261201T103000Z'.", r.message());
    }

    @Test
    void readsTheAmzDateByHand() {
        assertEquals(Instant.parse("2026-12-01T10:30:00Z"), SigV4.parseAmzDate("20261201T103000Z"));
        assertEquals(Instant.parse("2028-02-29T23:59:59Z"), SigV4.parseAmzDate("20280229T235959Z"));
        for (String bad : new String[] {"20261301T103000Z", "20270229T000000Z", "20261201T246000Z", "2026-12-01T10:30Z",
                "20261201T103000", "2026120１T103000Z", "+0261201T103000Z", ""}) {
            assertEquals(null, SigV4.parseAmzDate(bad), bad);
        }
    }

    @Test
    void writesTheAmzDateByHandAsTheFormatterDoes() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-65_000_000_000L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            assertEquals(AMZ.format(t), SigV4.amzDate(t), t.toString());
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z")}) {
            assertEquals(AMZ.format(edge), SigV4.amzDate(edge), edge.toString());
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void neverPrintsTheSecret() {
        String text = new Credentials("AK", "very-secret", "tok-secret").toString();
        assertEquals(false, text.contains("very-secret") || text.contains("tok-secret"));
    }
}
