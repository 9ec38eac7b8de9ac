package org.bridgekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bridgekeeper events} unchanged against a server that verifies signatures and serves
 * HTTPS: the server jar runs as its own process with {@code --auth verify}, a credentials file
 * and a certificate this test makes with keytool; its start-up line says {@code https://}. The
 * CLI signs with the file's key (from the environment, as the AWS CLI takes it) and trusts the
 * certificate through {@code --ca-bundle}; a wrong secret gets AWS's text.
 */
class ServerAuthIT {

    static final String KEY = "AKIACLIAUTHTEST00001";
    static final String SECRET = "cli-secret-77a1c0b3e9";

    @TempDir
    static Path dir;
    static Process server;
    static String endpoint;
    static Path caBundle;

    @BeforeAll
    static void startServer() throws Exception {
        Path jar = Path.of(System.getProperty("bridgekeeper.server.jar", "../server/target/bridgekeeper.jar"));
        assertTrue(Files.exists(jar), "build the server first: " + jar.toAbsolutePath());
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[cli]\naws_access_key_id = " + KEY + "\naws_secret_access_key = " + SECRET
                + "\naws_account_id = 135792468024\n");
        Path store = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        caBundle = dir.resolve("server.pem");
        keytool("-exportcert", "-alias", "server", "-keystore", store.toString(), "-storepass", "changeit", "-rfc",
                "-file", caBundle.toString());
        Path key = dir.resolve("server.key");
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, "changeit".toCharArray());
            PrivateKey pk = (PrivateKey) ks.getKey("server", "changeit".toCharArray());
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pk.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-jar", jar.toString(), "server", "--port", "0", "--data-dir",
                dir.resolve("data").toString(), "--auth", "verify", "--credentials-file", credentials.toString(),
                "--tls-cert", caBundle.toString(), "--tls-key", key.toString()).redirectErrorStream(true).start();
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on https://[^:]+:(\\d+) \\(.*auth verify \\(1 key from ");
        List<String> seen = new ArrayList<>();
        for (String line = log.readLine(); line != null; line = log.readLine()) {
            seen.add(line);
            Matcher m = listening.matcher(line);
            if (m.find()) {
                endpoint = "https://localhost:" + m.group(1);
                break;
            }
        }
        assertTrue(endpoint != null, "no https start-up line: " + seen);
        Thread drain = new Thread(() -> {
            try {
                while (log.readLine() != null) {
                    // keep the pipe from filling
                }
            } catch (IOException e) {
                // server gone
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static TranscriptsTest.Run cli(String secret, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", endpoint, "--ca-bundle", caBundle.toString()));
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_DEFAULT_REGION", "ap-southeast-2", "TZ", "UTC", "AWS_CONFIG_FILE", dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
        return TranscriptsTest.run(all, env, dir, Instant.now());
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theCliSignsWithTheFilesKeyOverHttps() {
        TranscriptsTest.Run created = cli(SECRET, "events", "create-connection", "--name", "cli-verified",
                "--authorization-type", "BASIC", "--auth-parameters", "BasicAuthParameters={Username=u,Password=p}");
        assertEquals(0, created.exitCode(), text(created.stderr()));
        assertTrue(text(created.stdout()).contains("arn:aws:events:ap-southeast-2:135792468024:connection/cli-verified/"),
                text(created.stdout()));
        TranscriptsTest.Run listed = cli(SECRET, "events", "list-connections", "--query", "Connections[].Name");
        assertEquals(0, listed.exitCode(), text(listed.stderr()));
        assertTrue(text(listed.stdout()).contains("cli-verified"));
        TranscriptsTest.Run letters = cli(SECRET, "extensions", "list-dead-letters");
        assertEquals(0, letters.exitCode(), text(letters.stderr()));
    }

    @Test
    void aWrongSecretGetsAwsText() {
        TranscriptsTest.Run wrong = cli("not-the-secret", "events", "list-connections");
        assertEquals(254, wrong.exitCode());
        String err = text(wrong.stderr());
        assertTrue(err.contains("An error occurred (InvalidSignatureException) when calling the ListConnections operation:"
                + " The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                + " Access Key and signing method. Consult the service documentation for details."), err);
        assertTrue(!err.contains("not-the-secret") && !err.contains(SECRET), err);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    }
}
