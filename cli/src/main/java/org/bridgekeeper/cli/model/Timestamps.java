package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as the AWS CLI shows them: Python's {@code datetime.isoformat()} in the local zone
 * ({@code 2023-11-14T22:13:20+00:00}, or {@code .123000} when there is a fraction: always six
 * digits, rounded half-even as {@code datetime.fromtimestamp} does).
 */
public final class Timestamps {

    /**
     * The formatters, for years outside 1-9999 only: the usual case is written by hand, as a
     * formatter's pattern parse and {@code String.format} cost a CLI command milliseconds of its
     * start-up (docs/cli.md, "Start-up"). The test holds the two to the same text.
     */
    private static final class Formatters {
        static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
        static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");
    }

    private Timestamps() {
    }

    /** The ISO text of a wire timestamp (epoch seconds, or an ISO string), or {@code null}. */
    public static String iso(JsonNode wire, ZoneId zone) {
        long totalMicros;
        if (wire.isNumber()) {
            Long fast = wire.isDouble() ? micros(wire.doubleValue())
                    : wire.isIntegralNumber() && wire.canConvertToLong() ? micros(wire.longValue()) : null;
            totalMicros = fast != null ? fast
                    : wire.decimalValue().movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } else if (wire.isTextual()) {
            Instant parsed = parseText(wire.textValue());
            if (parsed == null) {
                return null;
            }
            Long fast = micros(parsed.getEpochSecond());
            totalMicros = fast != null ? Math.addExact(fast, parsed.getNano() / 1000)
                    : BigDecimal.valueOf(parsed.getEpochSecond()).movePointRight(6)
                            .add(BigDecimal.valueOf(parsed.getNano() / 1000)).longValueExact();
        } else {
            return null;
        }
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(totalMicros, 1_000_000L),
                Math.floorMod(totalMicros, 1_000_000L) * 1000L);
        ZonedDateTime t = instant.atZone(zone);
        return isoText(t);
    }

    /*
     * Microseconds in a long, without BigDecimal where it can be done exactly: the first
     * BigDecimal of a process costs the CLI 10 ms and more (its class initialisation, measured
     * with the AOT cache). Null where the value is out of reach (then BigDecimal decides, as before).
     */

    private static Long micros(long seconds) {
        if (seconds > Long.MAX_VALUE / 1_000_000 || seconds < Long.MIN_VALUE / 1_000_000) {
            return null;
        }
        return seconds * 1_000_000;
    }

    /**
     * {@code BigDecimal.valueOf(seconds).movePointRight(6).setScale(0, HALF_EVEN)}: the same
     * decimal digits ({@code Double.toString}'s, which {@code BigDecimal.valueOf} reads), the
     * point moved by six, rounded half to even.
     */
    static Long micros(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return null;
        }
        String text = Double.toString(Math.abs(seconds));
        int e = text.indexOf('E');
        int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
        String mantissa = e < 0 ? text : text.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent + 6; // digits before it: the whole microseconds
        String whole;
        String fraction;
        if (point <= 0) {
            whole = "";
            fraction = "0".repeat(-point) + digits;
        } else if (point >= digits.length()) {
            whole = digits + "0".repeat(point - digits.length());
            fraction = "";
        } else {
            whole = digits.substring(0, point);
            fraction = digits.substring(point);
        }
        if (whole.length() > 18) {
            return null;
        }
        long value = whole.isEmpty() ? 0 : Long.parseLong(whole);
        if (!fraction.isEmpty()) {
            char first = fraction.charAt(0);
            boolean beyondHalf = false;
            for (int i = 1; i < fraction.length(); i++) {
                beyondHalf |= fraction.charAt(i) != '0';
            }
            if (first > '5' || first == '5' && (beyondHalf || value % 2 == 1)) {
                value++;
            }
        }
        return seconds < 0 ? -value : value;
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss}, six digits of microseconds unless zero, and {@code xxx} (+HH:MM). */
    static String isoText(ZonedDateTime t) {
        int us = t.getNano() / 1000;
        if (t.getYear() < 1 || t.getYear() > 9999) {
            StringBuilder sb = new StringBuilder(Formatters.SECONDS.format(t));
            if (us != 0) {
                sb.append('.').append(String.format("%06d", us));
            }
            return sb.append(Formatters.OFFSET.format(t)).toString();
        }
        StringBuilder sb = new StringBuilder(32);
        digits(sb, t.getYear(), 4).append('-');
        digits(sb, t.getMonthValue(), 2).append('-');
        digits(sb, t.getDayOfMonth(), 2).append('T');
        digits(sb, t.getHour(), 2).append(':');
        digits(sb, t.getMinute(), 2).append(':');
        digits(sb, t.getSecond(), 2);
        if (us != 0) {
            digits(sb.append('.'), us, 6);
        }
        // As DateTimeFormatter's "xxx": hours and minutes of the offset (its seconds dropped), +00:00 for none.
        int offset = t.getOffset().getTotalSeconds();
        int abs = Math.abs(offset);
        if (abs < 60) {
            return sb.append("+00:00").toString();
        }
        sb.append(offset < 0 ? '-' : '+');
        digits(sb, abs / 3600, 2).append(':');
        return digits(sb, abs / 60 % 60, 2).toString();
    }

    private static StringBuilder digits(StringBuilder sb, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(text);
    }

    /** An input timestamp as botocore accepts it (epoch number or ISO text), or {@code null}. */
    public static Instant parseInput(JsonNode value) {
        if (value.isNumber()) {
            return Instant.ofEpochSecond(value.longValue());
        }
        return value.isTextual() ? parseText(value.textValue()) : null;
    }

    private static Instant parseText(String text) {
        String s = text.strip();
        try {
            return new BigDecimal(s).setScale(0, RoundingMode.DOWN).longValueExact() == 0 && s.isEmpty() ? null
                    : Instant.ofEpochSecond(new BigDecimal(s).setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            // not a number: try the ISO forms below
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
