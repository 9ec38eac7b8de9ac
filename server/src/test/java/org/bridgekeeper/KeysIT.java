package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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
import software.amazon.awssdk.services.eventbridge.model.AccessDeniedException;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/** Customer managed keys through the real SDK v2 KmsClient, and connections encrypted with them. */
class KeysIT {

    @TempDir
    Path dataDir;
    TestServer server;
    TokenServer auth;
    EventBridgeClient events;
    KmsClient kms;

    @BeforeEach
    void start() throws Exception {
        auth = new TokenServer();
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8");
        events = server.client();
        kms = KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        kms.close();
        server.close();
        auth.close();
    }

    KeyMetadata taggedKey(String alias) {
        KeyMetadata key = kms.createKey(r -> r.description("for connections")
                .tags(Tag.builder().tagKey("EventBridgeApiDestinations").tagValue("true").build())).keyMetadata();
        if (alias != null) {
            kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        }
        return key;
    }

    void createBasic(String name, String kmsKey) {
        events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.BASIC).kmsKeyIdentifier(kmsKey)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password("pass"))));
    }

    @Test
    void theKeyApiWorksThroughTheKmsSdk() {
        KeyMetadata key = taggedKey("alias/eb");
        assertTrue(key.arn().matches("arn:aws:kms:us-east-1:000000000000:key/[0-9a-f-]{36}"), key.arn());
        assertEquals(KeyState.ENABLED, key.keyState());
        assertTrue(key.enabled());
        assertEquals("for connections", key.description());
        assertEquals(key.arn(), kms.describeKey(r -> r.keyId("alias/eb")).keyMetadata().arn());
        assertEquals(key.keyId(), kms.describeKey(r -> r.keyId(key.arn())).keyMetadata().keyId());
        assertEquals(List.of(key.keyId()), kms.listKeys(r -> { }).keys().stream().map(k -> k.keyId()).toList());
        var aliases = kms.listAliases(r -> r.keyId(key.keyId())).aliases();
        assertEquals("alias/eb", aliases.getFirst().aliasName());
        assertEquals("arn:aws:kms:us-east-1:000000000000:alias/eb", aliases.getFirst().aliasArn());
        kms.tagResource(r -> r.keyId(key.keyId()).tags(Tag.builder().tagKey("team").tagValue("core").build()));
        assertEquals(2, kms.listResourceTags(r -> r.keyId(key.keyId())).tags().size());
        assertThrows(software.amazon.awssdk.services.kms.model.AlreadyExistsException.class,
                () -> kms.createAlias(r -> r.aliasName("alias/eb").targetKeyId(key.keyId())));
        var missing = assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("alias/none")));
        assertEquals("Alias 'arn:aws:kms:us-east-1:000000000000:alias/none' is not found.", missing.awsErrorDetails().errorMessage());

        var deletion = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        assertEquals(KeyState.PENDING_DELETION, deletion.keyState());
        assertEquals(7, deletion.pendingWindowInDays());
        assertThrows(KmsInvalidStateException.class, () -> kms.enableKey(r -> r.keyId(key.keyId())));
    }

    @Test
    void everyIdentifierFormNamesTheKeyAndAnUnfitKeyIsRefused() {
        KeyMetadata key = taggedKey("alias/conn");
        createBasic("by-id", key.keyId());
        createBasic("by-arn", key.arn());
        createBasic("by-alias", "alias/conn");
        createBasic("by-alias-arn", "arn:aws:kms:us-east-1:000000000000:alias/conn");
        assertEquals("alias/conn", events.describeConnection(r -> r.name("by-alias")).kmsKeyIdentifier());

        var missing = assertThrows(ResourceNotFoundException.class, () -> createBasic("x", "alias/nothing"));
        assertEquals("Failed to create the connection(s). The KMS key 'alias/nothing' does not exist.",
                missing.awsErrorDetails().errorMessage());
        KeyMetadata untagged = kms.createKey(r -> r.description("no tag")).keyMetadata();
        var noTag = assertThrows(AccessDeniedException.class, () -> createBasic("x", untagged.keyId()));
        assertEquals("Failed to create the connection(s). The KMS key " + untagged.arn()
                + " must carry the tag EventBridgeApiDestinations=true.", noTag.awsErrorDetails().errorMessage());
        kms.disableKey(r -> r.keyId(key.keyId()));
        var disabled = assertThrows(AccessDeniedException.class, () -> createBasic("x", key.keyId()));
        assertEquals("Failed to create the connection(s). The KMS key " + key.arn() + " is disabled.",
                disabled.awsErrorDetails().errorMessage());
    }

    @Test
    void aDisabledKeyDeauthorizesWhenTheSecretIsNextNeededAndEnablingPlusUpdateReauthorizes() {
        KeyMetadata key = taggedKey(null);
        createBasic("guarded", key.keyId());
        String secretArn = events.describeConnection(r -> r.name("guarded")).secretArn();
        kms.disableKey(r -> r.keyId(key.keyId()));
        // Describe needs no secret: still AUTHORIZED.
        assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name("guarded")).connectionState());
        // A partial update needs the stored secret to merge onto.
        var refused = assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("guarded")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.password("new")))));
        assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
        var d = events.describeConnection(r -> r.name("guarded"));
        assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState());
        assertEquals("The KMS key " + key.arn() + " is disabled.", d.stateReason());
        assertEquals(secretArn, d.secretArn(), "the secret is kept: the key may come back");
        assertEquals("user", d.authParameters().basicAuthParameters().username());
        // Still disabled: a complete update is refused, clearly.
        assertThrows(AccessDeniedException.class, () -> events.updateConnection(r -> r.name("guarded")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p")))));
        kms.enableKey(r -> r.keyId(key.keyId()));
        events.updateConnection(r -> r.name("guarded").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u2").password("p2"))));
        d = events.describeConnection(r -> r.name("guarded"));
        assertEquals(ConnectionState.AUTHORIZED, d.connectionState());
        assertEquals("u2", d.authParameters().basicAuthParameters().username());
    }

    @Test
    void anOAuthTokenUnderAKeyPendingDeletionIsRefusedAndDeauthorizes() throws Exception {
        KeyMetadata key = taggedKey(null);
        events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .kmsKeyIdentifier(key.arn())
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(auth.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret("secret")))));
        assertEquals(ConnectionState.AUTHORIZED, server.settled(events, "oauth").connectionState());
        Scope scope = new Scope("000000000000", "us-east-1");
        assertInstanceOf(Result.Granted.class, server.main().tokens().token(scope, "oauth"));
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()));
        Result refused = server.main().tokens().token(scope, "oauth");
        assertEquals("The KMS key " + key.arn() + " is pending deletion.", assertInstanceOf(Result.Refused.class, refused).reason());
        var d = events.describeConnection(r -> r.name("oauth"));
        assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState());
        assertEquals("The KMS key " + key.arn() + " is pending deletion.", d.stateReason());
        assertEquals("id", d.authParameters().oAuthParameters().clientParameters().clientID(), "kept, with the secret");
        assertTrue(d.secretArn() != null);
    }
}
