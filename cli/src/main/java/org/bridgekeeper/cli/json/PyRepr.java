package org.bridgekeeper.cli.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code str()} and {@code repr()} of the values the CLI parsed, because botocore's
 * validation messages print them: {@code value: True}, {@code value: ['a', 'b']},
 * {@code value: b'name-from-file\n'}, {@code type: <class 'bytes'>}.
 */
public final class PyRepr {

    private PyRepr() {
    }

    /** {@code str(value)}: a string is itself; everything else as {@link #repr}. */
    public static String str(JsonNode v) {
        return v.isTextual() ? v.textValue() : repr(v);
    }

    public static String repr(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "None";
        }
        if (v.isTextual()) {
            return reprString(v.textValue());
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        }
        if (v.isBinary()) {
            return reprBytes(PyJsonWriter.binary(v));
        }
        if (v.isFloatingPointNumber()) {
            return floatRepr(v.doubleValue());
        }
        if (v.isNumber()) {
            return v.bigIntegerValue().toString();
        }
        StringBuilder sb = new StringBuilder();
        if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(repr(v.get(i)));
            }
            return sb.append(']').toString();
        }
        sb.append('{');
        Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(reprString(e.getKey())).append(": ").append(repr(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /** {@code str(type(value))}. */
    public static String typeName(JsonNode v) {
        String name;
        if (v == null || v.isNull()) {
            name = "NoneType";
        } else if (v.isTextual()) {
            name = "str";
        } else if (v.isBoolean()) {
            name = "bool";
        } else if (v.isBinary()) {
            name = "bytes";
        } else if (v.isFloatingPointNumber()) {
            name = "float";
        } else if (v.isNumber()) {
            name = "int";
        } else if (v.isArray()) {
            name = "list";
        } else {
            name = "dict";
        }
        return "<class '" + name + "'>";
    }

    static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                sb.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(quote).toString();
    }

    static String reprBytes(byte[] bytes) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : bytes) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }

    /** Python's {@code repr(float)}: the shortest round-trip digits, {@code 1e+16} past 16 digits. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = bd.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = bd.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** {@code json.dumps} of a float: as repr, but {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    static String floatJson(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return floatRepr(d);
    }
}
