package org.bridgekeeper.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's start-up goes, for measuring it (docs/cli.md, "Start-up"): with
 * {@code BRIDGEKEEPER_CLI_TIMING} set, {@link Main} prints each phase's end as milliseconds
 * since the JVM started, on stderr after the command. Off, a mark is one field read.
 */
final class Timing {

    private static final boolean ON = System.getenv("BRIDGEKEEPER_CLI_TIMING") != null;
    private static final List<String> NAMES = ON ? new ArrayList<>() : null;
    private static final List<Long> TIMES = ON ? new ArrayList<>() : null;

    private Timing() {
    }

    static void mark(String phase) {
        if (ON) {
            NAMES.add(phase);
            TIMES.add(System.nanoTime());
        }
    }

    /**
     * The JVM's uptime is read once, at the end (the management classes it takes would otherwise
     * be counted in the phases), and each mark placed back from it.
     */
    static void report(PrintStream err) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        long previous = -1;
        for (int i = 0; i < NAMES.size(); i++) {
            long at = uptime - (now - TIMES.get(i)) / 1_000_000;
            err.print("timing " + NAMES.get(i) + " " + at + " ms" + (previous < 0 ? "" : " (+" + (at - previous) + ")")
                    + "\n");
            previous = at;
        }
    }
}
