package org.bridgekeeper.cli.py;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Python's {@code repr()} and {@code type()} of the values in a JSON tree (see {@link Py} for
 * how the tree maps onto Python values), because aws-cli prints them in its messages:
 * {@code value: True}, {@code value: ['a', 'b']}, {@code b'name-from-file\n'},
 * {@code <class 'bytes'>}, {@code {'a': 1}} in a table cell.
 */
final class Repr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Repr() {}

    static void append(StringBuilder out, JsonNode node) {
        if (Py.isNone(node)) {
            out.append("None");
        } else if (node.isTextual()) {
            appendString(out, node.textValue());
        } else if (node.isBinary()) {
            appendBytes(out, JsonEncoder.bytes(node));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "True" : "False");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(FloatRepr.repr(node.doubleValue()));
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                append(out, node.get(i));
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
                appendString(out, e.getKey());
                out.append(": ");
                append(out, e.getValue());
            }
            out.append('}');
        } else {
            // No address to show; Python prints <jmespath.visitor._Expression object at 0x...>.
            out.append("<jmespath.visitor._Expression object>");
        }
    }

    /**
     * {@code str.__repr__}: single quotes unless the text has ' and no "; printable characters
     * as they are (str.isprintable(), so é and 😀 stay), the others escaped as \xNN, \\uNNNN or
     * \UNNNNNNNN by size.
     */
    static void appendString(StringBuilder out, String s) {
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
                hex(out.append("\\x"), c, 2);
            } else if (c < 0x7f || isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xff) {
                hex(out.append("\\x"), c, 2);
            } else if (c <= 0xffff) {
                hex(out.append("\\u"), c, 4);
            } else {
                hex(out.append("\\U"), c, 8);
            }
        }
        out.append(quote);
    }

    /** Python's str.isprintable() for one character: not Cc, Cf, Cs, Co, Cn, Zl, Zp or Zs but space. */
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

    /** {@code bytes.__repr__}: as a str's, but every byte outside ' '..'~' is \xNN. */
    static void appendBytes(StringBuilder out, byte[] bytes) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : bytes) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        out.append('b').append(quote);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                hex(out.append("\\x"), c, 2);
            } else {
                out.append((char) c);
            }
        }
        out.append(quote);
    }

    private static void hex(StringBuilder out, int value, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX[(value >> shift) & 0xf]);
        }
    }

    /** {@code type(x).__name__}. */
    static String typeName(JsonNode node) {
        if (Py.isNone(node)) {
            return "NoneType";
        }
        if (node.isTextual()) {
            return "str";
        }
        if (node.isBinary()) {
            return "bytes";
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
}
