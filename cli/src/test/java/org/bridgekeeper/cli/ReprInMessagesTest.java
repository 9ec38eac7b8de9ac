package org.bridgekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages in which aws-cli prints a Python repr ({@code %r}, a list, a dict). Each place used
 * to quote by hand, always with single quotes and no escapes; Python picks double quotes for
 * {@code it's} and escapes control characters.
 */
class ReprInMessagesTest {

    private static final Instant NOW = Instant.parse("2026-11-24T22:03:00Z");

    @TempDir
    Path dir;

    private TranscriptsTest.Run run(CannedServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (server != null) {
            all.add("--endpoint-url");
            all.add("http://127.0.0.1:" + server.port());
        }
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "eu-west-1", "TZ", "UTC", "AWS_CONFIG_FILE", dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
        return TranscriptsTest.run(all, env, dir, NOW);
    }

    private static String err(TranscriptsTest.Run r) {
        return new String(r.stderr(), StandardCharsets.UTF_8);
    }

    @Test
    void argparseIntIsPythonsIntAndItsErrorARepr() {
        // The old int() dropped every underscore, so "_1" was 1.
        TranscriptsTest.Run r = run(null, "events", "list-rules", "--page-size", "_1");
        assertEquals(252, r.exitCode());
        assertTrue(err(r).contains("\naws: error: argument --page-size: invalid int value: '_1'\n"), err(r));
        r = run(null, "events", "list-rules", "--page-size", "it's");
        assertTrue(err(r).contains("\naws: error: argument --page-size: invalid int value: \"it's\"\n"), err(r));
    }

    @Test
    void ignoredExplicitArgumentIsARepr() {
        TranscriptsTest.Run r = run(null, "events", "list-rules", "--no-paginate=it's");
        assertEquals(252, r.exitCode());
        assertTrue(err(r).contains("argument --no-paginate: ignored explicit argument \"it's\""), err(r));
    }

    @Test
    void invalidChoiceIsARepr() {
        TranscriptsTest.Run r = run(null, "events", "list-rules\u0001");
        assertEquals(252, r.exitCode());
        assertTrue(err(r).contains("\n\nInvalid choice: 'list-rules\\x01', maybe you meant:\n\n  * list-rules"), err(r));
    }

    @Test
    void debugShowsTheArgumentsAsAPythonList() throws IOException {
        try (CannedServer server = new CannedServer(List.of(new Transcript.Canned(200, "{\"Rules\": []}")))) {
            TranscriptsTest.Run r = run(server, "events", "list-rules", "--name-prefix", "it's", "--debug");
            assertEquals(0, r.exitCode(), err(r));
            assertTrue(err(r).contains("Arguments entered to CLI: ['events', 'list-rules', '--name-prefix', \"it's\","
                    + " '--debug', '--endpoint-url', "), err(r));
        }
    }

    @Test
    void aRepeatedNextTokenIsShownAsADict() throws IOException {
        String page = "{\"Rules\": [], \"NextToken\": \"it's\"}";
        try (CannedServer server = new CannedServer(List.of(new Transcript.Canned(200, page),
                new Transcript.Canned(200, page)))) {
            TranscriptsTest.Run r = run(server, "events", "list-rules");
            assertEquals(255, r.exitCode());
            assertEquals("\nThe same next token was received twice: {'NextToken': \"it's\"}\n", err(r));
        }
    }
}
