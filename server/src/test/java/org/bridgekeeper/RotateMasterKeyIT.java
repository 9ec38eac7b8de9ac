package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.TokenExchange.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;

/** rotate-master-key: a new master key, every secret rewrapped, the old key retired, nothing lost. */
class RotateMasterKeyIT {

    @TempDir
    Path dataDir;

    static String primary(Path dataDir) throws Exception {
        return new ObjectMapper().readTree(dataDir.resolve("keyring.json").toFile()).path("primary").asText();
    }

    @Test
    void everySecretSurvivesARotationThatRetiresTheOldKey() throws Exception {
        String oldPrimary;
        try (TokenServer auth = new TokenServer()) {
            try (TestServer server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8")) {
                EventBridgeClient events = server.client();
                KmsClient kms = KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "x")))
                        .httpClient(UrlConnectionHttpClient.create()).build();
                String key = kms.createKey(r -> r.tags(Tag.builder().tagKey("EventBridgeApiDestinations").tagValue("true").build()))
                        .keyMetadata().keyId();
                events.createConnection(r -> r.name("plain").authorizationType(ConnectionAuthorizationType.BASIC)
                        .authParameters(a -> a.basicAuthParameters(b -> b.username("u1").password("p1"))));
                events.createConnection(r -> r.name("keyed").authorizationType(ConnectionAuthorizationType.BASIC).kmsKeyIdentifier(key)
                        .authParameters(a -> a.basicAuthParameters(b -> b.username("u2").password("p2"))));
                events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                        .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(auth.url("/t")).httpMethod("POST")
                                .clientParameters(c -> c.clientID("id").clientSecret("secret")))));
                assertEquals(ConnectionState.AUTHORIZED, server.settled(events, "oauth").connectionState());
                kms.close();
            }
            oldPrimary = primary(dataDir);
            assertEquals(0, RotateMasterKey.run(List.of("--data-dir", dataDir.toString(), "--retire-old-keys")));
            JsonNode ring = new ObjectMapper().readTree(dataDir.resolve("keyring.json").toFile());
            assertNotEquals(oldPrimary, ring.path("primary").asText());
            assertEquals(1, ring.path("keys").size());

            try (TestServer server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8")) {
                EventBridgeClient events = server.client();
                // Partial updates need the stored secrets: they open under the new key only.
                for (String name : List.of("plain", "keyed")) {
                    events.updateConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.BASIC)
                            .authParameters(a -> a.basicAuthParameters(b -> b.password("new"))));
                    assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name(name)).connectionState());
                }
                assertEquals("u2", events.describeConnection(r -> r.name("keyed")).authParameters().basicAuthParameters().username());
                var token = server.main().tokens().token(new Scope("000000000000", "us-east-1"), "oauth");
                assertEquals("tok-1", assertInstanceOf(Result.Granted.class, token).token().accessToken());
                assertEquals(1, auth.requests.size(), "the stored token was rewrapped, not fetched again");
            }
        }
    }
}
