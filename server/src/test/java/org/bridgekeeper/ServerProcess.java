package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bridgekeeper server} or {@code rotate-master-key} as a real separate process (the test's
 * class path, as CrashIT runs it): for exit codes, messages, an OS lock held by another process,
 * a real {@code kill -9}, and a umask of the test's choosing.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs {@code Main} with {@code args}, the environment plus {@code env}, under {@code umask} (null: the test's). */
    static ServerProcess start(Path logs, String umask, Map<String, String> env, String... args) throws IOException {
        Path log = Files.createTempFile(logs, "server", ".log");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "org.bridgekeeper.Main"));
        java.addAll(List.of(args));
        List<String> command = java;
        if (umask != null) {
            // exec: the shell becomes the JVM, so that the pid and a kill reach it.
            command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
            command.addAll(java);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new ServerProcess(builder.start(), log);
    }

    static ServerProcess server(Path logs, Path dataDir, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        return start(logs, null, Map.of(), args.toArray(String[]::new));
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the process to end (it must, within 60 s) and returns its exit code. */
    int exitCode() throws InterruptedException {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not exit: " + output());
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** The port once /health answers 200 there (read from the "listening on" line). */
    int awaitPort() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        int[] port = new int[1];
        Await.until("the server to start", Duration.ofSeconds(60), () -> {
            assertTrue(process.isAlive(), "the server exited: " + output());
            var m = java.util.regex.Pattern.compile("listening on http://[^:]+:(\\d+)").matcher(output());
            if (!m.find()) {
                return false;
            }
            try {
                var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                port[0] = Integer.parseInt(m.group(1));
                return health.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        return port[0];
    }

    /** SIGKILL, and wait until it is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill9();
    }
}
