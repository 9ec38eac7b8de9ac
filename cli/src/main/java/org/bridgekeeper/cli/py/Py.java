package org.bridgekeeper.cli.py;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

/**
 * The Python that aws-cli is written in, as far as the CLI has to reproduce it. Every byte
 * aws-cli prints comes out of Python: {@code str()} of {@code True} is {@code True}, a float
 * prints as its shortest round-trip repr ({@code 1e+16}, {@code 1700000000.0}), a dict nested
 * where a scalar is expected prints as its repr ({@code {'a': 1}}), strings sort by code point,
 * {@code json.loads} words its errors in its own way. Each of these is written once, here.
 *
 * <p>A JSON tree maps onto Python values one to one: object = dict (insertion ordered), array =
 * list, text = str, binary = bytes, integral number = int, any other number = float, boolean =
 * bool, null (and a missing node) = None. A {@link POJONode} stands for a JMESPath expression
 * reference ({@code &expr}), the one non-JSON value a query can produce.
 */
public final class Py {
    private Py() {}

    /** {@code json.dumps}'s defaults: one line, {@code ", "} and {@code ": "}, non-ASCII escaped. */
    private static final JsonEncoder DUMPS = new JsonEncoder(-1, ", ", ": ", true);

    /** Orders strings as Python's {@code sorted()} does: by code point, not by UTF-16 unit. */
    public static final Comparator<String> CODE_POINT_ORDER = new Compare.CodePointOrder();

    // ---- json ---------------------------------------------------------------------------

    /**
     * {@code json.loads(text)}.
     *
     * @throws JsonDecodeError with Python's message where Python rejects the text
     */
    public static JsonNode loads(String text) {
        return JsonScanner.loads(text);
    }

    /** {@code json.dumps(value)}: the request body, pagination tokens, debug logs. */
    public static String dumps(JsonNode value) {
        return DUMPS.encode(value);
    }

    /**
     * {@code json.dumps(value, indent=indent, ensure_ascii=ensureAscii)}, whose separators are
     * then {@code ","} and {@code ": "}.
     *
     * @throws PyValueError for a value JSON cannot hold (an expression reference)
     */
    public static String dumps(JsonNode value, int indent, boolean ensureAscii) {
        return new JsonEncoder(indent, ",", ": ", ensureAscii).encode(value);
    }

    /**
     * {@code json.dumps(value, separators=(itemSeparator, keySeparator), ensure_ascii=ensureAscii)}: one line.
     *
     * @throws PyValueError for a value JSON cannot hold (an expression reference)
     */
    public static String dumps(JsonNode value, String itemSeparator, String keySeparator, boolean ensureAscii) {
        return new JsonEncoder(-1, itemSeparator, keySeparator, ensureAscii).encode(value);
    }

    // ---- repr, str, type ----------------------------------------------------------------

    /** {@code repr(x)}. */
    public static String repr(JsonNode value) {
        StringBuilder out = new StringBuilder();
        Repr.append(out, value);
        return out.toString();
    }

    /** {@code repr(s)} of a str: {@code 'text'}, {@code "it's"}, {@code '\xa0\n'}. */
    public static String repr(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        Repr.appendString(out, s);
        return out.toString();
    }

    /** {@code str(x)}: a str is itself, anything else its repr. */
    public static String str(JsonNode value) {
        if (value != null && value.isTextual()) {
            return value.textValue();
        }
        return repr(value);
    }

    /** {@code repr(d)} of a float. */
    public static String floatRepr(double d) {
        return FloatRepr.repr(d);
    }

    /** {@code type(x).__name__}: {@code str}, {@code NoneType}, {@code _Expression}. */
    public static String typeName(JsonNode value) {
        return Repr.typeName(value);
    }

    /** {@code str(type(x))}: {@code <class 'str'>}. */
    public static String type(JsonNode value) {
        return "<class '" + Repr.typeName(value) + "'>";
    }

    // ---- int(), float() -----------------------------------------------------------------

    /**
     * {@code int(s)} of a str, as the smallest Jackson node that holds it.
     *
     * @throws PyValueError {@code invalid literal for int() with base 10: 'x'}
     */
    public static JsonNode toInt(String s) {
        return Numbers.toInt(s);
    }

    /**
     * {@code float(s)} of a str.
     *
     * @throws PyValueError {@code could not convert string to float: 'x'}
     */
    public static double toFloat(String s) {
        return Numbers.toFloat(s);
    }

    /**
     * A Python int as the smallest Jackson node that holds it, as Jackson's own parser would
     * pick. Here rather than in Numbers, whose patterns json.loads (on the start-up path) does
     * not need.
     */
    public static JsonNode intNode(BigInteger value) {
        if (value.bitLength() < 32) {
            return IntNode.valueOf(value.intValue());
        }
        if (value.bitLength() < 64) {
            return LongNode.valueOf(value.longValue());
        }
        return BigIntegerNode.valueOf(value);
    }

    // ---- values -------------------------------------------------------------------------

    /** {@code x is None}: null, a missing node, or no node. */
    public static boolean isNone(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** {@code isinstance(x, (int, float))} minus bool: a JSON number. */
    public static boolean isNumber(JsonNode value) {
        return value != null && value.isNumber();
    }

    /** A JMESPath expression reference ({@code &expr}). */
    public static boolean isExpref(JsonNode value) {
        return value instanceof POJONode;
    }

    /** {@code a < b} on strs, as -1, 0 or 1: by code point. */
    public static int compareCodePoints(String a, String b) {
        return Compare.codePoints(a, b);
    }

    /** {@code a < b} on numbers, as -1, 0 or 1: exact across int and float. */
    public static int compareNumbers(JsonNode a, JsonNode b) {
        return Compare.numbers(a, b);
    }

    /**
     * {@code a == b}: 1 == 1.0, True == 1 (also inside containers), dicts equal regardless of
     * key order, NaN never equal.
     */
    public static boolean equal(JsonNode a, JsonNode b) {
        return Compare.equal(a, b);
    }

    /** The code points of {@code s}, as a Python str indexes them (without String.codePoints()'s stream machinery). */
    public static int[] codePoints(String s) {
        int[] cps = new int[s.codePointCount(0, s.length())];
        for (int i = 0, n = 0; i < s.length(); n++) {
            int cp = s.codePointAt(i);
            cps[n] = cp;
            i += Character.charCount(cp);
        }
        return cps;
    }

    // ---- the standard library -----------------------------------------------------------

    /** {@code difflib.get_close_matches(word, possibilities, n, cutoff)}. */
    public static List<String> getCloseMatches(String word, List<String> possibilities, int n, double cutoff) {
        return Difflib.closeMatches(word, possibilities, n, cutoff);
    }

    /** {@code shlex.split(s)}. */
    public static List<String> shlexSplit(String s) {
        return Shlex.split(s);
    }
}
