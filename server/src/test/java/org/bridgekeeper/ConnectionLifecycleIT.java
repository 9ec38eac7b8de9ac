package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConcurrentModificationException;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionBodyParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionQueryStringParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionRequest;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.DeauthorizeConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.DeleteConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.UpdateConnectionResponse;

/** The connection operations through the real AWS SDK v2, against the recorded AWS behaviour. */
class ConnectionLifecycleIT {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    static Path dataDir;
    static TestServer server;
    static EventBridgeClient events;

    @BeforeAll
    static void start() {
        // Time stands still unless a test moves it: transitions settle (1 s, as AWS) and OAuth
        // connections retry their unreachable example.com endpoint only when a test advances the clock.
        server = new TestServer(dataDir);
        events = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CreateConnectionResponse createApiKey(String name) {
        return events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("key-value-1"))));
    }

    static CreateConnectionResponse createBasic(String name) {
        return events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password("pass-word-1"))));
    }

    @Test
    void apiKeyConnectionIsAuthorizedWithAwsArnsAndNoSecretInDescribe() {
        CreateConnectionResponse created = createApiKey("github");
        assertEquals(ConnectionState.AUTHORIZED, created.connectionState());
        assertTrue(created.connectionArn().matches(
                "arn:aws:events:us-east-1:000000000000:connection/github/" + UUID.pattern()), created.connectionArn());
        assertEquals(created.creationTime(), created.lastModifiedTime());

        DescribeConnectionResponse d = events.describeConnection(r -> r.name("github"));
        assertEquals(created.connectionArn(), d.connectionArn());
        assertEquals("github", d.name());
        assertEquals(ConnectionAuthorizationType.API_KEY, d.authorizationType());
        assertEquals("x-api-key", d.authParameters().apiKeyAuthParameters().apiKeyName());
        assertNull(d.description());
        assertNull(d.stateReason());
        assertNull(d.kmsKeyIdentifier());
        assertNull(d.invocationConnectivityParameters());
        assertNull(d.authParameters().invocationHttpParameters());
        assertEquals(d.creationTime(), d.lastAuthorizedTime());
        // The secret has a UUID of its own and a 6-character suffix, as AWS names it.
        var secret = Pattern.compile("arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection/github/("
                + UUID.pattern() + ")-[A-Za-z0-9]{6}").matcher(d.secretArn());
        assertTrue(secret.matches(), d.secretArn());
        assertFalse(created.connectionArn().contains(secret.group(1)));
        assertFalse(d.toString().contains("key-value-1"));
    }

    @Test
    void everyConnectionGetsAFreshUuid() {
        String a = createBasic("fresh-a").connectionArn();
        String b = createBasic("fresh-b").connectionArn();
        assertNotEquals(a.substring(a.lastIndexOf('/')), b.substring(b.lastIndexOf('/')));
    }

    @Test
    void describeShowsNonSecretParameterValuesOnly() {
        events.createConnection(r -> r.name("params").authorizationType(ConnectionAuthorizationType.BASIC)
                .description("with parameters")
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p-secret"))
                        .invocationHttpParameters(h -> h
                                .headerParameters(
                                        ConnectionHeaderParameter.builder().key("x-public").value("visible").isValueSecret(false).build(),
                                        ConnectionHeaderParameter.builder().key("x-private").value("hidden-header").isValueSecret(true).build(),
                                        ConnectionHeaderParameter.builder().key("x-omitted").value("shown").build())
                                .queryStringParameters(ConnectionQueryStringParameter.builder().key("q").value("hidden-query").isValueSecret(true).build())
                                .bodyParameters(ConnectionBodyParameter.builder().key("b").value("body-value").build()))));
        var d = events.describeConnection(r -> r.name("params"));
        assertEquals("with parameters", d.description());
        var headers = d.authParameters().invocationHttpParameters().headerParameters();
        assertEquals(3, headers.size());
        assertEquals(List.of("x-public", "x-private", "x-omitted"), headers.stream().map(ConnectionHeaderParameter::key).toList());
        assertEquals("visible", headers.get(0).value());
        assertEquals(false, headers.get(0).isValueSecret());
        assertNull(headers.get(1).value());
        assertEquals(true, headers.get(1).isValueSecret());
        assertEquals("shown", headers.get(2).value(), "an omitted IsValueSecret reads as false");
        assertEquals(false, headers.get(2).isValueSecret());
        var query = d.authParameters().invocationHttpParameters().queryStringParameters().getFirst();
        assertNull(query.value());
        assertEquals("body-value", d.authParameters().invocationHttpParameters().bodyParameters().getFirst().value());
        assertEquals("u", d.authParameters().basicAuthParameters().username());
    }

    @Test
    void emptyInvocationParametersAreEchoed() {
        events.createConnection(r -> r.name("empty-params").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))
                        .invocationHttpParameters(h -> { })));
        var d = events.describeConnection(r -> r.name("empty-params"));
        assertTrue(d.authParameters().invocationHttpParameters() != null);
        assertFalse(d.authParameters().invocationHttpParameters().hasHeaderParameters());
    }

    @Test
    void oauthConnectionStartsAuthorizingWithEpochLastAuthorized() {
        var created = events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint("https://example.com/oauth").httpMethod("POST")
                        .clientParameters(c -> c.clientID("client_id").clientSecret("client-secret-1"))
                        .oAuthHttpParameters(h -> h.bodyParameters(
                                ConnectionBodyParameter.builder().key("grant_type").value("client_credentials").isValueSecret(false).build(),
                                ConnectionBodyParameter.builder().key("audience").value("aud-secret").isValueSecret(true).build())))));
        assertEquals(ConnectionState.AUTHORIZING, created.connectionState());
        var d = events.describeConnection(r -> r.name("oauth"));
        assertEquals(ConnectionState.AUTHORIZING, d.connectionState());
        assertEquals(Instant.EPOCH, d.lastAuthorizedTime());
        var oauth = d.authParameters().oAuthParameters();
        assertEquals("client_id", oauth.clientParameters().clientID());
        assertEquals("https://example.com/oauth", oauth.authorizationEndpoint());
        assertEquals("POST", oauth.httpMethodAsString());
        var body = oauth.oAuthHttpParameters().bodyParameters();
        assertEquals("client_credentials", body.get(0).value());
        assertNull(body.get(1).value());
        assertFalse(d.toString().contains("client-secret-1"));
    }

    @Test
    void duplicateNameIsRefused() {
        createApiKey("dup");
        var e = assertThrows(ResourceAlreadyExistsException.class, () -> createApiKey("dup"));
        assertEquals("Failed to create the connection(s). Connection 'dup' already exists.", e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
    }

    @Test
    void describeOfAMissingConnectionHasAwsText() {
        var e = assertThrows(ResourceNotFoundException.class, () -> events.describeConnection(r -> r.name("nope")));
        assertEquals("Failed to describe the connection(s). Connection 'nope' does not exist.", e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
    }

    @Test
    void validationMessagesAreAwsExact() {
        var e = assertThrows(EventBridgeException.class, () -> events.createConnection(r -> r
                .name("This should fail with two errors 123467890123412341234123412341234")
                .authorizationType("INVALID").authParameters(a -> { })));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals("3 validation errors detected: Value 'This should fail with two errors 123467890123412341234123412341234' "
                + "at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; "
                + "Value 'This should fail with two errors 123467890123412341234123412341234' at 'name' failed to satisfy "
                + "constraint: Member must have length less than or equal to 64; Value 'INVALID' at 'authorizationType' failed "
                + "to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void sensitiveValuesAreNeverEchoedInValidationErrors() {
        var e = assertThrows(EventBridgeException.class, () -> events.createConnection(r -> r.name("bad-password")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("user").password("bad\u0001secret-xyz")))));
        assertEquals("1 validation error detected: Value at 'authParameters.basicAuthParameters.password' failed to satisfy "
                + "constraint: Member must satisfy regular expression pattern: ^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void authParametersMustMatchTheAuthorizationType() {
        var missing = assertThrows(EventBridgeException.class, () -> events.createConnection(r -> r.name("mismatch")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))));
        assertEquals("ValidationException", missing.awsErrorDetails().errorCode());
        assertEquals("Failed to create the connection(s). BasicAuthParameters must be specified for authorization type BASIC.",
                missing.awsErrorDetails().errorMessage());
        var extra = assertThrows(EventBridgeException.class, () -> events.createConnection(r -> r.name("mismatch")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p"))
                        .apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))));
        assertEquals("Failed to create the connection(s). Only BasicAuthParameters may be specified for authorization type BASIC.",
                extra.awsErrorDetails().errorMessage());
        var nested = assertThrows(EventBridgeException.class, () -> events.createConnection(r -> r.name("mismatch")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u")))));
        assertEquals("1 validation error detected: Value null at 'authParameters.basicAuthParameters.password' failed to "
                + "satisfy constraint: Member must not be null", nested.awsErrorDetails().errorMessage());
    }

    @Test
    void privateConnectivityIsStoredAndDescribed() {
        String configuration = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-0123456789abcdef0";
        events.createConnection(r -> r.name("private").authorizationType(ConnectionAuthorizationType.API_KEY)
                .invocationConnectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(configuration)))
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
        var d = events.describeConnection(r -> r.name("private"));
        var p = d.invocationConnectivityParameters().resourceParameters();
        assertEquals(configuration, p.resourceConfigurationArn());
        assertTrue(p.resourceAssociationArn().matches(
                "arn:aws:vpc-lattice:us-east-1:000000000000:servicenetworkresourceassociation/snra-[0-9a-z]{17}"),
                p.resourceAssociationArn());
    }

    @Test
    void partialUpdateKeepsTheUsernameAndBumpsLastModified() throws Exception {
        var created = createBasic("partial");
        server.clock().advanceSeconds(1); // timestamps are whole seconds, as AWS's
        UpdateConnectionResponse updated = events.updateConnection(r -> r.name("partial")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.password("new-pass"))));
        assertEquals(ConnectionState.AUTHORIZED, updated.connectionState());
        assertEquals(created.lastModifiedTime(), updated.lastModifiedTime(), "AWS answers the previous LastModifiedTime");
        var d = events.describeConnection(r -> r.name("partial"));
        assertEquals("user", d.authParameters().basicAuthParameters().username());
        assertTrue(d.lastModifiedTime().isAfter(created.lastModifiedTime()));
        assertTrue(d.lastAuthorizedTime().isAfter(created.creationTime()));
    }

    @Test
    void descriptionOnlyUpdateKeepsStateAndEmptyDescriptionClears() {
        createApiKey("described");
        var updated = events.updateConnection(r -> r.name("described").description("hello"));
        assertEquals(ConnectionState.AUTHORIZED, updated.connectionState());
        assertEquals("hello", events.describeConnection(r -> r.name("described")).description());
        events.updateConnection(r -> r.name("described").description(""));
        assertNull(events.describeConnection(r -> r.name("described")).description());
    }

    @Test
    void updateRulesOfAws() {
        createApiKey("rules");
        var noType = assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("rules")
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyValue("x")))));
        assertEquals("Failed to update the connection(s). At least one of the following is required: Description, "
                + "KmsKeyIdentifier, AuthorizationType with BasicAuthParameters, ApiKeyAuthParameters, or OAuthParameters.",
                noType.awsErrorDetails().errorMessage());
        assertEquals("ValidationException", noType.awsErrorDetails().errorCode());
        var nothing = assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("rules")));
        assertEquals(noType.awsErrorDetails().errorMessage(), nothing.awsErrorDetails().errorMessage());

        var incomplete = assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("rules")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("only-user")))));
        assertEquals("Failed to update the connection(s). Complete BasicAuthParameters must be specified to change the "
                + "authorization type to BASIC.", incomplete.awsErrorDetails().errorMessage());

        // Parameters of another type than the one named have no effect, as AWS documents.
        events.updateConnection(r -> r.name("rules").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("ignored").password("ignored"))));
        var d = events.describeConnection(r -> r.name("rules"));
        assertEquals(ConnectionAuthorizationType.API_KEY, d.authorizationType());
        assertNull(d.authParameters().basicAuthParameters());

        events.updateConnection(r -> r.name("rules").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("new-user").password("new-pass"))));
        d = events.describeConnection(r -> r.name("rules"));
        assertEquals(ConnectionAuthorizationType.BASIC, d.authorizationType());
        assertEquals("new-user", d.authParameters().basicAuthParameters().username());
        assertNull(d.authParameters().apiKeyAuthParameters());

        var missing = assertThrows(ResourceNotFoundException.class,
                () -> events.updateConnection(r -> r.name("not-there").description("x")));
        assertEquals("Failed to update the connection(s). Connection 'not-there' does not exist.",
                missing.awsErrorDetails().errorMessage());
    }

    @Test
    void deleteAnswersDeletingThenTheConnectionIsGone() throws Exception {
        var created = createApiKey("to-delete");
        DeleteConnectionResponse deleted = events.deleteConnection(r -> r.name("to-delete"));
        assertEquals(ConnectionState.DELETING, deleted.connectionState());
        assertEquals(created.connectionArn(), deleted.connectionArn());
        assertEquals(ConnectionState.DELETING, events.describeConnection(r -> r.name("to-delete")).connectionState());
        var concurrent = assertThrows(ConcurrentModificationException.class,
                () -> events.updateConnection(r -> r.name("to-delete").description("x")));
        assertEquals("Failed to update the connection(s). Connection 'to-delete' was modified concurrently.",
                concurrent.awsErrorDetails().errorMessage());
        server.clock().advanceSeconds(1); // the settle delay
        assertThrows(ResourceNotFoundException.class, () -> events.describeConnection(r -> r.name("to-delete")));
        // The name is free again, and the new connection is a different one.
        var again = createApiKey("to-delete");
        assertNotEquals(created.connectionArn(), again.connectionArn());
    }

    @Test
    void deauthorizeRemovesAuthorizationThenReauthorizeMakesANewSecret() throws Exception {
        createBasic("deauth");
        String oldSecret = events.describeConnection(r -> r.name("deauth")).secretArn();
        DeauthorizeConnectionResponse answer = events.deauthorizeConnection(r -> r.name("deauth"));
        assertEquals(ConnectionState.DEAUTHORIZING, answer.connectionState());
        var during = events.describeConnection(r -> r.name("deauth"));
        assertEquals(ConnectionState.DEAUTHORIZING, during.connectionState());
        assertEquals("The authorization parameters were removed from this connection by a DeauthorizeConnection operation.",
                during.stateReason());
        assertEquals(oldSecret, during.secretArn());
        assertNull(during.authParameters().basicAuthParameters());
        // Again while DEAUTHORIZING: accepted.
        assertEquals(ConnectionState.DEAUTHORIZING, events.deauthorizeConnection(r -> r.name("deauth")).connectionState());
        assertThrows(ConcurrentModificationException.class, () -> events.updateConnection(r -> r.name("deauth").description("x")));

        server.clock().advanceSeconds(1); // the settle delay
        var after = events.describeConnection(r -> r.name("deauth"));
        assertEquals(ConnectionState.DEAUTHORIZED, after.connectionState());
        assertNull(after.secretArn());
        assertEquals(during.stateReason(), after.stateReason());
        assertEquals(ConnectionAuthorizationType.BASIC, after.authorizationType());

        // Re-authorizing needs complete parameters and makes a new secret.
        assertThrows(EventBridgeException.class, () -> events.updateConnection(r -> r.name("deauth")
                .authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.password("only-password")))));
        events.updateConnection(r -> r.name("deauth").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("back").password("again"))));
        var back = events.describeConnection(r -> r.name("deauth"));
        assertEquals(ConnectionState.AUTHORIZED, back.connectionState());
        assertNull(back.stateReason());
        assertTrue(back.secretArn() != null && !back.secretArn().equals(oldSecret));
        assertEquals("back", back.authParameters().basicAuthParameters().username());
    }

    @Test
    void accountAndRegionComeFromTheSignature() {
        EventBridgeClient other = server.client("111122223333", software.amazon.awssdk.regions.Region.EU_WEST_1);
        var created = other.createConnection(CreateConnectionRequest.builder().name("scoped")
                .authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))).build());
        assertTrue(created.connectionArn().startsWith("arn:aws:events:eu-west-1:111122223333:connection/scoped/"));
        assertThrows(ResourceNotFoundException.class, () -> events.describeConnection(r -> r.name("scoped")));
        // The same name in another scope is another connection.
        createApiKey("scoped");
        assertEquals("111122223333", other.describeConnection(r -> r.name("scoped")).connectionArn().split(":")[4]);
    }
}
