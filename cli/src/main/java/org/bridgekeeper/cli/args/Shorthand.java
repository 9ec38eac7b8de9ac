package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The AWS CLI's shorthand syntax ({@code Key=value,List=[a,b],Struct={K=v}}), parsed as
 * aws-cli 2.9.19's {@code shorthand.py} does, quirks included (csv backtracking, {@code }} as a
 * value start, the caret under the failing index). Produces only strings, lists and objects;
 * {@link BackCompat} converts them to the model's types afterwards.
 *
 * <p>Works on code points, as Python's {@code str} indexes do, so the caret lands where AWS's does.
 */
public final class Shorthand {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int EOF = -1;

    private final int[] in;
    private final String input;
    private int index;

    private Shorthand(String input) {
        this.input = input;
        this.in = input.codePoints().toArray();
    }

    /** Parses a whole argument value; throws {@link ShorthandException} with AWS's text. */
    public static ObjectNode parse(String value) {
        return new Shorthand(value).parameter();
    }

    private ObjectNode parameter() {
        ObjectNode params = NODES.objectNode();
        String key = key();
        expect('=', true);
        params.set(key, values());
        int lastIndex = index;
        while (index < in.length) {
            expect(',', true);
            key = key();
            expect('=', true);
            JsonNode value = values();
            if (params.has(key)) {
                throw new ShorthandException("Second instance of key \"" + key + "\" encountered for input:\n"
                        + location(lastIndex + 1) + "\nThis is often because there is a preceding \",\" instead of a space.");
            }
            params.set(key, value);
            lastIndex = index;
        }
        return params;
    }

    private String key() {
        int start = index;
        while (index < in.length && isKeyChar(in[index])) {
            index++;
        }
        return new String(in, start, index - start);
    }

