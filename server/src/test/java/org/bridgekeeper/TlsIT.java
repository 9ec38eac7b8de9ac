package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * {@code --tls-cert}/{@code --tls-key}: HTTPS on the same port with a certificate this test makes
 * (a private CA signs one for localhost), RSA and EC; the SDK v2 with a trust store of that CA,
 * the AWS CLI with {@code --ca-bundle} and boto3 with {@code verify=} work against it; a bad or
 * mismatched pair refuses the start with a message that says which.
 */
class TlsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestCertificates rsa;
    static TestCertificates ec;

    @BeforeAll
    static void certificates() throws Exception {
        rsa = TestCertificates.make(dir.resolve("rsa"), "RSA");
        ec = TestCertificates.make(dir.resolve("ec"), "EC");
    }

    static TestServer tls(TestCertificates c, String name, String... more) {
        List<String> args = new ArrayList<>(List.of("--tls-cert", c.certPem.toString(), "--tls-key", c.keyPem.toString()));
        args.addAll(List.of(more));
        return new TestServer(dir.resolve(name), args.toArray(String[]::new));
    }

    static URI https(TestServer server) {
        return URI.create("https://localhost:" + server.main().port());
    }

    static EventBridgeClient sdk(TestServer server, TestCertificates c) throws Exception {
        var trust = c.trust();
        return EventBridgeClient.builder().endpointOverride(https(server)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTLS", "s")))
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
    }

    @Test
    void theSdkWorksOverHttpsWithRsaAndEcKeys() throws Exception {
        for (TestCertificates c : List.of(rsa, ec)) {
            String name = c == rsa ? "rsa-server" : "ec-server";
            try (TestServer server = tls(c, name); EventBridgeClient client = sdk(server, c)) {
                client.createConnection(r -> r.name("over-tls").authorizationType(ConnectionAuthorizationType.BASIC)
                        .authParameters(p -> p.basicAuthParameters(b -> b.username("u").password("p"))));
                assertEquals("over-tls", client.describeConnection(r -> r.name("over-tls")).name());
                HttpResponse<String> health = HttpClient.newBuilder().sslContext(c.clientContext()).build()
                        .send(HttpRequest.newBuilder(https(server).resolve("/health")).build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
            }
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefusedTheHandshake() throws Exception {
        try (TestServer server = tls(ec, "untrusted")) {
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(https(server).resolve("/health")).build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void theAwsCliWithCaBundleAndBoto3WithVerify() throws Exception {
        assumeTrue(OtherClientsIT.available("aws", "--version"), "the aws command is not installed");
        try (TestServer server = tls(rsa, "cli")) {
            OtherClientsIT.Run created = OtherClientsIT.run(List.of("aws", "events", "create-connection", "--name", "cli-tls",
                    "--authorization-type", "API_KEY", "--auth-parameters", "ApiKeyAuthParameters={ApiKeyName=k,ApiKeyValue=v}",
                    "--endpoint-url", https(server).toString(), "--ca-bundle", rsa.caPem.toString(), "--output", "json"));
            assertEquals(0, created.exit(), created.err());
            assertEquals("AUTHORIZED", JSON.readTree(created.out()).get("ConnectionState").asText());
            OtherClientsIT.Run untrusted = OtherClientsIT.run(List.of("aws", "events", "list-connections",
                    "--endpoint-url", https(server).toString(), "--output", "json"));
            assertTrue(untrusted.exit() != 0 && untrusted.err().contains("SSL"), untrusted.err());

            assumeTrue(OtherClientsIT.available("python3", "-c", "import boto3"), "boto3 is not installed");
            OtherClientsIT.Run boto = OtherClientsIT.run(List.of("python3", "-c", """
                    import boto3, sys
                    c = boto3.client("events", endpoint_url=sys.argv[1], verify=sys.argv[2])
                    print(c.describe_connection(Name="cli-tls")["Name"])
                    """, https(server).toString(), rsa.caPem.toString()));
            assertEquals(0, boto.exit(), boto.err());
            assertEquals("cli-tls", boto.out().strip());
        }
    }

    @Test
    void aBadPairRefusesTheStartAndSaysWhich() throws Exception {
        Path other = dir.resolve("other.key");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        Files.writeString(other, TestCertificates.pkcs8(generator.generateKeyPair().getPrivate()));
        assertTrue(refusal(ec.certPem, other).contains("is not the private key of the certificate in --tls-cert "
                + ec.certPem + " (CN=localhost)"));
        assertTrue(refusal(rsa.certPem, ec.keyPem).contains("is not the private key"));

        Path pkcs1 = dir.resolve("pkcs1.key");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(refusal(rsa.certPem, pkcs1).contains("is in the older RSA form (-----BEGIN RSA PRIVATE KEY-----);"
                + " convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8"));

        assertTrue(refusal(rsa.keyPem, rsa.keyPem).contains("holds no PEM certificate"), "a key given as the certificate");
        assertTrue(refusal(rsa.certPem, rsa.certPem).contains("must hold one PEM private key in PKCS#8"));

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        assertTrue(refusal(garbage, rsa.keyPem).contains("a certificate cannot be read"));

        IllegalArgumentException half = assertThrows(IllegalArgumentException.class, () -> Main.start(Config.parse(
                List.of("--port", "0", "--data-dir", dir.resolve("half").toString(), "--tls-cert", rsa.certPem.toString()),
                Map.of()), new TestClock()));
        assertEquals("TLS needs both --tls-cert FILE and --tls-key FILE (BRIDGEKEEPER_TLS_CERT, BRIDGEKEEPER_TLS_KEY),"
                + " or neither", half.getMessage());
        assertTrue(!Files.exists(dir.resolve("half")), "a refused start leaves no data dir behind");
    }

    static String refusal(Path cert, Path key) {
        String message = assertThrows(IllegalArgumentException.class, () -> Main.start(Config.parse(List.of("--port", "0",
                "--data-dir", dir.resolve("refused").toString(), "--tls-cert", cert.toString(), "--tls-key",
                key.toString()), Map.of()), new TestClock())).getMessage();
        assertTrue(!message.contains("PRIVATE KEY-----\nM"), "no key material in the message");
        return message;
    }
}
