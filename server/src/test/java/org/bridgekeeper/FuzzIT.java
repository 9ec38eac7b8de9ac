package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/fuzz.py with a small count against the in-process server: malformed and mutated requests
 * get no 5xx, no hang, and the server keeps answering its health check. The long run (10,000
 * requests, memory watched) is a documented command in bench/README.md.
 */
class FuzzIT {

    @TempDir
    Path dataDir;

    @Test
    void malformedRequestsNeverBreakTheServer() throws Exception {
        Path script = Path.of("..", "bench", "fuzz.py").toAbsolutePath().normalize();
        assumeTrue(Files.exists(script), "bench/fuzz.py not found from " + Path.of("").toAbsolutePath());
        try (TestServer server = new TestServer(dataDir)) {
            Process fuzz = new ProcessBuilder("python3", script.toString(), "--port", String.valueOf(server.endpoint().getPort()),
                    "--count", "1000", "--seed", "42", "--max-seconds", "240")
                    .redirectErrorStream(true).start();
            fuzz.getOutputStream().close();
            String output = new String(fuzz.getInputStream().readAllBytes());
            org.junit.jupiter.api.Assertions.assertTrue(fuzz.waitFor(300, TimeUnit.SECONDS), "fuzz did not finish");
            assertEquals(0, fuzz.exitValue(), output);
        }
    }
}
