package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bridgekeeper.sigv4.Credentials;
import org.bridgekeeper.sigv4.SigV4;
import org.bridgekeeper.sigv4.Signature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * {@code --auth verify} through the real SDK v2 and raw requests: keys from a credentials file
 * work, and their sections' accounts are the callers' accounts whatever the key ids look like;
 * no header, an unknown key, a wrong secret, signature {@code 00}, a stale or future date and a
 * malformed header are refused with AWS's codes and texts, on EventBridge, KMS and the
 * extensions alike; {@code /health} stays open.
 */
class AuthIT {

    static final String KEY_A = "AKIAAUTHITACCOUNTA01";
    static final String SECRET_A = "secret-a-3f0c9d27b1";
    static final String KEY_B = "AKIAAUTHITACCOUNTB02";
    static final String SECRET_B = "secret-b-99e1aa08c4";
    /** A 12-digit key id that is not the account it calls for. */
    static final String KEY_DIGITS = "111111111111";
    static final String SECRET_DIGITS = "secret-d-5b7e02f6aa";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, """
                # accounts of the team
                [team-a]
                aws_access_key_id = %s
                aws_secret_access_key = %s
                aws_account_id = 111122223333

                [team-b]
                aws_access_key_id=%s
                aws_secret_access_key=%s
                aws_account_id=444455556666
                region = eu-west-1

                [digits]
                aws_access_key_id = %s
                aws_secret_access_key = %s
                aws_account_id = 777788889999
                """.formatted(KEY_A, SECRET_A, KEY_B, SECRET_B, KEY_DIGITS, SECRET_DIGITS));
        server = new TestServer(dir.resolve("data"), "--auth", "verify", "--credentials-file", credentials.toString(),
                "--settle-delay-ms", "0");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static EventBridgeClient client(String key, String secret) {
        return server.client(key, secret, Region.US_EAST_1);
    }

    @Test
    void eachKeyCallsInTheAccountOfItsSectionAndSeesOnlyThatAccount() {
        EventBridgeClient a = client(KEY_A, SECRET_A);
        String arn = a.createConnection(r -> r.name("isolated").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(p -> p.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))).connectionArn();
        assertTrue(arn.startsWith("arn:aws:events:us-east-1:111122223333:connection/isolated/"), arn);
        assertEquals("isolated", a.describeConnection(r -> r.name("isolated")).name());

        EventBridgeClient b = client(KEY_B, SECRET_B);
        assertTrue(b.listConnections(r -> r.namePrefix("isolated")).connections().isEmpty(),
                "another account's key lists none of account A's connections");
        assertThrows(ResourceNotFoundException.class, () -> b.describeConnection(r -> r.name("isolated")));
        assertThrows(ResourceNotFoundException.class, () -> b.deleteConnection(r -> r.name("isolated")));
        assertEquals("isolated", a.describeConnection(r -> r.name("isolated")).name(), "still there for its account");

        // A 12-digit key id is not taken as the account under verify: its section says which.
        String digits = client(KEY_DIGITS, SECRET_DIGITS).createConnection(r -> r.name("by-digits")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(p -> p.basicAuthParameters(k -> k.username("u").password("p")))).connectionArn();
        assertTrue(digits.startsWith("arn:aws:events:us-east-1:777788889999:connection/by-digits/"), digits);

        // The credential scope's region is the caller's region.
        String west = server.client(KEY_A, SECRET_A, Region.EU_WEST_1).createConnection(r -> r.name("west")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(p -> p.basicAuthParameters(k -> k.username("u").password("p")))).connectionArn();
        assertTrue(west.startsWith("arn:aws:events:eu-west-1:111122223333:connection/west/"), west);
    }

    @Test
    void anUnknownKeyOrAWrongSecretIsRefusedWithAwsTexts() {
        EventBridgeException unknown = assertThrows(EventBridgeException.class,
                () -> client("AKIANOTINTHEFILE0000", SECRET_A).listConnections(r -> {}));
        assertEquals("UnrecognizedClientException", unknown.awsErrorDetails().errorCode());
        assertEquals("The security token included in the request is invalid.", unknown.awsErrorDetails().errorMessage());
        assertEquals(400, unknown.statusCode());

        EventBridgeException wrong = assertThrows(EventBridgeException.class,
                () -> client(KEY_A, SECRET_B).listConnections(r -> {}));
        assertEquals("InvalidSignatureException", wrong.awsErrorDetails().errorCode());
        assertEquals("The request signature we calculated does not match the signature you provided. Check your AWS"
                + " Secret Access Key and signing method. Consult the service documentation for details.",
                wrong.awsErrorDetails().errorMessage());
        assertEquals(400, wrong.statusCode());
    }

    /** The security review's reproduction: signature {@code 00} was accepted, and changed state. */
    @Test
    void signatureZeroIsRefused() throws Exception {
        String date = amzDate(server.clock().instant());
        HttpResponse<String> r = raw("AWSEvents.CreateConnection", "{\"Name\":\"zero\",\"AuthorizationType\":\"BASIC\","
                        + "\"AuthParameters\":{\"BasicAuthParameters\":{\"Username\":\"u\",\"Password\":\"p\"}}}",
                Map.of("X-Amz-Date", date, "Authorization", "AWS4-HMAC-SHA256 Credential=" + KEY_A + "/"
                        + date.substring(0, 8) + "/us-east-1/events/aws4_request, SignedHeaders=content-type;host;"
                        + "x-amz-date;x-amz-target, Signature=00"));
        assertEquals(400, r.statusCode(), r.body());
        assertError(r, "InvalidSignatureException", "The request signature we calculated does not match the signature"
                + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
                + " for details.");
        assertThrows(ResourceNotFoundException.class,
                () -> client(KEY_A, SECRET_A).describeConnection(q -> q.name("zero")), "nothing was created");
    }

    @Test
    void noAuthorizationHeaderIsAMissingToken() throws Exception {
        HttpResponse<String> r = raw("AWSEvents.ListConnections", "{}", Map.of());
        assertEquals(403, r.statusCode());
        assertError(r, "MissingAuthenticationTokenException", "Missing Authentication Token");
        assertEquals("MissingAuthenticationTokenException", r.headers().firstValue("x-amzn-ErrorType").orElseThrow());

        // Every service on the port: KMS and the extensions too.
        assertEquals(403, raw("TrentService.ListKeys", "{}", Map.of()).statusCode());
        assertEquals(403, raw("Bridgekeeper.ListDeadLetters", "{}", Map.of()).statusCode());
        // Before the target is looked at: an unknown one says nothing to an unsigned caller.
        assertEquals(403, raw("AWSEvents.NoSuchThing", "{}", Map.of()).statusCode());

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "/health stays open");
    }

    @Test
    void aMalformedHeaderIsAnIncompleteSignature() throws Exception {
        HttpResponse<String> r = raw("AWSEvents.ListConnections", "{}", Map.of("Authorization", "Bearer not-sigv4"));
        assertEquals(400, r.statusCode());
        assertError(r, "IncompleteSignatureException", "Authorization header requires 'Credential' parameter."
                + " Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders'"
                + " parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                + " Authorization=Bearer not-sigv4");
    }

    @Test
    void signaturesOlderOrNewerThanFifteenMinutesAreExpired() throws Exception {
        Instant now = server.clock().instant();
        HttpResponse<String> old = signed("AWSEvents.ListConnections", "{}", KEY_A, SECRET_A, now.minusSeconds(16 * 60));
        assertEquals(400, old.statusCode(), old.body());
        assertError(old, "InvalidSignatureException", "Signature expired: " + amzDate(now.minusSeconds(16 * 60))
                + " is now earlier than " + amzDate(now.minusSeconds(15 * 60)) + " (" + amzDate(now) + " - 15 min.)");

        HttpResponse<String> future = signed("AWSEvents.ListConnections", "{}", KEY_A, SECRET_A, now.plusSeconds(16 * 60));
        assertError(future, "InvalidSignatureException", "Signature not yet current: " + amzDate(now.plusSeconds(16 * 60))
                + " is still later than " + amzDate(now.plusSeconds(15 * 60)) + " (" + amzDate(now) + " + 15 min.)");

        assertEquals(200, signed("AWSEvents.ListConnections", "{}", KEY_A, SECRET_A, now.minusSeconds(14 * 60))
                .statusCode(), "within the skew");
    }

    /** The server's own clock decides: moved 20 minutes on, the SDK's fresh signature is stale to it. */
    @Test
    void theServersClockIsTheOneThatCounts() throws Exception {
        Path data = dir.resolve("clock");
        Path credentials = dir.resolve("credentials");
        try (TestServer moved = new TestServer(data, "--auth", "verify", "--credentials-file", credentials.toString())) {
            EventBridgeClient c = moved.client(KEY_A, SECRET_A, Region.US_EAST_1);
            assertEquals(0, c.listConnections(r -> {}).connections().size());
            moved.clock().advance(Duration.ofMinutes(20));
            EventBridgeException e = assertThrows(EventBridgeException.class, () -> c.listConnections(r -> {}));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().matches("Signature expired: \\d{8}T\\d{6}Z is now earlier than "
                    + "\\d{8}T\\d{6}Z \\(" + amzDate(moved.clock().instant()) + " - 15 min\\.\\)"),
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void kmsAndTheExtensionsAreVerifiedToo() throws Exception {
        try (KmsClient good = kms(KEY_B, SECRET_B); KmsClient bad = kms(KEY_B, SECRET_A)) {
            String arn = good.createKey(r -> {}).keyMetadata().arn();
            assertTrue(arn.startsWith("arn:aws:kms:us-east-1:444455556666:key/"), arn);
            KmsException e = assertThrows(KmsException.class, () -> bad.listKeys(r -> {}));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
        }
        HttpResponse<String> extension = signed("Bridgekeeper.ListDeadLetters", "{}", KEY_A, SECRET_A,
                server.clock().instant());
        assertEquals(200, extension.statusCode(), extension.body());
        HttpResponse<String> forged = signed("Bridgekeeper.ListDeadLetters", "{}", KEY_A, SECRET_B,
                server.clock().instant());
        assertError(forged, "InvalidSignatureException", null);
    }

    @Test
    void theBodyIsCoveredByTheSignature() throws Exception {
        Instant now = server.clock().instant();
        String body = "{\"Name\":\"covered\"}";
        Map<String, String> headers = signHeaders("AWSEvents.DescribeConnection", body, KEY_A, SECRET_A, now);
        HttpResponse<String> tampered = send("AWSEvents.DescribeConnection", "{\"Name\":\"coverex\"}", headers);
        assertError(tampered, "InvalidSignatureException", null);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static KmsClient kms(String key, String secret) {
        return kms(server, key, secret);
    }

    static KmsClient kms(TestServer target, String key, String secret) {
        return KmsClient.builder().endpointOverride(target.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
    }

    static String amzDate(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(t);
    }

    static void assertError(HttpResponse<String> r, String code, String message) throws Exception {
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code, body.get("__type").asText(), r.body());
        if (message != null) {
            assertEquals(message, body.get("message").asText());
        }
        assertFalse(r.body().contains(SECRET_A) || r.body().contains(SECRET_B), "no secret in an answer");
    }

    static HttpResponse<String> raw(String target, String body, Map<String, String> extra) throws Exception {
        return send(target, body, extra);
    }

    static Map<String, String> signHeaders(String target, String body, String key, String secret, Instant at) {
        Map<String, String> toSign = new LinkedHashMap<>();
        toSign.put("Host", server.endpoint().getAuthority());
        toSign.put("Content-Type", "application/x-amz-json-1.1");
        toSign.put("X-Amz-Target", target);
        Signature s = SigV4.sign("POST", "/", "", toSign, body.getBytes(StandardCharsets.UTF_8),
                Credentials.of(key, secret), "us-east-1", "events", at);
        return Map.of("X-Amz-Date", s.amzDate(), "Authorization", s.authorization());
    }

    static HttpResponse<String> signed(String target, String body, String key, String secret, Instant at)
            throws Exception {
        return send(target, body, signHeaders(target, body, key, secret, at));
    }

    static HttpResponse<String> send(String target, String body, Map<String, String> extra) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        extra.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
