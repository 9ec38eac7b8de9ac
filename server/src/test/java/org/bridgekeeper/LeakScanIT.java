package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bench/leak-scan.sh, small: known secrets through BASIC, API key and OAuth connections (the AWS
 * CLI v1 and v2 with --debug, boto3 with debug logging, raw calls through the invoker), then no
 * secret in the data dir (WAL and SHM included), the debug-level server log or any answer. The
 * server is a real separate process from this build's classes. A client that is not installed is
 * skipped by the script and named in its output (printed here); the raw calls always run.
 */
class LeakScanIT {

    @Test
    void noSecretReachesDiskLogsOrAnswers() throws Exception {
        Path script = Path.of("..", "bench", "leak-scan.sh").toAbsolutePath().normalize();
        assumeTrue(Files.exists(script), "bench/leak-scan.sh not found from " + Path.of("").toAbsolutePath());
        assumeTrue(available("python3", "--version"), "python3 is not installed");
        String server = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.bridgekeeper.Main");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--port", String.valueOf(freePort()))
                .redirectErrorStream(true);
        // One OAuth life per command-line client (the slow ones); boto3 and the raw calls do all three types.
        pb.environment().putAll(java.util.Map.of("BK_SERVER_CMD", server, "COUNT", "1",
                "CLI_TYPES", "OAUTH_CLIENT_CREDENTIALS"));
        Process scan = pb.start();
        scan.getOutputStream().close();
        String output = new String(scan.getInputStream().readAllBytes());
        assertTrue(scan.waitFor(180, TimeUnit.SECONDS), "leak scan did not finish");
        System.out.println(output);
        assertEquals(0, scan.exitValue(), output);
    }

    private static boolean available(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
