package org.bridgekeeper.cli.py;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * Python's {@code json.dumps}, byte for byte, with the keyword arguments the CLI uses. Written
 * by hand rather than with Jackson's printer because the two disagree on indentation,
 * separators, escapes and float digits, and because a tree walk costs less class loading than
 * Jackson's generator stack.
 *
 * @param indent {@code indent=}: the number of spaces, or -1 for None (one line)
 * @param itemSeparator {@code separators[0]}
 * @param keySeparator {@code separators[1]}
 * @param ensureAscii {@code ensure_ascii=}
 */
record JsonEncoder(int indent, String itemSeparator, String keySeparator, boolean ensureAscii) {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    String encode(JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        value(out, node, 0);
        return out.toString();
    }

    private void value(StringBuilder out, JsonNode node, int level) {
        if (Py.isNone(node)) {
            out.append("null");
        } else if (node.isTextual()) {
            string(out, node.textValue());
        } else if (node.isBinary()) {
            // Not Python's: json.dumps refuses bytes. The blobs that reach here (a request's
            // parameters in the debug log) are already base64 text in botocore's serializer.
            string(out, Base64.getEncoder().encodeToString(bytes(node)));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(floatText(node.doubleValue()));
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : itemSeparator);
                newline(out, level + 1);
                value(out, node.get(i), level + 1);
            }
            newline(out, level);
            out.append(']');
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.append(first ? "" : itemSeparator);
                first = false;
                newline(out, level + 1);
                string(out, e.getKey());
                out.append(keySeparator);
                value(out, e.getValue(), level + 1);
            }
            newline(out, level);
            out.append('}');
        } else {
            // A JMESPath expression reference. awscli passes default=json_encoder, which hands
            // the object back: Python calls that circular.
            throw new PyValueError("Circular reference detected");
        }
    }

    private void newline(StringBuilder out, int level) {
        if (indent >= 0) {
            out.append('\n');
            out.repeat(' ', indent * level);
        }
    }

    /** Python's float.__repr__, except that json spells the non-finite values as JavaScript does. */
    private static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return FloatRepr.repr(d);
    }

    private void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // ensure_ascii escapes everything outside ' '..'~', as UTF-16 units.
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    static byte[] bytes(JsonNode binary) {
        try {
            return binary.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
