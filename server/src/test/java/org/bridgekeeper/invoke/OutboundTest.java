package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connected address is the checked one: real local servers, and a resolver the test
 * controls for names no real name server knows. A name the JDK client resolved itself would not
 * resolve at all, so every call that arrives went to the address the policy checked.
 */
class OutboundTest {

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    /** What a receiver saw: Host header and, over TLS, the SNI name. */
    record Seen(String host, String sni) {}

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Answers the given addresses, one list per lookup (the last one again once they run out). */
    static final class Answers implements EgressPolicy.Resolver {
        final List<List<String>> answers;
        final List<String> asked = new CopyOnWriteArrayList<>();

        Answers(List<List<String>> answers) {
            this.answers = new ArrayList<>(answers);
        }

        @Override
        public InetAddress[] resolve(String name) throws UnknownHostException {
            asked.add(name);
            List<String> answer = answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
            List<InetAddress> out = new ArrayList<>();
            for (String a : answer) {
                out.add(InetAddress.getByName(a));
            }
            return out.toArray(InetAddress[]::new);
        }
    }

    HttpServer plain(List<Seen> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", exchange -> answer(exchange, seen, null));
        server.start();
        open.add(() -> server.stop(0));
        return server;
    }

    HttpsServer tls(List<Seen> seen, String san) throws Exception {
        Path keystore = dir.resolve("server-" + open.size() + ".p12");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-dname", "CN=test", "-ext", "SAN=" + san,
                "-validity", "2");
        keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", dir.resolve("server-" + open.size() + ".pem").toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> answer(exchange, seen, ((HttpsExchange) exchange).getSSLSession()));
        server.start();
        open.add(() -> server.stop(0));
        return server;
    }

    private Path lastPem() {
        return dir.resolve("server-" + (open.size() - 1) + ".pem");
    }

    private static void answer(HttpExchange exchange, List<Seen> seen, javax.net.ssl.SSLSession session) throws IOException {
        String sni = null;
        if (session instanceof ExtendedSSLSession extended) {
            sni = extended.getRequestedServerNames().stream().filter(n -> n instanceof SNIHostName)
                    .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse(null);
        }
        seen.add(new Seen(exchange.getRequestHeaders().getFirst("Host"), sni));
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    static OutboundRequest get(String url) {
        return assertInstanceOf(OutboundRequest.class, RequestBuilder.to("GET", url, "endpoint").build(true));
    }

    Outbound outbound(EgressPolicy policy, SSLContext tls) {
        return new Outbound(policy, Duration.ofSeconds(5), () -> tls);
    }

    static int send(Outbound outbound, String url) throws Exception {
        return outbound.call(get(url), "endpoint", null, System.nanoTime() + Duration.ofSeconds(5).toNanos(), 0, 1024)
                .status();
    }

    @Test
    void theCallGoesToTheCheckedAddressAndANewAnswerIsCheckedAnew() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        int port = plain(seen).getAddress().getPort();
        // First 127.0.0.1 (allowed), then 127.0.0.2 (loopback, not allowed): a rebinding name.
        Answers names = new Answers(List.of(List.of("127.0.0.1"), List.of("127.0.0.2")));
        Outbound outbound = outbound(new EgressPolicy(List.of(AddressRange.parse("127.0.0.1/32")), names),
                TrustedCertificates.context(null));
        assertEquals(204, send(outbound, "http://rebind.test:" + port + "/in"));
        assertEquals(List.of(new Seen("rebind.test:" + port, null)), seen, "the name travels in the Host header");
        assertEquals(List.of("rebind.test"), names.asked, "resolved once, by the policy");
        Outbound.Refused refused = assertThrows(Outbound.Refused.class, () -> send(outbound, "http://rebind.test:" + port + "/in"));
        assertEquals("The endpoint resolves to 127.0.0.2, which Bridgekeeper does not call (loopback); allow it with "
                + "--egress-allow.", refused.getMessage());
        assertEquals(1, seen.size(), "the refused call sent nothing");
    }

    @Test
    void aRefusedAddressIsNeverConnectedTo() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        int port = plain(seen).getAddress().getPort();
        Outbound outbound = outbound(EgressPolicy.of(List.of()), TrustedCertificates.context(null));
        for (String host : List.of("127.0.0.1", "localhost", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]")) {
            assertThrows(Outbound.Refused.class, () -> send(outbound, "http://" + host + ":" + port + "/"), host);
        }
        assertEquals(List.of(), seen);
        assertThrows(UnknownHostException.class, () -> send(outbound, "http://nowhere.invalid/"));
    }

    @Test
    void httpsByAddressSendsTheNameAsSniAndChecksTheCertificateAgainstIt() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        int port = tls(seen, "dns:pinned.test").getAddress().getPort();
        SSLContext trust = TrustedCertificates.context(lastPem());
        Answers names = new Answers(List.of(List.of("127.0.0.1")));
        Outbound outbound = outbound(new EgressPolicy(List.of(AddressRange.parse("127.0.0.0/8")), names), trust);
        assertEquals(204, send(outbound, "https://pinned.test:" + port + "/in"));
        assertEquals(204, send(outbound, "https://PINNED.test.:" + port + "/again"));
        assertEquals(new Seen("pinned.test:" + port, "pinned.test"), seen.getFirst());
        assertEquals("pinned.test", seen.get(1).sni());
    }

    @Test
    void aCertificateForTheConnectedAddressButNotTheNameIsRefused() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        // Valid for 127.0.0.1 (the address connected to) and another name, not for the URL's name.
        int port = tls(seen, "dns:other.test,ip:127.0.0.1").getAddress().getPort();
        SSLContext trust = TrustedCertificates.context(lastPem());
        Outbound outbound = outbound(new EgressPolicy(List.of(AddressRange.parse("127.0.0.0/8")),
                new Answers(List.of(List.of("127.0.0.1")))), trust);
        IOException failure = assertThrows(IOException.class, () -> send(outbound, "https://pinned.test:" + port + "/"));
        assertTrue(failure instanceof SSLHandshakeException || failure.getCause() instanceof javax.net.ssl.SSLException,
                failure.toString());
        assertEquals(List.of(), seen);
        // The same certificate does serve a call that names the address itself.
        assertEquals(204, send(outbound, "https://127.0.0.1:" + port + "/"));
        assertEquals(1, seen.size());
    }

    @Test
    void theOperatorsMappedAddressIsCalledUnchecked() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        int port = plain(seen).getAddress().getPort();
        Outbound outbound = outbound(EgressPolicy.of(List.of()), TrustedCertificates.context(null));
        var answer = outbound.call(get("http://idp.internal.example/token"), "endpoint",
                InetSocketAddress.createUnresolved("127.0.0.1", port), System.nanoTime() + Duration.ofSeconds(5).toNanos(),
                0, 1024);
        assertEquals(204, answer.status());
        assertEquals(List.of(new Seen("idp.internal.example", null)), seen);
    }
}
