package org.bridgekeeper.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.DoubleSupplier;

/**
 * Everything the CLI reads from its surroundings, injected so that a test can run a command
 * in-process with a fixed environment: variables, the working directory (relative
 * {@code file://} paths), the home directory ({@code ~/.aws}), whether stdin and stdout are
 * terminals, the terminal width, the time zone timestamps are shown in ({@code TZ}), and the
 * retry backoff (a sleep and a random source).
 */
public record Environment(Map<String, String> variables, Path workingDir, Path home, boolean stdinTty,
                          boolean stdoutTty, int terminalWidth, ZoneId zone, LongConsumer sleeper,
                          DoubleSupplier random) {

    /** The real process environment. */
    public static Environment system() {
        Map<String, String> env = System.getenv();
        String tty = System.getProperty("bridgekeeper.tty");
        boolean stdin;
        boolean stdout;
        if (tty != null) {
            stdin = tty.contains("i");
            stdout = tty.contains("o");
        } else {
            stdin = System.console() != null;
            stdout = stdin;
        }
        int width = 80;
        String columns = System.getProperty("bridgekeeper.columns");
        if (stdout && columns != null && columns.matches("\\d+") && Integer.parseInt(columns) > 0) {
            width = Integer.parseInt(columns);
        }
        return new Environment(env, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")), stdin,
                stdout, width, zone(env.get("TZ")), Environment::sleep, Math::random);
    }

    /** {@code TZ} as Python reads it (an IANA name, or {@code UTC}); the system zone otherwise. */
    public static ZoneId zone(String tz) {
        if (tz != null && !tz.isEmpty()) {
            try {
                return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
            } catch (RuntimeException e) {
                return ZoneId.of("UTC");
            }
        }
        return systemZone();
    }

    /** The names of UTC among the system's zone files (as /etc/timezone or /etc/localtime name them). */
    private static final java.util.Set<String> UTC_NAMES = java.util.Set.of("UTC", "UCT", "Universal", "Zulu",
            "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT",
            "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich");

    /**
     * The system's zone. {@code ZoneId.systemDefault()} loads the JDK's whole time zone database
     * (15-40 ms of a CLI call measured here); a system set to UTC, as servers and containers
     * usually are, is recognised first from {@code /etc/timezone} or the {@code /etc/localtime}
     * link, where the JDK itself looks, without it.
     */
    static ZoneId systemZone() {
        String property = System.getProperty("user.timezone");
        if (property == null || property.isEmpty()) {
            try {
                Path timezone = Path.of("/etc/timezone");
                String name = java.nio.file.Files.isRegularFile(timezone)
                        ? java.nio.file.Files.readString(timezone).trim()
                        : zoneInfoName(java.nio.file.Files.readSymbolicLink(Path.of("/etc/localtime")).toString());
                if (UTC_NAMES.contains(name)) {
                    return java.time.ZoneOffset.UTC;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not a system that says so this way: ask the JDK
            }
        }
        return ZoneId.systemDefault();
    }

    /** {@code Etc/UTC} of {@code /usr/share/zoneinfo/Etc/UTC}. */
    private static String zoneInfoName(String target) {
        int at = target.indexOf("zoneinfo/");
        return at < 0 ? target : target.substring(at + "zoneinfo/".length());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String get(String name) {
        return variables.get(name);
    }
}
