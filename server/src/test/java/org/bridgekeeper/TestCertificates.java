package org.bridgekeeper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA and a server certificate it signed for {@code localhost} and {@code 127.0.0.1},
 * made by the JDK's own keytool (no other tool needed), written as the PEM files the server and
 * the clients take: {@code ca.pem}, {@code server.pem} and {@code server.key} (PKCS#8).
 */
final class TestCertificates {

    final Path dir;
    final Path caPem;
    final Path certPem;
    final Path keyPem;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caPem = dir.resolve("ca.pem");
        this.certPem = dir.resolve("server.pem");
        this.keyPem = dir.resolve("server.key");
    }

    /** @param keyAlgorithm {@code RSA} or {@code EC}, the server key's */
    static TestCertificates make(Path dir, String keyAlgorithm) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates c = new TestCertificates(dir);
        String ca = dir.resolve("ca.p12").toString();
        String server = dir.resolve("server.p12").toString();
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Bridgekeeper Test CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "2",
                "-keystore", ca, "-storetype", "PKCS12", "-storepass", "changeit");
        List<String> pair = new ArrayList<>(List.of("-genkeypair", "-alias", "server", "-keyalg", keyAlgorithm,
                "-dname", "CN=localhost", "-validity", "2", "-keystore", server, "-storetype", "PKCS12", "-storepass",
                "changeit"));
        pair.addAll(keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        keytool(pair.toArray(String[]::new));
        keytool("-certreq", "-alias", "server", "-keystore", server, "-storepass", "changeit", "-file",
                dir.resolve("server.csr").toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca, "-storepass", "changeit", "-infile",
                dir.resolve("server.csr").toString(), "-outfile", c.certPem.toString(), "-rfc", "-validity", "2",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-ext", "eku=serverAuth", "-ext", "ku:c=digitalSignature,keyEncipherment");
        keytool("-exportcert", "-alias", "ca", "-keystore", ca, "-storepass", "changeit", "-rfc", "-file",
                c.caPem.toString());
        Files.writeString(c.keyPem, pkcs8(privateKey(Path.of(server), "server")));
        return c;
    }

    static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static PrivateKey privateKey(Path p12, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            return (PrivateKey) store.getKey(alias, "changeit".toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Trust in the test CA only, for a client. */
    TrustManagerFactory trust() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    SSLContext clientContext() throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust().getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
