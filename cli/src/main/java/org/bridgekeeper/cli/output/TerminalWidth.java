package org.bridgekeeper.cli.output;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width awscli's table wraps at: the terminal's columns when stdout is a terminal, else 80.
 * Python asks the kernel (TIOCGWINSZ); Java cannot, so we ask {@code stty} about the controlling
 * terminal, and only when stdout is one (never on the piped, scripted path).
 */
final class TerminalWidth {
    static final int DEFAULT = 80;

    private TerminalWidth() {}

    static int ofStdout() {
        if (!stdoutIsTerminal()) {
            return DEFAULT;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!stty.waitFor(1, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                return DEFAULT;
            }
            String[] rowsColumns = answer.split(" ");
            int columns = Integer.parseInt(rowsColumns[rowsColumns.length - 1]);
            return columns > 0 ? columns : DEFAULT;
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT;
        }
    }

    /**
     * Whether file descriptor 1 is a terminal, as Python's {@code isatty(stdout)} asks. On Linux
     * the link /proc/self/fd/1 answers without loading the console machinery; elsewhere JDK 21
     * has a console only when stdin and stdout are terminals, and later JDKs always have one and
     * answer with {@code isTerminal()} (called reflectively to stay on release 21).
     */
    static boolean stdoutIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux: fall through
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
