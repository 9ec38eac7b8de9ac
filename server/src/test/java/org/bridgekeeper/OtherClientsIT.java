package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same server through the other real clients installed on these machines: the AWS CLI (v1,
 * Python) and boto3. They parse errors and timestamps their own way, which is the point.
 * Skipped, and reported as skipped, where a client is not installed.
 */
class OtherClientsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(dataDir, "--settle-delay-ms", "0");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int exit, String out, String err) {}

    static Run run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "123456789012");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "eu-central-1");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static boolean available(String... command) {
        try {
            return run(List.of(command)).exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Run aws(String... args) throws Exception {
        return aws(server, args);
    }

    static Run aws(TestServer target, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "events"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", target.endpoint().toString(), "--output", "json"));
        return run(command);
    }

    /**
     * The newcomer's case through the AWS CLI: an OAuth connection made with an http:// endpoint on
     * a server started without --allow-http-endpoints is DEAUTHORIZED; after a restart with the
     * switch, update-connection with the same, complete parameters runs a new exchange.
     */
    @Test
    void awsCliReauthorizesAFailedConnection() throws Exception {
        assumeTrue(available("aws", "--version"), "the aws command is not installed");
        Path dir = dataDir.resolve("reauthorize");
        String[] oauth = {"--authorization-type", "OAUTH_CLIENT_CREDENTIALS", "--auth-parameters", null};
        try (TokenServer idp = new TokenServer()) {
            idp.script = r -> TokenServer.Answer.json("{\"access_token\":\"t\"}");
            oauth[3] = "{\"OAuthParameters\":{\"AuthorizationEndpoint\":\"" + idp.url("/token") + "\",\"HttpMethod\":\"POST\","
                    + "\"ClientParameters\":{\"ClientID\":\"id\",\"ClientSecret\":\"cli-client-secret\"}}}";
            try (TestServer strict = new TestServer(dir)) {
                Run created = aws(strict, "create-connection", "--name", "oauth", oauth[0], oauth[1], oauth[2], oauth[3]);
                assertEquals(0, created.exit(), created.err());
                assertEquals("DEAUTHORIZED", strict.settled(strict.client("123456789012",
                        software.amazon.awssdk.regions.Region.EU_CENTRAL_1), "oauth").connectionStateAsString());
            }
            try (TestServer open = new TestServer(dir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8")) {
                Run updated = aws(open, "update-connection", "--name", "oauth", oauth[0], oauth[1], oauth[2], oauth[3]);
                assertEquals(0, updated.exit(), updated.err());
                assertEquals("AUTHORIZING", JSON.readTree(updated.out()).get("ConnectionState").asText());
                var d = open.settled(open.client("123456789012", software.amazon.awssdk.regions.Region.EU_CENTRAL_1), "oauth");
                assertEquals("AUTHORIZED", d.connectionStateAsString());
                assertEquals(null, d.stateReason());
                assertEquals(1, idp.requests.size());
            }
        }
    }

    @Test
    void awsCli() throws Exception {
        assumeTrue(available("aws", "--version"), "the aws command is not installed");
        Run created = aws("create-connection", "--name", "cli", "--authorization-type", "API_KEY", "--auth-parameters",
                "ApiKeyAuthParameters={ApiKeyName=Authorization,ApiKeyValue=cli-secret-value}");
        assertEquals(0, created.exit(), created.err());
        JsonNode c = JSON.readTree(created.out());
        assertEquals("AUTHORIZED", c.get("ConnectionState").asText());
        assertTrue(c.get("ConnectionArn").asText().startsWith("arn:aws:events:eu-central-1:123456789012:connection/cli/"));

        Run described = aws("describe-connection", "--name", "cli");
        assertEquals(0, described.exit(), described.err());
        JsonNode d = JSON.readTree(described.out());
        assertEquals("Authorization", d.at("/AuthParameters/ApiKeyAuthParameters/ApiKeyName").asText());
        assertFalse(described.out().contains("cli-secret-value"));

        Run missing = aws("describe-connection", "--name", "nope");
        assertEquals(255, missing.exit());
        assertTrue(missing.err().contains("An error occurred (ResourceNotFoundException) when calling the DescribeConnection "
                + "operation: Failed to describe the connection(s). Connection 'nope' does not exist."), missing.err());

        Run invalid = aws("create-connection", "--name", "bad name", "--authorization-type", "BASIC", "--auth-parameters",
                "BasicAuthParameters={Username=u,Password=p}");
        assertEquals(255, invalid.exit());
        assertTrue(invalid.err().contains("(ValidationException)"), invalid.err());

        Run deleted = aws("delete-connection", "--name", "cli");
        assertEquals("DELETING", JSON.readTree(deleted.out()).get("ConnectionState").asText());
    }

    @Test
    void awsCliKms() throws Exception {
        assumeTrue(available("aws", "--version"), "the aws command is not installed");
        Run key = run(List.of("aws", "kms", "create-key", "--endpoint-url", server.endpoint().toString(), "--output", "json",
                "--tags", "TagKey=EventBridgeApiDestinations,TagValue=true"));
        assertEquals(0, key.exit(), key.err());
        String keyId = JSON.readTree(key.out()).at("/KeyMetadata/KeyId").asText();
        Run alias = run(List.of("aws", "kms", "create-alias", "--endpoint-url", server.endpoint().toString(),
                "--alias-name", "alias/cli", "--target-key-id", keyId));
        assertEquals(0, alias.exit(), alias.err());
        Run created = aws("create-connection", "--name", "cli-kms", "--authorization-type", "BASIC", "--kms-key-identifier",
                "alias/cli", "--auth-parameters", "BasicAuthParameters={Username=u,Password=p}");
        assertEquals(0, created.exit(), created.err());
        Run described = run(List.of("aws", "kms", "describe-key", "--endpoint-url", server.endpoint().toString(),
                "--output", "json", "--key-id", "alias/cli"));
        assertEquals(keyId, JSON.readTree(described.out()).at("/KeyMetadata/KeyId").asText());
    }

    /** STS, the key policy and a connection's secret through the AWS CLI (the query protocol for STS). */
    @Test
    void awsCliStsKeyPolicyAndSecrets() throws Exception {
        assumeTrue(available("aws", "--version"), "the aws command is not installed");
        String endpoint = server.endpoint().toString();
        Run me = run(List.of("aws", "sts", "get-caller-identity", "--endpoint-url", endpoint, "--output", "json"));
        assertEquals(0, me.exit(), me.err());
        JsonNode identity = JSON.readTree(me.out());
        assertEquals("123456789012", identity.get("Account").asText());
        assertEquals("arn:aws:iam::123456789012:root", identity.get("Arn").asText());

        Run key = run(List.of("aws", "kms", "create-key", "--endpoint-url", endpoint, "--output", "json"));
        String keyId = JSON.readTree(key.out()).at("/KeyMetadata/KeyId").asText();
        Run policy = run(List.of("aws", "kms", "get-key-policy", "--endpoint-url", endpoint, "--output", "text",
                "--key-id", keyId, "--policy-name", "default", "--query", "Policy"));
        assertEquals(0, policy.exit(), policy.err());
        assertTrue(policy.out().contains("\"AWS\" : \"arn:aws:iam::123456789012:root\""), policy.out());
        Run rotation = run(List.of("aws", "kms", "enable-key-rotation", "--endpoint-url", endpoint, "--key-id", keyId));
        assertEquals(0, rotation.exit(), rotation.err());

        Run created = aws("create-connection", "--name", "cli-secret", "--authorization-type", "API_KEY", "--auth-parameters",
                "ApiKeyAuthParameters={ApiKeyName=x-key,ApiKeyValue=cli-value}");
        assertEquals(0, created.exit(), created.err());
        String secretArn = JSON.readTree(aws("describe-connection", "--name", "cli-secret").out()).get("SecretArn").asText();
        Run value = run(List.of("aws", "secretsmanager", "get-secret-value", "--endpoint-url", endpoint, "--output", "text",
                "--secret-id", secretArn, "--query", "SecretString"));
        assertEquals(0, value.exit(), value.err());
        assertEquals("{\"api_key_name\":\"x-key\",\"api_key_value\":\"cli-value\"}", value.out().trim());
        Run put = run(List.of("aws", "secretsmanager", "put-secret-value", "--endpoint-url", endpoint,
                "--secret-id", secretArn, "--secret-string", "{}"));
        assertTrue(put.exit() != 0);
        assertTrue(put.err().contains("InvalidRequestException"), put.err());
        assertTrue(put.err().contains("Operation is not allowed on secret owned by events"), put.err());
    }

    @Test
    void boto3() throws Exception {
        assumeTrue(available("python3", "-c", "import boto3"), "boto3 is not installed");
        String script = """
                import boto3, json, sys
                from botocore.exceptions import ClientError
                c = boto3.client("events", endpoint_url=sys.argv[1])
                c.create_connection(Name="b3", AuthorizationType="BASIC",
                    AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "boto-secret"},
                                    "InvocationHttpParameters": {"HeaderParameters": [
                                        {"Key": "x-s", "Value": "hidden", "IsValueSecret": True}]}})
                d = c.describe_connection(Name="b3")
                out = {"state": d["ConnectionState"], "created": d["CreationTime"].year,
                       "header": d["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"][0]}
                names = []
                kwargs = {"Limit": 1, "NamePrefix": "b3"}
                for i in range(3):
                    c.create_connection(Name="b3-%d" % i, AuthorizationType="API_KEY",
                        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}})
                while True:
                    page = c.list_connections(**kwargs)
                    names += [x["Name"] for x in page["Connections"]]
                    if "NextToken" not in page:
                        break
                    kwargs["NextToken"] = page["NextToken"]
                out["names"] = names
                try:
                    c.create_connection(Name="b3", AuthorizationType="BASIC",
                        AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}})
                except ClientError as e:
                    out["dup"] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
                print(json.dumps(out))
                """;
        Run r = run(List.of("python3", "-c", script, server.endpoint().toString()));
        assertEquals(0, r.exit(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertEquals("AUTHORIZED", out.get("state").asText());
        assertTrue(out.get("created").asInt() >= 2026);
        assertEquals("x-s", out.at("/header/Key").asText());
        assertTrue(out.at("/header/IsValueSecret").asBoolean());
        assertTrue(out.at("/header/Value").isMissingNode());
        assertEquals("[\"b3\",\"b3-0\",\"b3-1\",\"b3-2\"]", out.get("names").toString());
        assertEquals("ResourceAlreadyExistsException", out.at("/dup/0").asText());
        assertFalse(r.out().contains("boto-secret"));
    }
}
