package org.bridgekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviours of the command line beyond the transcripts: the output skeleton's required options,
 * the marks of unserved commands in {@code events help}, and the credentials hint for the local
 * server.
 */
class CommandLineTest {

    private static final Instant NOW = Instant.parse("2026-11-24T22:03:00Z");
    private static final String USAGE = "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
            + "To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n";

    @TempDir
    Path dir;

    private TranscriptsTest.Run run(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("TZ", "UTC", "AWS_CONFIG_FILE", dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString()));
        env.putAll(extraEnv);
        return TranscriptsTest.run(List.of(args), env, dir, NOW);
    }

    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_DEFAULT_REGION", "us-east-1");

    private static String out(TranscriptsTest.Run r) {
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    private static String err(TranscriptsTest.Run r) {
        return new String(r.stderr(), StandardCharsets.UTF_8);
    }

    @Test
    void theOutputSkeletonStillNeedsTheRequiredOptions() {
        TranscriptsTest.Run missing = run(KEYS, "events", "create-connection", "--generate-cli-skeleton", "output");
        assertEquals(252, missing.exitCode());
        assertEquals(USAGE + "aws: error: the following arguments are required: --name, --authorization-type, "
                + "--auth-parameters\n\n", err(missing));
        assertEquals("", out(missing));

        TranscriptsTest.Run some = run(KEYS, "events", "create-connection", "--generate-cli-skeleton", "output", "--name", "n");
        assertEquals(252, some.exitCode());
        assertTrue(err(some).endsWith("the following arguments are required: --authorization-type, --auth-parameters\n\n"));

        TranscriptsTest.Run complete = run(KEYS, "events", "create-connection", "--generate-cli-skeleton", "output",
                "--name", "n", "--authorization-type", "BASIC", "--auth-parameters", "BasicAuthParameters={Username=u,Password=p}");
        assertEquals(0, complete.exitCode(), err(complete));
        assertTrue(out(complete).contains("\"ConnectionArn\": \"ConnectionArn\""));

        // The input skeletons (and a literal --cli-input-json) still waive them, as in aws-cli.
        assertEquals(0, run(KEYS, "events", "create-connection", "--generate-cli-skeleton").exitCode());
        assertEquals(0, run(KEYS, "events", "create-connection", "--generate-cli-skeleton", "input").exitCode());
        assertEquals(0, run(KEYS, "events", "create-connection", "--generate-cli-skeleton", "yaml-input").exitCode());
        // aws-cli looks only at the argument right after the literal option.
        TranscriptsTest.Run equals = run(KEYS, "events", "create-connection", "--generate-cli-skeleton=output");
        assertEquals(252, equals.exitCode());
    }

    @Test
    void eventsHelpMarksTheCommandsTheServerDoesNotServe() {
        TranscriptsTest.Run help = run(KEYS, "events", "help");
        assertEquals(0, help.exitCode());
        String text = out(help);
        assertTrue(text.contains("       o create-connection\n\n"), text);
        assertTrue(text.contains("       o put-permission\n\n"), text);
        assertTrue(text.contains("       o activate-event-source" + Help.NOT_SERVED + "\n\n"), text);
        assertTrue(text.contains("answers UnknownOperationException to those marked"));
        // Every command of Bridgekeeper's own service is served: no marks there.
        assertFalse(out(run(KEYS, "extensions", "help")).contains(Help.NOT_SERVED));
    }

    @Test
    void withoutCredentialsTheLocalServersUsersAreToldHowToGoOn() throws IOException {
        Map<String, String> none = Map.of("AWS_DEFAULT_REGION", "us-east-1");
        TranscriptsTest.Run local = run(none, "events", "list-connections");
        assertEquals(253, local.exitCode());
        assertEquals("\nUnable to locate credentials. You can configure credentials by running \"aws configure\"."
                + Caller.LOCAL_CREDENTIALS_HINT + "\n", err(local));
        assertTrue(err(local).contains("--no-sign-request"));
        assertTrue(err(local).contains("AWS_ACCESS_KEY_ID"));

        // Another endpoint: aws-cli's text alone.
        TranscriptsTest.Run remote = run(none, "events", "list-connections", "--endpoint-url", "http://127.0.0.1:9");
        assertEquals(253, remote.exitCode());
        assertEquals("\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
                err(remote));
    }

    @Test
    void theSystemZoneShortcutAgreesWithTheJdk() {
        java.time.Instant now = java.time.Instant.now();
        assertEquals(java.time.ZoneId.systemDefault().getRules().getOffset(now),
                Environment.zone(null).getRules().getOffset(now));
        assertEquals(java.time.ZoneId.systemDefault().getRules().getOffset(NOW),
                Environment.zone("").getRules().getOffset(NOW));
    }
}
