package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.Map;

/**
 * How Python sees a JSON tree. The AWS CLI formats Python objects, so every byte we print has to
 * follow Python's rules: {@code str()} of {@code True} is {@code True}, a float prints as its
 * shortest round-trip repr ({@code 1e+16}, {@code 1700000000.0}), a dict nested where a scalar is
 * expected prints as its repr ({@code {'a': 1}}), and strings sort by code point.
 *
 * <p>A JSON tree maps onto Python values one to one: object = dict (insertion ordered), array =
 * list, text = str, integral number = int, any other number = float, boolean = bool, null (and a
 * missing node) = None. A {@link POJONode} stands for a JMESPath expression reference
 * ({@code &expr}), the one non-JSON value a query can produce.
 */
final class Py {
    private Py() {}

    /** Orders strings as Python's {@code sorted()} does: by code point, not by UTF-16 unit. */
    static final Comparator<String> CODE_POINT_ORDER = new CodePointOrder();

    /** A class rather than a method reference: no lambda bootstrap on the start-up path. */
    private static final class CodePointOrder implements Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return compareCodePoints(a, b);
        }
    }

    /** The code points of {@code s} (without the stream machinery of String.codePoints()). */
    static int[] codePoints(String s) {
        int[] cps = new int[s.codePointCount(0, s.length())];
        for (int i = 0, n = 0; i < s.length(); n++) {
            int cp = s.codePointAt(i);
            cps[n] = cp;
            i += Character.charCount(cp);
        }
        return cps;
    }

    /** {@code value} in upper-case hex, zero-padded to {@code width} digits. */
    static String hex(int value, int width, boolean upper) {
        String digits = Integer.toHexString(value);
        if (upper) {
            digits = digits.toUpperCase(java.util.Locale.ROOT);
        }
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    static int compareCodePoints(String a, String b) {
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

    static boolean isNone(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** {@code isinstance(x, (int, float))} minus bool: a JSON number. */
    static boolean isNumber(JsonNode node) {
        return node != null && node.isNumber();
    }

    static boolean isExpref(JsonNode node) {
        return node instanceof POJONode;
    }

    /** Python's {@code type(x).__name__}. */
    static String typeName(JsonNode node) {
        if (isNone(node)) {
            return "NoneType";
        }
        if (node.isTextual()) {
            return "str";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        if (node.isNumber()) {
            return "float";
        }
        if (node.isArray()) {
            return "list";
        }
        if (node.isObject()) {
            return "dict";
        }
        return "_Expression";
    }

    /** {@code str(x)}: what text output and table cells print. */
    static String str(JsonNode node) {
        if (node != null && node.isTextual()) {
            return node.textValue();
        }
        return repr(node);
    }

    /** {@code repr(x)}. */
    static String repr(JsonNode node) {
        StringBuilder out = new StringBuilder();
        appendRepr(out, node);
        return out.toString();
    }

    private static void appendRepr(StringBuilder out, JsonNode node) {
        if (isNone(node)) {
            out.append("None");
        } else if (node.isTextual()) {
            appendStringRepr(out, node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "True" : "False");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(floatRepr(node.doubleValue()));
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                appendRepr(out, node.get(i));
            }
            out.append(']');
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                appendStringRepr(out, e.getKey());
                out.append(": ");
                appendRepr(out, e.getValue());
            }
            out.append('}');
        } else {
            // No address to show; Python prints <jmespath.visitor._Expression object at 0x...>.
            out.append("<jmespath.visitor._Expression object>");
        }
    }

    /** Python's str.__repr__: single quotes unless the text has ' and no ". */
    static void appendStringRepr(StringBuilder out, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                out.append("\\x").append(hex(c, 2, false));
            } else if (c < 0x7f || isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xff) {
                out.append("\\x").append(hex(c, 2, false));
            } else if (c <= 0xffff) {
                out.append("\\u").append(hex(c, 4, false));
            } else {
                out.append("\\U").append(hex(c, 8, false));
            }
        }
        out.append(quote);
    }

    /** Python's str.isprintable() for one character. */
    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip (which is also what
     * {@link Double#toString} picks since JDK 19), laid out fixed when the decimal exponent is in
     * (-4, 16], else as {@code d.ddde+XX}.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        String java = Double.toString(Math.abs(d));
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int decpt = dot + exponent; // value = 0.<digits> * 10^decpt, before trimming
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        decpt -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        // Java keeps two digits for the smallest subnormals (4.9E-324) where Python has one (5e-324).
        while (digits.length() > 1) {
            BigDecimal shorter = new BigDecimal(Math.abs(d)).round(new MathContext(digits.length() - 1, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != Math.abs(d)) {
                break;
            }
            String unscaled = shorter.unscaledValue().toString();
            decpt = unscaled.length() - shorter.scale();
            int trimmed = unscaled.length();
            while (trimmed > 1 && unscaled.charAt(trimmed - 1) == '0') {
                trimmed--;
            }
            digits = unscaled.substring(0, trimmed);
        }

        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
        }
        int n = digits.length();
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= n) {
                out.append(digits).append("0".repeat(decpt - n)).append(".0");
            } else {
                out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
            }
        } else {
            out.append(digits.charAt(0));
            if (n > 1) {
                out.append('.').append(digits, 1, n);
            }
            int exp = decpt - 1;
            out.append(exp < 0 ? "e-" : "e+");
            if (Math.abs(exp) < 10) {
                out.append('0');
            }
            out.append(Math.abs(exp));
        }
        return out.toString();
    }

    /** The number as an exact decimal, for comparisons across int and float. */
    static BigDecimal exact(JsonNode number) {
        if (number.isIntegralNumber()) {
            return new BigDecimal(number.bigIntegerValue());
        }
        return new BigDecimal(number.doubleValue());
    }

    /** Numeric comparison of two JSON numbers with Python's exactness across int and float. */
    static int compareNumbers(JsonNode a, JsonNode b) {
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

    /**
     * Python's {@code ==} on JSON values: 1 == 1.0, True == 1 (also inside containers), dicts
     * equal regardless of key order, NaN never equal.
     */
    static boolean equal(JsonNode a, JsonNode b) {
        if (isNone(a) || isNone(b)) {
            return isNone(a) && isNone(b);
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
            return compareNumbers(x, y) == 0;
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
