package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * STS GetCallerIdentity (the query protocol) and Secrets Manager's reads of connection secrets,
 * through the real SDK v2 StsClient and SecretsManagerClient.
 */
class StsAndSecretsIT {

    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dataDir;
    TestServer server;
    final List<AutoCloseable> clients = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        server.close();
    }

    <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>, C extends AutoCloseable> C client(
            B builder, String accessKeyId) {
        C client = builder.endpointOverride(server.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        clients.add(client);
        return client;
    }

    SecretsManagerClient secrets(String accessKeyId) {
        return client(SecretsManagerClient.builder(), accessKeyId);
    }

    // ---- STS --------------------------------------------------------------------------------------

    @Test
    void getCallerIdentityAnswersTheRequestsAccountAsItsRoot() throws Exception {
        server = new TestServer(dataDir);
        GetCallerIdentityResponse me = client(StsClient.builder(), ACCOUNT).getCallerIdentity();
        assertEquals(ACCOUNT, me.account());
        assertEquals(ACCOUNT, me.userId());
        assertEquals("arn:aws:iam::" + ACCOUNT + ":root", me.arn());
        // An access key id that is not an account id: the configured account.
        assertEquals("000000000000", client(StsClient.builder(), "AKIAIOSFODNN7EXAMPLE").getCallerIdentity().account());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=Nope&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Content-Type").orElseThrow().startsWith("text/xml"));
        assertTrue(unknown.body().contains("<Code>InvalidAction</Code>"), unknown.body());
        assertTrue(unknown.body().contains("<Message>Could not find operation Nope for version 2011-06-15</Message>"));
        assertTrue(unknown.body().contains("<Type>Sender</Type>"));
        var assume = assertThrows(software.amazon.awssdk.services.sts.model.StsException.class,
                () -> client(StsClient.builder(), ACCOUNT).assumeRole(r -> r.roleArn("arn:aws:iam::111122223333:role/x")
                        .roleSessionName("s")));
        assertEquals("InvalidAction", assume.awsErrorDetails().errorCode());
        assertEquals(400, assume.statusCode());
    }

    // ---- Secrets Manager ------------------------------------------------------------------------

    EventBridgeClient events() {
        return server.client(ACCOUNT, Region.EU_WEST_1);
    }

    String basicConnection(EventBridgeClient events, String name) {
        events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("owned-user").password("owned-password"))
                        .invocationHttpParameters(p -> p
                                .headerParameters(h -> h.key("x-public").value("visible"),
                                        h -> h.key("x-private").value("hidden").isValueSecret(true))
                                .queryStringParameters(q -> q.key("query").value("q").isValueSecret(false))
                                .bodyParameters(b -> b.key("body").value("b")))));
        return events.describeConnection(r -> r.name(name)).secretArn();
    }

    @Test
    void aConnectionsSecretReadsAsAwsLaysItOut() {
        server = new TestServer(dataDir, "--settle-delay-ms", "1000");
        EventBridgeClient events = events();
        String arn = basicConnection(events, "hooks");
        SecretsManagerClient sm = secrets(ACCOUNT);

        GetSecretValueResponse value = sm.getSecretValue(r -> r.secretId(arn));
        assertEquals("{\"username\":\"owned-user\",\"password\":\"owned-password\",\"invocation_http_parameters\":{"
                + "\"header_parameters\":[{\"key\":\"x-public\",\"value\":\"visible\",\"is_value_secret\":false},"
                + "{\"key\":\"x-private\",\"value\":\"hidden\",\"is_value_secret\":true}],"
                + "\"query_string_parameters\":[{\"key\":\"query\",\"value\":\"q\",\"is_value_secret\":false}],"
                + "\"body_parameters\":[{\"key\":\"body\",\"value\":\"b\",\"is_value_secret\":false}]}}", value.secretString());
        assertEquals(arn, value.arn());
        String name = value.name();
        assertTrue(name.matches("events!connection/hooks/[0-9a-f-]{36}"), name);
        assertTrue(arn.endsWith(":secret:" + name + "-" + arn.substring(arn.length() - 6)));
        assertEquals(List.of("AWSCURRENT"), value.versionStages());
        assertNotNull(value.versionId());
        // By name, by the ARN without its suffix, by version and stage.
        assertEquals(value.secretString(), sm.getSecretValue(r -> r.secretId(name)).secretString());
        assertEquals(value.secretString(), sm.getSecretValue(r -> r.secretId(arn.substring(0, arn.length() - 7))).secretString());
        assertEquals(value.secretString(), sm.getSecretValue(r -> r.secretId(arn).versionId(value.versionId())
                .versionStage("AWSCURRENT")).secretString());
        ResourceNotFoundException stage = assertThrows(ResourceNotFoundException.class,
                () -> sm.getSecretValue(r -> r.secretId(arn).versionStage("AWSPREVIOUS")));
        assertEquals("Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
                stage.awsErrorDetails().errorMessage());

        DescribeSecretResponse described = sm.describeSecret(r -> r.secretId(arn));
        assertEquals("events", described.owningService());
        assertEquals(name, described.name());
        assertEquals("aws:secretsmanager:owningService", described.tags().getFirst().key());
        assertEquals("events", described.tags().getFirst().value());
        assertEquals(List.of("AWSCURRENT"), described.versionIdsToStages().get(value.versionId()));
        assertNotNull(described.createdDate());

        // An update makes a new version.
        events.updateConnection(r -> r.name("hooks").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.password("new-password"))));
        server.clock().advanceSeconds(1);
        GetSecretValueResponse updated = sm.getSecretValue(r -> r.secretId(arn));
        assertTrue(updated.secretString().startsWith("{\"username\":\"owned-user\",\"password\":\"new-password\""));

        // Writes are refused as AWS refuses them for a secret another service owns.
        InvalidRequestException put = assertThrows(InvalidRequestException.class,
                () -> sm.putSecretValue(r -> r.secretId(arn).secretString("{}")));
        assertEquals("Operation is not allowed on secret owned by events", put.awsErrorDetails().errorMessage());
        assertThrows(InvalidRequestException.class, () -> sm.deleteSecret(r -> r.secretId(arn)));
        assertThrows(InvalidRequestException.class, () -> sm.updateSecret(r -> r.secretId(arn).description("x")));
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> sm.putSecretValue(r -> r.secretId("events!connection/none/x").secretString("{}")));
        assertEquals("Secrets Manager can't find the specified secret.", missing.awsErrorDetails().errorMessage());

        // De-authorized: marked for deletion, then gone.
        events.deauthorizeConnection(r -> r.name("hooks"));
        InvalidRequestException marked = assertThrows(InvalidRequestException.class,
                () -> sm.getSecretValue(r -> r.secretId(arn)));
        assertEquals("You can't perform this operation on the secret because it was marked for deletion.",
                marked.awsErrorDetails().errorMessage());
        assertNotNull(sm.describeSecret(r -> r.secretId(arn)).deletedDate());
        assertTrue(sm.listSecrets().secretList().isEmpty());
        assertEquals(1, sm.listSecrets(r -> r.includePlannedDeletion(true)).secretList().size());
        server.clock().advanceSeconds(2);
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(arn)));
    }

    @Test
    void onlyTheConnectionsAccountReadsIt() {
        server = new TestServer(dataDir);
        String arn = basicConnection(events(), "mine");
        SecretsManagerException other = assertThrows(SecretsManagerException.class,
                () -> secrets("444455556666").getSecretValue(r -> r.secretId(arn)));
        assertEquals("AccessDeniedException", other.awsErrorDetails().errorCode());
        assertEquals("User: arn:aws:iam::444455556666:root is not authorized to perform: secretsmanager:GetSecretValue "
                + "on resource: " + arn + " because no resource-based policy allows the secretsmanager:GetSecretValue action",
                other.awsErrorDetails().errorMessage());
        String name = secrets(ACCOUNT).describeSecret(r -> r.secretId(arn)).name();
        assertThrows(ResourceNotFoundException.class, () -> secrets("444455556666").getSecretValue(r -> r.secretId(name)));
        assertTrue(secrets("444455556666").listSecrets().secretList().isEmpty());
    }

    @Test
    void listSecretsShowsConnectionSecretsWithFiltersAndPages() {
        server = new TestServer(dataDir);
        EventBridgeClient events = events();
        for (String n : List.of("a1", "a2", "b1")) {
            basicConnection(events, n);
        }
        events.createConnection(r -> r.name("key").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("v"))));
        SecretsManagerClient sm = secrets(ACCOUNT);
        assertEquals("{\"api_key_name\":\"x-api-key\",\"api_key_value\":\"v\"}",
                sm.getSecretValue(r -> r.secretId(events.describeConnection(d -> d.name("key")).secretArn())).secretString());

        List<SecretListEntry> all = sm.listSecrets(r -> r.sortBy("name")).secretList();
        assertEquals(List.of("a1", "a2", "b1", "key"), all.stream().map(e -> e.name().split("/")[1]).toList());
        assertTrue(all.stream().allMatch(e -> "events".equals(e.owningService())));
        List<SecretListEntry> a = sm.listSecrets(r -> r.filters(Filter.builder().key(FilterNameStringType.NAME)
                .values("events!connection/a").build())).secretList();
        assertEquals(2, a.size());
        assertEquals(2, sm.listSecrets(r -> r.filters(Filter.builder().key(FilterNameStringType.NAME)
                .values("!events!connection/a").build())).secretList().size());
        assertEquals(4, sm.listSecrets(r -> r.filters(Filter.builder().key(FilterNameStringType.OWNING_SERVICE)
                .values("events").build())).secretList().size());

        var first = sm.listSecrets(r -> r.maxResults(3).sortBy("name"));
        assertEquals(3, first.secretList().size());
        var second = sm.listSecrets(r -> r.maxResults(3).sortBy("name").nextToken(first.nextToken()));
        assertEquals(1, second.secretList().size());
        assertEquals(null, second.nextToken());
        // The paginator follows the tokens.
        assertEquals(4, sm.listSecretsPaginator(r -> r.maxResults(1)).stream().mapToLong(p -> p.secretList().size()).sum());
        SecretsManagerException token = assertThrows(SecretsManagerException.class,
                () -> sm.listSecrets(r -> r.nextToken("bogus")));
        assertEquals("InvalidNextTokenException", token.awsErrorDetails().errorCode());
    }

    @Test
    void aSecretWhoseKeyIsDisabledCannotBeDecrypted() {
        server = new TestServer(dataDir);
        KmsClient kms = client(KmsClient.builder(), ACCOUNT);
        String key = kms.createKey(r -> r.tags(Tag.builder().tagKey("EventBridgeApiDestinations").tagValue("true").build()))
                .keyMetadata().keyId();
        EventBridgeClient events = events();
        events.createConnection(r -> r.name("sealed").authorizationType(ConnectionAuthorizationType.BASIC).kmsKeyIdentifier(key)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p"))));
        String arn = events.describeConnection(r -> r.name("sealed")).secretArn();
        SecretsManagerClient sm = secrets(ACCOUNT);
        assertEquals(key, sm.describeSecret(r -> r.secretId(arn)).kmsKeyId());
        assertEquals("{\"username\":\"u\",\"password\":\"p\"}", sm.getSecretValue(r -> r.secretId(arn)).secretString());
        kms.disableKey(r -> r.keyId(key));
        assertThrows(DecryptionFailureException.class, () -> sm.getSecretValue(r -> r.secretId(arn)));
        // As anywhere else, an unreadable secret de-authorizes its connection.
        assertEquals("DEAUTHORIZED", events.describeConnection(r -> r.name("sealed")).connectionStateAsString());
    }

    @Test
    void theApiCanBeTurnedOff() {
        server = new TestServer(dataDir, "--secrets-api", "off");
        String arn = basicConnection(events(), "off");
        SecretsManagerException off = assertThrows(SecretsManagerException.class,
                () -> secrets(ACCOUNT).getSecretValue(r -> r.secretId(arn)));
        assertEquals("UnknownOperationException", off.awsErrorDetails().errorCode());
        assertFalse(off.awsErrorDetails().errorMessage().contains("owned-password"));
        assertTrue(off.awsErrorDetails().errorMessage().contains("--secrets-api off"));
    }
}
