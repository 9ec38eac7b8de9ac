package org.bridgekeeper.cli.py;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Map;

/**
 * Python's {@code ==} and {@code <} on the values of a JSON tree: strings by code point (not by
 * UTF-16 unit, so astral characters sort last), numbers exactly across int and float, and
 * {@code True == 1}.
 */
final class Compare {
    private Compare() {}

    /** A class rather than a method reference: no lambda bootstrap on the start-up path. */
    static final class CodePointOrder implements Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return codePoints(a, b);
        }
    }

    static int codePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** The number as an exact decimal, for comparisons across int and float. */
    private static BigDecimal exact(JsonNode number) {
        if (number.isIntegralNumber()) {
            return new BigDecimal(number.bigIntegerValue());
        }
        return new BigDecimal(number.doubleValue());
    }

    static int numbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        double da = a.doubleValue();
        double db = b.doubleValue();
        if (!Double.isFinite(da) || !Double.isFinite(db)) {
            return Double.compare(da, db);
        }
        return exact(a).compareTo(exact(b));
    }

    static boolean equal(JsonNode a, JsonNode b) {
        if (Py.isNone(a) || Py.isNone(b)) {
            return Py.isNone(a) && Py.isNone(b);
        }
        boolean numA = a.isNumber() || a.isBoolean();
        boolean numB = b.isNumber() || b.isBoolean();
        if (numA || numB) {
            if (!(numA && numB)) {
                return false;
            }
            JsonNode x = a.isBoolean() ? boolAsInt(a) : a;
            JsonNode y = b.isBoolean() ? boolAsInt(b) : b;
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            if (Double.isNaN(dx) || Double.isNaN(dy)) {
                return false;
            }
            return numbers(x, y) == 0;
        }
        if (a.isTextual() || b.isTextual()) {
            return a.isTextual() && b.isTextual() && a.textValue().equals(b.textValue());
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a == b;
    }

    private static JsonNode boolAsInt(JsonNode bool) {
        return com.fasterxml.jackson.databind.node.IntNode.valueOf(bool.booleanValue() ? 1 : 0);
    }
}
