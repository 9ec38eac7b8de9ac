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
        assertEquals("a=1&a=2&b=%20", SigV4.canonicalQuery("b=%20&a=2&a=1"));
        assertEquals("/prefix/a%2520b~c", SigV4.canonicalUri("/prefix/a%20b~c"));
    }

    @Test
    void neverPrintsTheSecret() {
        String text = new Credentials("AK", "very-secret", "tok-secret").toString();
        assertEquals(false, text.contains("very-secret") || text.contains("tok-secret"));
    }
}
