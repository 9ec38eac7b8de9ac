package org.bridgekeeper.cli.py;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Python's {@code int(s)} and {@code float(s)} of a string, which aws-cli applies to numeric
 * arguments and JMESPath's to_number() to strings. As CPython does, surrounding whitespace
 * (str.isspace(), so also U+00A0 and U+0085) is stripped and any Unicode decimal digit counts
 * before the ASCII grammar is checked: digits grouped by single underscores, for float also
 * {@code 1.}, {@code .5}, {@code 1.e5}, {@code 1e1_0}, inf, infinity and nan in any case.
 */
final class Numbers {
    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+(?:_[0-9]+)*");
    private static final String DIGITS = "[0-9]+(?:_[0-9]+)*";
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\."
            + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?|(?i:inf|infinity|nan))");

    private Numbers() {}

    /** {@code int(s)}, as the smallest Jackson node that holds it. */
    static JsonNode toInt(String s) {
        String ascii = asciiStripped(s);
        if (!INT.matcher(ascii).matches()) {
            throw new PyValueError("invalid literal for int() with base 10: " + Py.repr(s));
        }
        return Py.intNode(new BigInteger(ascii.replace("_", "")));
    }

    /** {@code float(s)}. */
    static double toFloat(String s) {
        String ascii = asciiStripped(s);
        if (!FLOAT.matcher(ascii).matches()) {
            throw new PyValueError("could not convert string to float: " + Py.repr(s));
        }
        String lower = ascii.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("nan")) {
            return Double.NaN;
        }
        if (lower.endsWith("inf") || lower.endsWith("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(ascii.replace("_", ""));
    }

    /**
     * CPython's _PyUnicode_TransformDecimalAndSpaceToASCII then strip: Unicode decimal digits
     * become ASCII ones; whitespace at either end goes; anything else non-ASCII becomes '?',
     * which no grammar accepts.
     */
    private static String asciiStripped(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                out.append((char) c);
            } else if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                out.append((char) ('0' + Character.digit(c, 10)));
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }

    /** Python's str.isspace() for one character (none lies outside the BMP). */
    static boolean isSpace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f,
                    0x205f, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200a;
        };
    }
}
