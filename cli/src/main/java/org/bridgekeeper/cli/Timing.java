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
    private static final List<Long> CPU = ON ? new ArrayList<>() : null;

    private Timing() {
    }

    static void mark(String phase) {
        if (ON) {
            NAMES.add(phase);
            TIMES.add(System.nanoTime());
            CPU.add(threadCpuNanos());
        }
    }

    /**
     * The main thread's time on a CPU so far (Linux's schedstat), or -1: unlike the wall time,
     * it does not grow when other processes hold the CPUs (the machine this was measured on was shared).
     */
    private static long threadCpuNanos() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat"));
            return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
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
            long cpu = i == 0 || CPU.get(i) < 0 ? -1 : (CPU.get(i) - CPU.get(i - 1)) / 100_000;
            err.print("timing " + NAMES.get(i) + " " + at + " ms" + (previous < 0 ? "" : " (+" + (at - previous) + ")")
                    + (cpu < 0 ? "" : " cpu +" + cpu / 10 + "." + cpu % 10) + "\n");
            previous = at;
        }
    }
}
