package org.bridgekeeper.common;

/**
 * A string as a JSON string literal, appended to a builder: for the few places that write JSON
 * by hand because they sit on a hot path (the delivery history's rows, JSON log lines).
 */
public final class JsonText {

    private JsonText() {
    }

    /** Appends {@code text} quoted and escaped ({@code null} as JSON's null); U+2028/2029 escaped for JavaScript readers. */
    public static void quote(StringBuilder out, String text) {
        if (text == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
