package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;

/**
 * An HTTPS receiver with a private certificate: refused by default (certificates are checked),
 * called once its certificate is given with --ca-bundle.
 */
class HttpsReceiverIT {

    @TempDir
    Path dir;

    static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void aPrivateCaIsTrustedOnlyWhenBundled() throws Exception {
        Path keystore = dir.resolve("receiver.p12");
        Path pem = dir.resolve("receiver.pem");
        keytool("-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2");
        keytool("-exportcert", "-rfc", "-alias", "receiver", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer receiver = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.setHttpsConfigurator(new HttpsConfigurator(tls));
        AtomicInteger hits = new AtomicInteger();
        receiver.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String endpoint = "https://localhost:" + receiver.getAddress().getPort() + "/hook";
        try {
            JsonNode untrusted = invoke(dir.resolve("a"), endpoint);
            assertFalse(untrusted.get("Delivered").asBoolean(), untrusted.toString());
            assertEquals(0, hits.get());
            JsonNode trusted = invoke(dir.resolve("b"), endpoint, "--ca-bundle", pem.toString());
            assertTrue(trusted.get("Delivered").asBoolean(), trusted.toString());
            assertEquals(204, trusted.get("StatusCode").asInt());
            assertEquals(1, hits.get());
        } finally {
            receiver.stop(0);
        }
    }

    private static JsonNode invoke(Path data, String endpoint, String... args) throws Exception {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--egress-allow", "127.0.0.0/8"),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        try (TestServer server = new TestServer(data, all)) {
            EventBridgeClient events = server.client();
            String connection = events.createConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.API_KEY)
                    .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v")))).connectionArn();
            events.createApiDestination(r -> r.name("tls").connectionArn(connection).invocationEndpoint(endpoint).httpMethod("POST"));
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                    .header("X-Amz-Target", "Bridgekeeper.TestInvokeApiDestination")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"tls\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return new ObjectMapper().readTree(response.body());
        }
    }
}
