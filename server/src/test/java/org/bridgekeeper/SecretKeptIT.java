package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.TokenExchange.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationState;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Nothing overwrites a secret because it cannot be read at that moment: a connection whose
 * customer managed key is disabled is de-authorized with the reason (as AWS documents) and keeps
 * its sealed secret, byte for byte; re-enabling the key and an update naming the credentials
 * authorizes it again with the very credentials it had.
 */
class SecretKeptIT {

    @TempDir
    Path dataDir;
    TestServer server;
    TokenServer receiver;
    TokenServer idp;
    EventBridgeClient events;
    KmsClient kms;

    @BeforeEach
    void start() throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        idp = new TokenServer();
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8");
        events = server.client();
        kms = KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
    }

    @AfterEach
    void stop() {
        kms.close();
        server.close();
        receiver.close();
        idp.close();
    }

    private String taggedKey() {
        return kms.createKey(r -> r.tags(Tag.builder().tagKey("EventBridgeApiDestinations").tagValue("true").build()))
                .keyMetadata().keyId();
    }

    /** The stored sealed secret, as the database holds it. */
    private byte[] storedSecret(String name) throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("bridgekeeper.db"));
             var s = db.prepareStatement("SELECT secret FROM connections WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void aDisabledKeyDeauthorizesKeepingTheSecretAndTheKeyBackPlusAnUpdateRecoversTheSameCredentials() throws Exception {
        String key = taggedKey();
        String arn = events.createConnection(r -> r.name("guarded").authorizationType(ConnectionAuthorizationType.BASIC)
                .kmsKeyIdentifier(key)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password("pa55")))).connectionArn();
        events.createApiDestination(r -> r.name("hook").connectionArn(arn).invocationEndpoint(receiver.url("/in")).httpMethod("POST"));
        assertTrue(DataDirIT.testInvoke(server.endpoint(), "hook").get("Delivered").asBoolean());
        String secretArn = events.describeConnection(r -> r.name("guarded")).secretArn();
        byte[] sealed = storedSecret("guarded");

        kms.disableKey(r -> r.keyId(key));
        JsonNode refused = DataDirIT.testInvoke(server.endpoint(), "hook");
        assertFalse(refused.get("Delivered").asBoolean());
        assertEquals("The connection is DEAUTHORIZED, not AUTHORIZED.", refused.get("Reason").asText());
        assertEquals(1, receiver.requests.size(), "nothing sent");
        var d = events.describeConnection(r -> r.name("guarded"));
        assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState());
        assertTrue(d.stateReason().matches("The KMS key arn:aws:kms:us-east-1:000000000000:key/\\S+ is disabled\\."), d.stateReason());
        assertEquals(secretArn, d.secretArn());
        assertEquals("user", d.authParameters().basicAuthParameters().username());
        assertArrayEquals(sealed, storedSecret("guarded"), "the sealed secret is kept byte for byte");
        assertEquals(ApiDestinationState.INACTIVE, events.describeApiDestination(r -> r.name("hook")).apiDestinationState());

        // Still disabled: an update that needs the stored secret cannot have it, and leaves it alone;
        // one without parameters goes through and keeps it too.
        assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("guarded")
                .authorizationType(ConnectionAuthorizationType.BASIC).authParameters(a -> a.basicAuthParameters(b -> b.username("user")))));
        events.updateConnection(r -> r.name("guarded").description("waiting for the key"));
        events.deauthorizeConnection(r -> r.name("guarded"));
        assertArrayEquals(sealed, storedSecret("guarded"));
        assertEquals(secretArn, events.describeConnection(r -> r.name("guarded")).secretArn());

        // The key back, and an update that names the credentials: the same password works again.
        kms.enableKey(r -> r.keyId(key));
        events.updateConnection(r -> r.name("guarded").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user"))));
        d = events.describeConnection(r -> r.name("guarded"));
        assertEquals(ConnectionState.AUTHORIZED, d.connectionState());
        assertEquals(null, d.stateReason());
        assertEquals(secretArn, d.secretArn(), "the same secret");
        JsonNode again = DataDirIT.testInvoke(server.endpoint(), "hook");
        assertTrue(again.get("Delivered").asBoolean(), again.toString());
        assertEquals("Basic dXNlcjpwYTU1", receiver.requests.getLast().header("Authorization"), "user:pa55, as first given");
    }

    @Test
    void aKeyPendingDeletionKeepsTheSecretUntilNewParametersReplaceIt() throws Exception {
        String key = taggedKey();
        events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .kmsKeyIdentifier(key)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret("secret")))));
        assertEquals(ConnectionState.AUTHORIZED, server.settled(events, "oauth").connectionState());
        byte[] sealed = storedSecret("oauth");
        kms.scheduleKeyDeletion(r -> r.keyId(key));
        Scope scope = new Scope("000000000000", "us-east-1");
        assertInstanceOf(Result.Refused.class, server.main().tokens().token(scope, "oauth"));
        assertEquals(ConnectionState.DEAUTHORIZED, events.describeConnection(r -> r.name("oauth")).connectionState());
        assertArrayEquals(sealed, storedSecret("oauth"));
        // A restart changes nothing: the secret is under the customer key, whose material the key ring opens.
        server.restart();
        events = server.client();
        assertArrayEquals(sealed, storedSecret("oauth"));

        // The key will not come back: complete new parameters under the AWS owned key replace the secret.
        events.updateConnection(r -> r.name("oauth").kmsKeyIdentifier("")
                .authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("id2").clientSecret("secret2")))));
        assertEquals(ConnectionState.AUTHORIZED, server.settled(events, "oauth").connectionState());
        assertNotNull(storedSecret("oauth"));
        assertFalse(java.util.Arrays.equals(sealed, storedSecret("oauth")));
        assertEquals("id2", events.describeConnection(r -> r.name("oauth")).authParameters().oAuthParameters()
                .clientParameters().clientID());
    }
}
