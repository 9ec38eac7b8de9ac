package org.bridgekeeper;

import org.bridgekeeper.common.JsonText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The server's log: one line per record on standard error, at the configured level for our loggers
 * only; as text, or as one JSON object per line ({@code --log-format json}) for log shippers.
 */
final class Logging {

    private Logging() {}

    static void configure(String level) {
        configure(level, "text");
    }

    static void configure(String level, String format) {
        // The JDK's SimpleFormatter in this format, should anything use one; the server's lines are TextLines'.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n");
        Manager.resetting = true;
        try {
            LogManager.getLogManager().reset();
        } finally {
            Manager.resetting = false;
        }
        Level jul = switch (level) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            default -> Level.INFO;
        };
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(format.equals("json") ? new JsonLines() : new TextLines());
        handler.setLevel(jul);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        // Debug detail for our own loggers only: libraries stay at info.
        Logger.getLogger("bridgekeeper").setLevel(jul);
        Logger.getLogger("bridgekeeper.api").setLevel(jul);
        Logger.getLogger("bridgekeeper.delivery").setLevel(jul);
        Logger.getLogger("bridgekeeper.connections").setLevel(jul);
    }

    /**
     * The JDK's log manager, except that it keeps its handlers at exit: the JDK's own shutdown hook
     * resets them, which would drop the lines the server writes while it stops ("Bridgekeeper
     * stopped"). Installed by {@link #install} before anything logs.
     */
    public static final class Manager extends LogManager {
        static volatile boolean resetting;

        @Override
        public void reset() {
            if (resetting) {
                super.reset();
            }
        }
    }

    /** Makes {@link Manager} the log manager, unless one is chosen already; call first thing in main. */
    static void install() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", Manager.class.getName());
        }
    }

    /**
     * {@code 2026-12-02T10:00:00.123Z INFO    bridgekeeper.delivery: message}, then the stack trace if
     * any: the JDK's SimpleFormatter in the format {@code %1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n},
     * written without it, because SimpleFormatter asks every record for its source class, which walks
     * the caller's stack, and formats through {@code String.format}: with a line per delivery
     * that was a visible part of a delivery's CPU (issue 13, bench/README.md). The time is the local
     * time, as SimpleFormatter's was.
     */
    static final class TextLines extends Formatter {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

        @Override
        public String format(LogRecord record) {
            StringBuilder out = new StringBuilder(160);
            TIME.formatTo(record.getInstant().atZone(java.time.ZoneId.systemDefault()), out);
            String level = record.getLevel().getLocalizedName();
            out.append(' ').append(level);
            for (int pad = level.length(); pad < 7; pad++) {
                out.append(' ');
            }
            out.append(' ').append(record.getLoggerName()).append(": ").append(formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                PrintWriter writer = new PrintWriter(trace);
                writer.println();
                record.getThrown().printStackTrace(writer);
                writer.close();
                out.append(trace);
            }
            return out.append(System.lineSeparator()).toString();
        }
    }

    /**
     * {@code {"time":"2026-12-02T10:00:00.123Z","level":"INFO","logger":"bridgekeeper.delivery","message":"...",
     * "error":"...stack trace..."}}, one per line; levels as System.Logger names them.
     */
    static final class JsonLines extends Formatter {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord record) {
            StringBuilder out = new StringBuilder(256).append("{\"time\":\"")
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append("\",\"level\":\"")
                    .append(level(record.getLevel())).append("\",\"logger\":");
            JsonText.quote(out, record.getLoggerName());
            out.append(",\"message\":");
            JsonText.quote(out, formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                out.append(",\"error\":");
                JsonText.quote(out, trace.toString());
            }
            return out.append("}\n").toString();
        }

        private static String level(Level level) {
            int v = level.intValue();
            return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN"
                    : v >= Level.INFO.intValue() ? "INFO" : v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }
}
