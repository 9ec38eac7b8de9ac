package org.bridgekeeper.cli.model;

import java.util.HashMap;
import java.util.Map;
import org.bridgekeeper.cli.py.Py;

/**
 * Where the members of a JSON object are in its text, without parsing their values: lets
 * {@link ServiceModel} parse only the shapes a command uses. For the CLI's own model resources
 * (well-formed by construction); anything else is refused with an exception, not judged.
 */
final class JsonSpans {

    private JsonSpans() {
    }

    /** The object starting at {@code start} (its {@code {}): each member's key and its value's [start, end). */
    static Map<String, int[]> members(String text, int start) {
        return members(text, start, null);
    }

    /**
     * As {@link #members(String, int)}, up to the member {@code last}: its value's start is
     * given (and -1 as its end), and nothing after it is read. The model's shapes, its last
     * member and nearly all of it, are then walked once, not twice.
     */
    static Map<String, int[]> members(String text, int start, String last) {
        Map<String, int[]> out = new HashMap<>();
        int i = expect(text, start, '{');
        i = skipWs(text, i);
        if (at(text, i) == '}') {
            return out;
        }
        while (true) {
            i = skipWs(text, i);
            int keyEnd = skipString(text, i);
            String key = text.substring(i + 1, keyEnd - 1);
            if (key.indexOf('\\') >= 0) {
                key = Py.loads(text.substring(i, keyEnd)).textValue();
            }
            i = skipWs(text, expect(text, skipWs(text, keyEnd), ':'));
            if (key.equals(last)) {
                out.put(key, new int[] {i, -1});
                return out;
            }
            int valueEnd = skipValue(text, i);
            out.put(key, new int[] {i, valueEnd});
            i = skipWs(text, valueEnd);
            if (at(text, i) == '}') {
                return out;
            }
            i = expect(text, i, ',');
        }
    }

    static String slice(String text, int[] span) {
        if (span == null) {
            throw new IllegalStateException("model resource without a required member");
        }
        return text.substring(span[0], span[1]);
    }

    static int skipWs(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n'
                || text.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    private static char at(String text, int i) {
        if (i >= text.length()) {
            throw new IllegalStateException("model resource ends early");
        }
        return text.charAt(i);
    }

    private static int expect(String text, int i, char c) {
        if (at(text, i) != c) {
            throw new IllegalStateException("model resource: '" + c + "' expected at " + i);
        }
        return i + 1;
    }

    /** From the opening quote to just after the closing one. */
    private static int skipString(String text, int i) {
        expect(text, i, '"');
        for (int k = i + 1; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '"') {
                return k + 1;
            }
        }
        throw new IllegalStateException("model resource: unterminated string at " + i);
    }

    /**
     * Just after the value starting at {@code i}. Objects and arrays are walked member by member
     * (small methods called many times, which the JIT compiles early, rather than one long loop
     * over the whole model that the interpreter would run: 3 ms of a command).
     */
    private static int skipValue(String text, int i) {
        char first = at(text, i);
        if (first == '"') {
            return skipString(text, i);
        }
        if (first == '{') {
            int k = skipWs(text, i + 1);
            if (at(text, k) == '}') {
                return k + 1;
            }
            while (true) {
                k = skipWs(text, expect(text, skipWs(text, skipString(text, skipWs(text, k))), ':'));
                k = skipWs(text, skipValue(text, k));
                if (at(text, k) == '}') {
                    return k + 1;
                }
                k = expect(text, k, ',');
            }
        }
        if (first == '[') {
            int k = skipWs(text, i + 1);
            if (at(text, k) == ']') {
                return k + 1;
            }
            while (true) {
                k = skipWs(text, skipValue(text, skipWs(text, k)));
                if (at(text, k) == ']') {
                    return k + 1;
                }
                k = expect(text, k, ',');
            }
        }
        int k = i;
        while (k < text.length() && ",}] \t\n\r".indexOf(text.charAt(k)) < 0) {
            k++;
        }
        if (k == i) {
            throw new IllegalStateException("model resource: value expected at " + i);
        }
        return k;
    }
}