    private static boolean isKeyChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.' || c == '#' || c == '/' || c == ':';
    }

    private JsonNode values() {
        if (atEof()) {
            return NODES.textNode("");
        }
        if (current() == '[') {
            return explicitList();
        }
        if (current() == '{') {
            return hashLiteral();
        }
        return csvValue();
    }

    private JsonNode csvValue() {
        String first = firstValue();
        consumeWhitespace();
        if (atEof() || in[index] != ',') {
            return NODES.textNode(first);
        }
        expect(',', true);
        ArrayNode list = NODES.arrayNode().add(first);
        while (true) {
            try {
                String current = secondValue();
                consumeWhitespace();
                if (atEof()) {
                    list.add(current);
                    break;
                }
                expect(',', true);
                list.add(current);
            } catch (ShorthandException e) {
                if (atEof()) {
                    throw e;
                }
                // "a=b,c=d": the "c" was a key, not a second list item; back up to the comma.
                while (index >= 0 && in[index] != ',') {
                    index--;
                }
                break;
            }
        }
        return list.size() == 1 ? NODES.textNode(first) : list;
    }

    private ArrayNode explicitList() {
        expect('[', true);
        ArrayNode values = NODES.arrayNode();
        while (current() != ']') {
            values.add(explicitValues());
            consumeWhitespace();
            if (current() != ']') {
                expect(',', false);
                consumeWhitespace();
            }
        }
        expect(']', false);
        return values;
    }

    private JsonNode explicitValues() {
        if (current() == '[') {
            return explicitList();
        }
        if (current() == '{') {
            return hashLiteral();
        }
        return NODES.textNode(firstValue());
    }

    private ObjectNode hashLiteral() {
        expect('{', true);
        ObjectNode keyvals = NODES.objectNode();
        while (current() != '}') {
            String key = key();
            expect('=', true);
            JsonNode v = explicitValues();
            consumeWhitespace();
            if (current() != '}') {
                expect(',', false);
                consumeWhitespace();
            }
            keyvals.set(key, v);
        }
        expect('}', false);
        return keyvals;
    }

    private String firstValue() {
        if (current() == '\'') {
            return quoted('\'');
        }
        if (current() == '"') {
            return quoted('"');
        }
        int end = matchWord(index, Shorthand::isFirstFollow);
        if (end < 0) {
            return "";
        }
        String consumed = new String(in, index, end - index);
        index = end;
        return rstrip(consumed.replace("\\,", ","));
    }

    private String secondValue() {
        if (current() == '\'') {
            return quoted('\'');
        }
        if (current() == '"') {
            return quoted('"');
        }
        int end = matchWord(index, Shorthand::isSecondFollow);
        if (end < 0) {
            throw syntaxError("<second>", "<none>", index);
        }
        String consumed = new String(in, index, end - index);
        index = end;
        return rstrip(consumed.replace("\\,", ","));
    }

    /** {@code (\\,|[start])(\\,|[follow])*}; the end index, or -1 when nothing matches. */
    private int matchWord(int i, java.util.function.IntPredicate follow) {
        if (i < in.length - 1 && in[i] == '\\' && in[i + 1] == ',') {
            i += 2;
        } else if (i < in.length && isStart(in[i])) {
            i++;
        } else {
            return -1;
        }
        while (i < in.length) {
            if (i < in.length - 1 && in[i] == '\\' && in[i + 1] == ',') {
                i += 2;
            } else if (follow.test(in[i])) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** {@code [!#-&(-+\--<>-Z\\-z|-\uffff]}: not space, quote, comma, {@code =}, {@code [} or {@code {}. */
    private static boolean isStart(int c) {
        return c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+') || (c >= '-' && c <= '<')
                || (c >= '>' && c <= 'Z') || (c >= '\\' && c <= 'z') || (c >= '|' && c <= 0xffff);
    }

    /** {@code [\s!#-&(-+\--\\^-|~-\uffff]}: not a quote, comma, {@code ]} or {@code }}. */
    private static boolean isFirstFollow(int c) {
        return isRegexSpace(c) || c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+')
                || (c >= '-' && c <= '\\') || (c >= '^' && c <= '|') || (c >= '~' && c <= 0xffff);
    }

    /** {@code [\s!#-&(-+\--<>-\uffff]}: not a quote, comma or {@code =}. */
    private static boolean isSecondFollow(int c) {
        return isRegexSpace(c) || c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+')
                || (c >= '-' && c <= '<') || (c >= '>' && c <= 0xffff);
    }

    private static boolean isRegexSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f) || Character.isSpaceChar(c);
    }

    private String quoted(char quote) {
        // '(?:\\\\|\\'|[^'])*' : a backslash pair or an escaped quote, else anything but the quote.
        int start = index;
        int i = index + 1;
        while (i < in.length) {
            if (in[i] == '\\' && i + 1 < in.length && (in[i + 1] == '\\' || in[i + 1] == quote)) {
                i += 2;
            } else if (in[i] == quote) {
                break;
            } else {
                i++;
            }
        }
        if (i >= in.length) {
            // Python's regex would backtrack into the escapes looking for a closing quote.
            int close = lastUnescapedCloseAfter(start);
            if (close < 0) {
                throw syntaxError(quote == '\'' ? "<singled quoted>" : "<double quoted>", "<none>", index);
            }
            i = close;
        }
        index = i + 1;
        String body = new String(in, start + 1, i - start - 1);
        return body.replace("\\" + quote, String.valueOf(quote)).replace("\\\\", "\\");
    }

    /**
     * When the greedy scan ran off the end, a regex engine retries with {@code [^']} swallowing a
     * backslash, which lets an escaped quote close the string: the longest such match wins.
     */
    private int lastUnescapedCloseAfter(int start) {
        char quote = (char) in[start];
        for (int close = in.length - 1; close > start; close--) {
            if (in[close] == quote && matchesQuotedBody(start + 1, close, quote)) {
                return close;
            }
        }
        return -1;
    }

    private boolean matchesQuotedBody(int from, int to, char quote) {
        // Any body without a bare quote matches: backslashes may stand alone via [^'].
        for (int i = from; i < to; i++) {
            if (in[i] == quote && (i == from || in[i - 1] != '\\')) {
                return false;
            }
        }
        return true;
    }

    private void expect(char c, boolean consumeWhitespace) {
        if (consumeWhitespace) {
            consumeWhitespace();
        }
        if (index >= in.length) {
            throw syntaxError(String.valueOf(c), "EOF", index);
        }
        int actual = in[index];
        if (actual != c) {
            throw syntaxError(String.valueOf(c), new String(in, index, 1), index);
        }
        index++;
        if (consumeWhitespace) {
            consumeWhitespace();
        }
    }

    private int current() {
        return index < in.length ? in[index] : EOF;
    }

    private boolean atEof() {
        return index >= in.length;
    }

    private void consumeWhitespace() {
        while (index < in.length && " \t\n\r\u000b\f".indexOf(in[index]) >= 0) {
            index++;
        }
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && (Character.isWhitespace(s.charAt(end - 1)) || Character.isSpaceChar(s.charAt(end - 1)))) {
            end--;
        }
        return s.substring(0, end);
    }

    private ShorthandException syntaxError(String expected, String actual, int at) {
        return new ShorthandException("Expected: '" + expected + "', received: '" + actual + "' for input:\n"
                + location(at));
    }

    /** The input, then a caret under {@code at} (counted from the last newline before it). */
    private String location(int at) {
        String consumed = input;
        String remaining = "";
        int spaces = at;
        for (int i = Math.min(at, in.length) - 1; i >= 0; i--) {
            if (in[i] == '\n') {
                spaces = at - i - 1;
                break;
            }
        }
        for (int i = at; i < in.length; i++) {
            if (in[i] == '\n') {
                consumed = new String(in, 0, i);
                remaining = new String(in, i, in.length - i);
                break;
            }
        }
        return consumed + "\n" + " ".repeat(Math.max(0, spaces)) + "^" + remaining;
    }
}
