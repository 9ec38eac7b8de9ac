package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;

/**
 * Python's {@code json.loads}, which JMESPath uses for {@code `literals`} and
 * {@code "quoted identifiers"}. Its rules decide what is a valid literal and what falls back to
 * a string ({@code `foo`} is the string foo), so they must be Python's, not Jackson's: NaN and
 * Infinity are numbers, any integer size is fine, a number with a fraction or exponent is a
 * float, control characters in strings are rejected, a repeated key keeps its first position and
 * its last value. Error messages are those of CPython's C scanner, up to the first colon (all
 * that the JMESPath lexer keeps).
 */
final class PyJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A document json.loads rejects; the message is CPython's, before the position part. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private int pos;

    private PyJson(String text) {
        this.text = text;
    }

    static JsonNode loads(String text) throws Invalid {
        PyJson parser = new PyJson(text);
        parser.skipWhitespace();
        JsonNode value = parser.value();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw new Invalid("Extra data");
        }
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonNode value() throws Invalid {
        if (pos >= text.length()) {
            throw new Invalid("Expecting value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '"':
                pos++;
                return TextNode.valueOf(string());
            case '{':
                return object();
            case '[':
                return array();
            default:
                break;
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return NullNode.getInstance();
        }
        if (text.startsWith("true", pos)) {
            pos += 4;
            return BooleanNode.TRUE;
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return BooleanNode.FALSE;
        }
        if (text.startsWith("NaN", pos)) {
            pos += 3;
            return DoubleNode.valueOf(Double.NaN);
        }
        if (text.startsWith("Infinity", pos)) {
            pos += 8;
            return DoubleNode.valueOf(Double.POSITIVE_INFINITY);
        }
        if (text.startsWith("-Infinity", pos)) {
            pos += 9;
            return DoubleNode.valueOf(Double.NEGATIVE_INFINITY);
        }
        return number();
    }

    /** {@code -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?}: an int unless it has a fraction or exponent. */
    private JsonNode number() throws Invalid {
        int start = pos;
        int i = pos;
        if (i < text.length() && text.charAt(i) == '-') {
            i++;
        }
        if (i >= text.length() || !isDigit(text.charAt(i))) {
            throw new Invalid("Expecting value");
        }
        if (text.charAt(i) == '0') {
            i++;
        } else {
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
        }
        boolean isFloat = false;
        if (i + 1 < text.length() && text.charAt(i) == '.' && isDigit(text.charAt(i + 1))) {
            isFloat = true;
            i += 2;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            if (j < text.length() && isDigit(text.charAt(j))) {
                isFloat = true;
                i = j;
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        pos = i;
        String literal = text.substring(start, i);
        if (isFloat) {
            return DoubleNode.valueOf(Double.parseDouble(literal));
        }
        return integer(new BigInteger(literal));
    }

    /** The smallest Jackson node that holds the integer, as Jackson's own parser would pick. */
    static JsonNode integer(BigInteger value) {
        if (value.bitLength() < 32) {
            return IntNode.valueOf(value.intValue());
        }
        if (value.bitLength() < 64) {
            return LongNode.valueOf(value.longValue());
        }
        return BigIntegerNode.valueOf(value);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** After the opening quote; consumes the closing one. */
    private String string() throws Invalid {
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new Invalid("Unterminated string starting at");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new Invalid("Invalid control character at");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new Invalid("Unterminated string starting at");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw new Invalid("Invalid \\escape");
            }
        }
    }

    private char unicodeEscape() throws Invalid {
        if (pos + 4 > text.length()) {
            throw new Invalid("Invalid \\uXXXX escape");
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Character.digit(text.charAt(pos + k), 16);
            if (digit < 0 || text.charAt(pos + k) > 'f') {
                throw new Invalid("Invalid \\uXXXX escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private JsonNode object() throws Invalid {
        pos++;
        ObjectNode object = NODES.objectNode();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return object;
        }
        while (true) {
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw new Invalid("Expecting property name enclosed in double quotes");
            }
            pos++;
            String key = string();
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw new Invalid("Expecting ':' delimiter");
            }
            pos++;
            skipWhitespace();
            object.set(key, value());
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return object;
            }
            if (pos >= text.length() || text.charAt(pos) != ',') {
                throw new Invalid("Expecting ',' delimiter");
            }
            pos++;
            skipWhitespace();
        }
    }

    private JsonNode array() throws Invalid {
        pos++;
        ArrayNode array = NODES.arrayNode();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return array;
        }
        while (true) {
            array.add(value());
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                return array;
            }
            if (pos >= text.length() || text.charAt(pos) != ',') {
                throw new Invalid("Expecting ',' delimiter");
            }
            pos++;
            skipWhitespace();
        }
    }
}
