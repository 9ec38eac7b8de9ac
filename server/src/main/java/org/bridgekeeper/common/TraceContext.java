package org.bridgekeeper.common;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the {@code traceparent} an event
 * carries from PutEvents to every invocation it causes, so that a receiver's traces join the
 * sender's. The request's own {@code traceparent} is kept for the request's thread by the HTTP
 * layer ({@link #incoming}); a delivery gets a child of it (same trace id and flags, a span id of
 * its own), or a new sampled trace when the request had none or an invalid one.
 */
public final class TraceContext {

    private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final ThreadLocal<String> INCOMING = new ThreadLocal<>();

    private TraceContext() {}

    /** Runs {@code work} with the request's {@code traceparent} header (or null) as the incoming context. */
    public static <T> T with(String traceparent, java.util.function.Supplier<T> work) {
        INCOMING.set(traceparent);
        try {
            return work.get();
        } finally {
            INCOMING.remove();
        }
    }

    /** The incoming {@code traceparent} of the request this thread serves, or null. */
    public static String incoming() {
        return INCOMING.get();
    }

    /**
     * The {@code traceparent} to send on behalf of {@code parent}: its trace id and flags with a new
     * span id, or a new sampled trace when {@code parent} is null or not a valid traceparent.
     */
    public static String child(String parent) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String span = nonZeroHex(random, 16);
        if (parent != null) {
            var m = TRACEPARENT.matcher(parent.trim().toLowerCase(java.util.Locale.ROOT));
            // Version ff is invalid; version 00 has nothing after the flags; the ids are never all zeros.
            if (m.matches() && !m.group(1).equals("ff") && !(m.group(1).equals("00") && m.group(5) != null)
                    && !m.group(2).equals(ZERO_TRACE) && !m.group(3).equals(ZERO_SPAN)) {
                return "00-" + m.group(2) + "-" + span + "-" + m.group(4);
            }
        }
        return "00-" + nonZeroHex(random, 32) + "-" + span + "-01";
    }

    /** The trace id of a valid traceparent, or null. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var m = TRACEPARENT.matcher(traceparent);
        return m.matches() ? m.group(2) : null;
    }

    private static String nonZeroHex(ThreadLocalRandom random, int digits) {
        StringBuilder out = new StringBuilder(digits);
        while (true) {
            out.setLength(0);
            for (int i = 0; i < digits; i += 16) {
                String part = Long.toHexString(random.nextLong());
                out.append("0".repeat(16 - part.length())).append(part);
            }
            out.setLength(digits);
            if (out.chars().anyMatch(c -> c != '0')) {
                return out.toString();
            }
        }
    }
}
