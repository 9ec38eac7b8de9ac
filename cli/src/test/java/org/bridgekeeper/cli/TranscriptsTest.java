package org.bridgekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bridgekeeper.sigv4.SigV4;
import org.bridgekeeper.sigv4.Verification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every golden transcript of aws-cli 2.9.19 (and the two of a newer aws-cli): the canned
 * response is served by a real local HTTP server, the command runs in-process with the
 * transcript's clock and a fixed environment, and stdout, stderr and the exit code must match
 * byte for byte; each request received must carry the same body bytes, target, content type,
 * date and credential scope, and a signature that verifies (the port differs from the
 * transcript's, so the signature itself differs; SigV4Test reproduces the original ones).
 *
 * <p>Documented deviations (see docs/cli.md): the four transcripts whose text depends on the
 * 2.9.19 model are compared with the text for the current model (current-model/*), and the two
 * 2.9.19 runs of options that model did not have are replaced by their newer-cli goldens.
 */
class TranscriptsTest {

    /** aws-cli 2.9.19 did not know these options; the *.newer-cli.txt goldens cover them. */
    static final Set<String> WRONG_FOR_OUR_MODEL = Set.of("new-kms-and-connectivity", "new-update-kms");

    private static final DateTimeFormatter AMZ =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static Path dir() {
        try {
            return Path.of(TranscriptsTest.class.getResource("/transcripts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> transcripts() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            // The 2.9.19 transcripts of commands that CLI did not know (its "Unknown options" answer)
            // are not goldens for our model, which has those options: their *.newer-cli.txt twins are.
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt"))
                    .filter(n -> !WRONG_FOR_OUR_MODEL.contains(n.substring(0, n.length() - ".txt".length())))
                    .sorted().toList().stream();
        }
    }

    record Run(int exitCode, byte[] stdout, byte[] stderr) {
    }

    static Run run(List<String> args, Map<String, String> env, Path workingDir, Instant now) {
        return run(args, env, workingDir, List.of(now));
    }

    /**
     * Runs with a clock that shows {@code times.get(n)} after the n-th retry backoff: the
     * transcripts' retried requests carry the dates aws-cli signed them with.
     */
    static Run run(List<String> args, Map<String, String> env, Path workingDir, List<Instant> times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] sleeps = {0};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return times.get(Math.min(sleeps[0], times.size() - 1));
            }
        };
        Environment environment = new Environment(env, workingDir, workingDir.resolve("no-home"), false, false, 80,
                ZoneId.of("UTC"), millis -> sleeps[0]++, () -> 0.5);
        int rc = Cli.run(args.toArray(String[]::new), environment, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                clock);
        return new Run(rc, out.toByteArray(), err.toByteArray());
    }

    static Map<String, String> transcriptEnv(Path inputs) {
        return Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_CONFIG_FILE", inputs.resolve("aws-config").toString(), "AWS_SHARED_CREDENTIALS_FILE",
                inputs.resolve("no-credentials").toString(), "TZ", "UTC");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void replays(String file) throws IOException {
        Transcript t = Transcript.read(dir().resolve(file));
        Path inputs = dir().resolve("inputs");
        List<Instant> times = new ArrayList<>();
        t.requests().forEach(q -> times.add(AMZ.parse(q.headers().get("x-amz-date"), Instant::from)));
        if (times.isEmpty()) {
            times.add(Instant.parse("2026-11-24T22:03:00Z"));
        }
        List<Transcript.Canned> canned = t.responses().isEmpty() ? List.of(new Transcript.Canned(500, ""))
                : t.responses();
        try (CannedServer server = new CannedServer(canned)) {
            List<String> args = new ArrayList<>();
            for (String a : t.args()) {
                args.add(a.replace("http://127.0.0.1:47311", "http://127.0.0.1:" + server.port()));
            }
            Run r = run(args, transcriptEnv(inputs), inputs, times);

            assertEquals(new String(expected(t, "stderr", t.stderr()), StandardCharsets.UTF_8),
                    new String(r.stderr(), StandardCharsets.UTF_8), "stderr");
            assertEquals(new String(expected(t, "stdout", t.stdout()), StandardCharsets.UTF_8),
                    new String(r.stdout(), StandardCharsets.UTF_8), "stdout");
            assertArrayEquals(expected(t, "stdout", t.stdout()), r.stdout(), "stdout bytes");
            assertArrayEquals(expected(t, "stderr", t.stderr()), r.stderr(), "stderr bytes");
            assertEquals(t.exitCode(), r.exitCode(), "exit code");
            assertEquals(t.requests().size(), server.received().size(), "number of requests");
            for (int i = 0; i < t.requests().size(); i++) {
                checkRequest(t.requests().get(i), server.received().get(i), server.port());
            }
        }
    }

    /** The golden output, or its current-model version where the 2.9.19 text depends on the old model. */
    static byte[] expected(Transcript t, String stream, byte[] golden) throws IOException {
        Path current = dir().resolve("current-model").resolve(t.name() + "." + stream);
        return Files.exists(current) ? Files.readAllBytes(current) : golden;
    }

    static void checkRequest(Transcript.Request want, CannedServer.Received got, int port) {
        assertEquals("POST", got.method());
        assertEquals("/", got.path());
        assertEquals(new String(want.body(), StandardCharsets.UTF_8), new String(got.body(), StandardCharsets.UTF_8),
                "request body");
        assertArrayEquals(want.body(), got.body(), "request body bytes");
        for (String h : List.of("x-amz-target", "content-type", "x-amz-date", "accept-encoding")) {
            assertEquals(want.headers().get(h), got.headers().get(h), h);
        }
        assertEquals("127.0.0.1:" + port, got.headers().get("host"));
        String wantAuth = want.headers().get("authorization");
        String gotAuth = got.headers().get("authorization");
        assertEquals(wantAuth.substring(0, wantAuth.indexOf("Signature=")),
                gotAuth.substring(0, gotAuth.indexOf("Signature=")), "credential scope and signed headers");
        Instant signedAt = AMZ.parse(want.headers().get("x-amz-date"), Instant::from);
        Verification v = SigV4.verify("POST", got.path(), "", got.headers(), got.body(),
                key -> Optional.ofNullable(Map.of("test", "test", "wirekey", "wiresecret").get(key)), signedAt);
        assertTrue(v instanceof Verification.Verified, "signature verifies: " + v);
    }
}
