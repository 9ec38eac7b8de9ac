package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The Python clients against {@code --auth verify}, unchanged: the AWS CLI v1 and boto3 sign with
 * keys of the credentials file (given the usual way, by environment or by the AWS CLI's own
 * credentials file) and are served in the key's account; a wrong secret or an unknown key gets
 * AWS's code and text as these clients print them. Skipped where a client is not installed.
 */
class SignedClientsIT {

    static final String KEY = "AKIAPYTHONCLIENTS001";
    static final String SECRET = "py-secret-0d8b6f1e2a";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Path credentials = dir.resolve("server-credentials");
        Files.writeString(credentials, "[python]\naws_access_key_id = " + KEY + "\naws_secret_access_key = " + SECRET
                + "\naws_account_id = 210987654321\n");
        server = new TestServer(dir.resolve("data"), "--auth", "verify", "--credentials-file", credentials.toString(),
                "--settle-delay-ms", "0");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int exit, String out, String err) {}

    static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("AWS_DEFAULT_REGION", "eu-west-1");
        pb.environment().put("AWS_PAGER", "");
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static Run aws(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "events"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json"));
        return run(command, env);
    }

    static Map<String, String> keys(String id, String secret) {
        return Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", secret);
    }

    @Test
    void awsCliV1() throws Exception {
        assumeTrue(OtherClientsIT.available("aws", "--version"), "the aws command is not installed");
        Run created = aws(keys(KEY, SECRET), "create-connection", "--name", "signed-cli", "--authorization-type", "API_KEY",
                "--auth-parameters", "ApiKeyAuthParameters={ApiKeyName=k,ApiKeyValue=cli-value}");
        assertEquals(0, created.exit(), created.err());
        assertTrue(JSON.readTree(created.out()).get("ConnectionArn").asText()
                .startsWith("arn:aws:events:eu-west-1:210987654321:connection/signed-cli/"), created.out());

        // The AWS CLI's own credentials file, as a user keeps the key.
        Path profile = dir.resolve("cli-credentials");
        Files.writeString(profile, "[bk]\naws_access_key_id = " + KEY + "\naws_secret_access_key = " + SECRET + "\n");
        Run described = aws(Map.of("AWS_SHARED_CREDENTIALS_FILE", profile.toString(), "AWS_PROFILE", "bk"),
                "describe-connection", "--name", "signed-cli");
        assertEquals(0, described.exit(), described.err());

        Run wrong = aws(keys(KEY, "not-the-secret"), "list-connections");
        assertEquals(255, wrong.exit());
        assertTrue(wrong.err().contains("An error occurred (InvalidSignatureException) when calling the ListConnections"
                + " operation: The request signature we calculated does not match the signature you provided. Check your"
                + " AWS Secret Access Key and signing method. Consult the service documentation for details."), wrong.err());
        Run unknown = aws(keys("AKIAUNKNOWN000000000", SECRET), "list-connections");
        assertTrue(unknown.err().contains("An error occurred (UnrecognizedClientException) when calling the"
                + " ListConnections operation: The security token included in the request is invalid."), unknown.err());
        Run unsigned = aws(Map.of(), "list-connections", "--no-sign-request");
        assertTrue(unsigned.err().contains("An error occurred (MissingAuthenticationTokenException) when calling the"
                + " ListConnections operation: Missing Authentication Token"), unsigned.err());

        Run kms = run(List.of("aws", "kms", "list-keys", "--endpoint-url", server.endpoint().toString()),
                keys(KEY, SECRET));
        assertEquals(0, kms.exit(), kms.err());
        Run kmsWrong = run(List.of("aws", "kms", "list-keys", "--endpoint-url", server.endpoint().toString()),
                keys(KEY, "x"));
        assertTrue(kmsWrong.err().contains("(InvalidSignatureException)"), kmsWrong.err());
        assertFalse((wrong.err() + unknown.err() + kmsWrong.err()).contains(SECRET));
    }

    @Test
    void boto3() throws Exception {
        assumeTrue(OtherClientsIT.available("python3", "-c", "import boto3"), "boto3 is not installed");
        String script = """
                import boto3, json, sys
                from botocore.exceptions import ClientError
                def client(key, secret):
                    return boto3.client("events", endpoint_url=sys.argv[1], aws_access_key_id=key,
                                        aws_secret_access_key=secret)
                c = client(sys.argv[2], sys.argv[3])
                out = {"arn": c.create_connection(Name="signed-boto", AuthorizationType="BASIC",
                        AuthParameters={"BasicAuthParameters": {"Username": "u", "Password": "p"}})["ConnectionArn"]}
                out["described"] = c.describe_connection(Name="signed-boto")["Name"]
                out["bus"] = c.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": "{}"}])["FailedEntryCount"]
                for name, key, secret in [("wrong", sys.argv[2], "nope"), ("unknown", "AKIAUNKNOWN", sys.argv[3])]:
                    try:
                        client(key, secret).list_connections()
                    except ClientError as e:
                        out[name] = [e.response["Error"]["Code"], e.response["Error"]["Message"],
                                     e.response["ResponseMetadata"]["HTTPStatusCode"]]
                print(json.dumps(out))
                """;
        Run r = run(List.of("python3", "-c", script, server.endpoint().toString(), KEY, SECRET), Map.of());
        assertEquals(0, r.exit(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertTrue(out.get("arn").asText().startsWith("arn:aws:events:eu-west-1:210987654321:connection/signed-boto/"));
        assertEquals("signed-boto", out.get("described").asText());
        assertEquals(0, out.get("bus").asInt());
        assertEquals("InvalidSignatureException", out.at("/wrong/0").asText());
        assertEquals(400, out.at("/wrong/2").asInt());
        assertEquals("UnrecognizedClientException", out.at("/unknown/0").asText());
        assertEquals("The security token included in the request is invalid.", out.at("/unknown/1").asText());
    }
}
