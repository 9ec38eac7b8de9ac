package org.bridgekeeper.cli.py;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * Python's {@code json.loads} (CPython's C scanner), because what it accepts, what it makes of
 * a value and how it words an error all reach the user: the same accepted input (NaN,
 * Infinity, any integer size), the same value types (an integer stays an integer, {@code 1.0}
 * is a float, {@code -0.0} keeps its sign, {@code 1e400} is inf) and the same error texts:
 * {@code Expecting value: line 1 column 24 (char 23)}. JMESPath literals, request files, service
 * responses, pagination tokens and the CLI's own model resources all go through here.
 *
 * <p>Objects keep their key order (Python's dicts do); a repeated key keeps its first position
 * and takes the last value, as a dict does. Positions count code points, as Python's
 * {@code str} does.
 */
final class JsonScanner {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int[] s;

    private JsonScanner(String text) {
        this.s = Py.codePoints(text);
    }

    /** Parses a whole document; throws {@link JsonDecodeError} with Python's message. */
    static JsonNode loads(String text) {
        JsonScanner p = new JsonScanner(text);
        int start = p.skipWs(0);
        int[] end = new int[1];
        JsonNode value = p.value(start, end);
        int after = p.skipWs(end[0]);
        if (after != p.s.length) {
            throw p.error("Extra data", after);
        }
        return value;
    }

    private JsonDecodeError error(String message, int pos) {
        int line = 1;
        int lastNewline = -1;
        for (int i = 0; i < pos && i < s.length; i++) {
            if (s[i] == '\n') {
                line++;
                lastNewline = i;
            }
        }
        int column = pos - lastNewline;
        return new JsonDecodeError(message, pos, line, column);
    }

    private int skipWs(int i) {
        while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
            i++;
        }
        return i;
    }

    private boolean startsWith(int i, String word) {
        if (i + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (s[i + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private JsonNode value(int i, int[] end) {
        if (i >= s.length) {
            throw error("Expecting value", i);
        }
        int c = s[i];
        switch (c) {
            case '"' -> {
                String str = string(i + 1, end);
                return NODES.textNode(str);
            }
            case '{' -> {
                return object(i + 1, end);
            }
            case '[' -> {
                return array(i + 1, end);
            }
            default -> {
            }
        }
        if (c == 'n' && startsWith(i, "null")) {
            end[0] = i + 4;
            return NODES.nullNode();
        }
        if (c == 't' && startsWith(i, "true")) {
            end[0] = i + 4;
            return NODES.booleanNode(true);
        }
        if (c == 'f' && startsWith(i, "false")) {
            end[0] = i + 5;
            return NODES.booleanNode(false);
        }
        if (c == 'N' && startsWith(i, "NaN")) {
            end[0] = i + 3;
            return NODES.numberNode(Double.NaN);
        }
        if (c == 'I' && startsWith(i, "Infinity")) {
            end[0] = i + 8;
            return NODES.numberNode(Double.POSITIVE_INFINITY);
        }
        if (c == '-' && startsWith(i, "-Infinity")) {
            end[0] = i + 9;
            return NODES.numberNode(Double.NEGATIVE_INFINITY);
        }
        return number(i, end);
    }

    private JsonNode number(int start, int[] end) {
        int i = start;
        if (i < s.length && s[i] == '-') {
            i++;
        }
        if (i < s.length && s[i] == '0') {
            i++;
        } else if (i < s.length && s[i] >= '1' && s[i] <= '9') {
            while (i < s.length && s[i] >= '0' && s[i] <= '9') {
                i++;
            }
        } else {
            throw error("Expecting value", start);
        }
        boolean isFloat = false;
        if (i + 1 < s.length && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
            isFloat = true;
            i += 2;
            while (i < s.length && s[i] >= '0' && s[i] <= '9') {
                i++;
            }
        }
        if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
            int j = i + 1;
            if (j < s.length && (s[j] == '+' || s[j] == '-')) {
                j++;
            }
            if (j < s.length && s[j] >= '0' && s[j] <= '9') {
                while (j < s.length && s[j] >= '0' && s[j] <= '9') {
                    j++;
                }
                isFloat = true;
                i = j;
            }
        }
        end[0] = i;
        String literal = new String(s, start, i - start);
        if (isFloat) {
            // Python's float(): correctly rounded, -0.0 keeps its sign, an exponent past any
            // BigDecimal scale (1e9999999999) is inf. Double.parseDouble does all three.
            return NODES.numberNode(Double.parseDouble(literal));
        }
        return Py.intNode(new BigInteger(literal));
    }

    /**
     * {@code begin} is just past the opening quote. As CPython's scanstring_unicode, down to
     * where it points at a bad escape: at the backslash for an unknown one, at the u for a bad
     * four-hex-digit one (also one cut short by the end of the text, where an unterminated
     * string would be the better message); and a high surrogate pairs with the escape after it
     * only if some character follows that one too.
     */
    private String string(int begin, int[] end) {
        StringBuilder sb = new StringBuilder();
        int i = begin;
        while (true) {
            if (i >= s.length) {
                throw error("Unterminated string starting at", begin - 1);
            }
            int c = s[i];
            if (c == '"') {
                end[0] = i + 1;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("Invalid control character at", i);
            }
            if (c != '\\') {
                sb.appendCodePoint(c);
                i++;
                continue;
            }
            i++;
            if (i >= s.length) {
                throw error("Unterminated string starting at", begin - 1);
            }
            int e = s[i];
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int u = i + 5 < s.length ? hex4(i + 1) : -1;
                    if (u < 0) {
                        throw error("Invalid \\uXXXX escape", i);
                    }
                    i += 4;
                    if (u >= 0xd800 && u <= 0xdbff && i + 7 < s.length && s[i + 1] == '\\' && s[i + 2] == 'u') {
                        int low = hex4(i + 3);
                        if (low < 0) {
                            throw error("Invalid \\uXXXX escape", i + 2);
                        }
                        if (low >= 0xdc00 && low <= 0xdfff) {
                            sb.appendCodePoint(0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00));
                            i += 6;
                            break;
                        }
                    }
                    sb.append((char) u);
                }
                default -> throw error("Invalid \\escape", i - 1);
            }
            i++;
        }
    }

    /** Four hex digits (ASCII only) at {@code i}, or -1. */
    private int hex4(int i) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int c = s[i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private ObjectNode object(int i, int[] end) {
        ObjectNode obj = NODES.objectNode();
        i = skipWs(i);
        if (i < s.length && s[i] == '}') {
            end[0] = i + 1;
            return obj;
        }
        while (true) {
            if (i >= s.length || s[i] != '"') {
                throw error("Expecting property name enclosed in double quotes", i);
            }
            String key = string(i + 1, end);
            i = skipWs(end[0]);
            if (i >= s.length || s[i] != ':') {
                throw error("Expecting ':' delimiter", i);
            }
            i = skipWs(i + 1);
            JsonNode v = value(i, end);
            obj.set(key, v);
            i = skipWs(end[0]);
            if (i < s.length && s[i] == '}') {
                end[0] = i + 1;
                return obj;
            }
            if (i >= s.length || s[i] != ',') {
                throw error("Expecting ',' delimiter", i);
            }
            i = skipWs(i + 1);
        }
    }

    private ArrayNode array(int i, int[] end) {
        ArrayNode arr = NODES.arrayNode();
        i = skipWs(i);
        if (i < s.length && s[i] == ']') {
            end[0] = i + 1;
            return arr;
        }
        while (true) {
            arr.add(value(i, end));
            i = skipWs(end[0]);
            if (i < s.length && s[i] == ']') {
                end[0] = i + 1;
                return arr;
            }
            if (i >= s.length || s[i] != ',') {
                throw error("Expecting ',' delimiter", i);
            }
            i = skipWs(i + 1);
        }
    }
}
