package org.bridgekeeper.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One real PostgreSQL 15 for the whole test JVM, started on first use from Debian's
 * {@code postgresql-15} binaries and stopped at JVM exit; each caller gets a database of its own
 * ({@link #newDatabase()}). PostgreSQL refuses to run as root, and CI runs as root: then initdb
 * and pg_ctl run as the {@code postgres} user, in a temporary directory it owns. It listens on
 * 127.0.0.1 on a free port, with trust authentication for the user {@code bk}.
 *
 * <p>The cluster's collation is ICU's {@code en-US}, where {@code "a" < "B" < "_"} as people sort,
 * not as bytes do: the store's byte-order page tokens and prefix ranges are tested against a
 * collation that would break them if the schema did not ask for {@code "C"}.
 *
 * <p>Without the binaries a test asking for a database is skipped with the reason
 * ({@link Assumptions}), never passed silently; {@code .ci/run} installs them.
 */
public final class TestPostgres {

    /** Where Debian's postgresql-15 puts its binaries; {@code BRIDGEKEEPER_TEST_PG_BIN} overrides it. */
    static final Path BIN = Path.of(System.getenv().getOrDefault("BRIDGEKEEPER_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"));
    private static final String USER = "bk";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Cluster cluster;
    private static String failure;

    private TestPostgres() {}

    private record Cluster(Path dir, int port, boolean asPostgres) {
        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
        }
    }

    /** Whether the binaries are here. */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("postgres")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    /**
     * A new, empty database ({@code bk_<random>}) on the test JVM's PostgreSQL, as a JDBC URL with
     * its user; skips the calling test (with the reason) when PostgreSQL cannot run here.
     */
    public static String newDatabase() {
        Cluster c = cluster();
        String name = "bk_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        try (Connection admin = DriverManager.getConnection(c.url("postgres"));
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return c.url(name);
    }

    private static synchronized Cluster cluster() {
        Assumptions.assumeTrue(available(), "no PostgreSQL 15 binaries in " + BIN
                + " (apt-get install postgresql-15; .ci/run does): the PostgreSQL half of the store tests is skipped");
        Assumptions.assumeTrue(failure == null, () -> "PostgreSQL did not start here: " + failure);
        if (cluster == null) {
            try {
                cluster = start();
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
                throw new IllegalStateException("PostgreSQL 15 is installed but did not start: " + e.getMessage(), e);
            }
        }
        return cluster;
    }

    private static Cluster start() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("bk-test-pg-");
        Path data = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        if (root) {
            // The postgres user must own (and reach) the directory it runs in.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            run(List.of("chown", "postgres:", dir.toString()), false, dir);
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US", "--no-sync"), root, dir);
        // fsync off: a test cluster need not survive a power cut, and the machine's disk is shared.
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"), root, dir);
        Cluster started = new Cluster(dir, port, root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "test-postgres-stop"));
        return started;
    }

    private static void stop(Cluster c) {
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", c.dir().resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"), c.asPostgres(), c.dir());
        } catch (IOException | RuntimeException e) {
            // the JVM is exiting; the temporary directory says what was left
        }
        try (var files = Files.walk(c.dir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort, as above
        }
    }

    /** Runs {@code command} (as the postgres user when {@code asPostgres}); its output goes to the failure. */
    private static void run(List<String> command, boolean asPostgres, Path dir) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("bk-test-pg-", ".out");
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                        + Files.readString(output).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
