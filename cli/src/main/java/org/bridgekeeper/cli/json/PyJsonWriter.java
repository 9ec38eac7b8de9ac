package org.bridgekeeper.cli.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON as Python's {@code json.dumps} does with {@code ensure_ascii=True}: the request
 * body botocore sends ({@code ", "} and {@code ": "} on one line) and the input skeleton of
 * {@code --generate-cli-skeleton} ({@code indent=4}). Binary values (from {@code fileb://})
 * are written base64-encoded, as botocore serializes blobs.
 */
public final class PyJsonWriter {

    private PyJsonWriter() {
    }

    /** {@code json.dumps(value)}: one line, {@code ", "} and {@code ": "}. */
    public static String compact(JsonNode value) {
        StringBuilder sb = new StringBuilder(128);
        write(sb, value, -1, 0);
        return sb.toString();
    }

    /** {@code json.dumps(value, indent=4)}: no trailing newline. */
    public static String indented(JsonNode value) {
        StringBuilder sb = new StringBuilder(512);
        write(sb, value, 4, 0);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        sb.append('\n');
        sb.append(" ".repeat(indent * depth));
    }

    private static void write(StringBuilder sb, JsonNode v, int indent, int depth) {
        if (v.isObject()) {
            if (v.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) {
                    sb.append(indent < 0 ? ", " : ",");
                }
                first = false;
                if (indent >= 0) {
                    newline(sb, indent, depth + 1);
                }
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), indent, depth + 1);
            }
            if (indent >= 0) {
                newline(sb, indent, depth);
            }
            sb.append('}');
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(indent < 0 ? ", " : ",");
                }
                if (indent >= 0) {
                    newline(sb, indent, depth + 1);
                }
                write(sb, v.get(i), indent, depth + 1);
            }
            if (indent >= 0) {
                newline(sb, indent, depth);
            }
            sb.append(']');
        } else if (v.isTextual()) {
            string(sb, v.textValue());
        } else if (v.isBinary()) {
            string(sb, java.util.Base64.getEncoder().encodeToString(binary(v)));
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue() ? "true" : "false");
        } else if (v.isNull() || v.isMissingNode()) {
            sb.append("null");
        } else if (v.isFloatingPointNumber()) {
            sb.append(PyRepr.floatJson(v.doubleValue()));
        } else if (v.isNumber()) {
            sb.append(v.bigIntegerValue());
        } else {
            string(sb, v.asText());
        }
    }

    static byte[] binary(JsonNode v) {
        try {
            return v.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string with every non-ASCII character as {@code \\uXXXX} (lowercase hex). */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
