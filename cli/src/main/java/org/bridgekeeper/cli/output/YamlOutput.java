package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.bridgekeeper.cli.py.Py;

/**
 * {@code --output yaml}: what AWS CLI v2 gets from ruamel.yaml {@code YAML(typ='safe')}, whose
 * emitter is libyaml's C code (ruamel.yaml.clib). Reproduced here rather than taken from a
 * library because every Java YAML library differs in the details users see: keys sorted, YAML 1.2
 * quoting ({@code 'true'} and {@code '2023-11-14T22:13:20+00:00'} quoted, {@code yes} plain),
 * plain scalars folded past column 80, sequences not indented under their key, characters outside
 * the Basic Multilingual Plane escaped in double quotes, long keys written as {@code ? key}, and
 * anchors ({@code &id001}/{@code *id001}) where a query result holds the same dict or list twice.
 */
final class YamlOutput {
    private static final int BEST_INDENT = 2;
    private static final int BEST_WIDTH = 80;

    /** What plain scalars ruamel's YAML 1.2 resolver reads as something other than a string. */
    private static final class Resolver {
        static final Pattern NON_STRING = Pattern.compile(String.join("|",
                "true|True|TRUE|false|False|FALSE",
                "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?",
                "[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)",
                "[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?",
                "[-+]?\\.(?:inf|Inf|INF)",
                "\\.(?:nan|NaN|NAN)",
                "[-+]?0b[0-1_]+",
                "[-+]?0o?[0-7_]+",
                "[-+]?[0-9_]+",
                "[-+]?0x[0-9a-fA-F_]+",
                "<<",
                "~|null|Null|NULL|",
                "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]",
                "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
                        + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?",
                "=",
                "!|&|\\*"));

        /** Python's {@code re.match(r'^(?:...)$', s)}: {@code $} also matches before a final newline. */
        static boolean isString(String s) {
            if (NON_STRING.matcher(s).matches()) {
                return false;
            }
            return !(s.endsWith("\n") && NON_STRING.matcher(s.substring(0, s.length() - 1)).matches());
        }
    }

    private enum Style { PLAIN, SINGLE, DOUBLE }

    private final StringBuilder out = new StringBuilder();
    private final Map<JsonNode, String> anchors = new IdentityHashMap<>();
    private final Map<JsonNode, Boolean> emitted = new IdentityHashMap<>();
    private int lastAnchorId;

    // libyaml emitter state
    private int indent = -1;
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;
    private boolean mappingContext;
    private boolean simpleKeyContext;

    private YamlOutput() {}

    /** {@code --output yaml} of a response or query result ({@code YAMLDumper.dump}). */
    static String format(JsonNode value) {
        if (!Py.isNone(value) && value.isContainerNode()) {
            YamlOutput yaml = new YamlOutput();
            yaml.document(value);
            return yaml.out.toString();
        }
        // ruamel would end a bare scalar with "...", so awscli writes scalars as JSON.
        return Py.dumps(value, ", ", ": ", false) + "\n";
    }

    /** One {@code --output yaml-stream} item: the value as a one-element list. */
    static String formatStreamItem(JsonNode value) {
        YamlOutput yaml = new YamlOutput();
        yaml.document(new Single(value));
        return yaml.out.toString();
    }

    /** A list of one element that needs no copy of the element (its identity matters for anchors). */
    private record Single(JsonNode element) {}

    private void document(Object root) {
        if (root instanceof Single single) {
            anchorPass(single.element());
            increaseIndent(false, false);
            writeIndent();
            writeIndicator("-", true, false, true);
            node(single.element(), false, false);
            indent = indents.pop();
        } else {
            JsonNode node = (JsonNode) root;
            anchorPass(node);
            node(node, false, false);
        }
        writeIndent();
    }

    // ---- serializer: anchors for containers met twice ------------------------------------

    private void anchorPass(JsonNode node) {
        if (Py.isNone(node) || !node.isContainerNode()) {
            return;
        }
        if (anchors.containsKey(node)) {
            if (anchors.get(node) == null) {
                anchors.put(node, "id" + pad3(++lastAnchorId));
            }
            return;
        }
        anchors.put(node, null);
        if (node.isArray()) {
            for (JsonNode item : node) {
                anchorPass(item);
            }
        } else {
            for (JsonNode value : sortedFields(node).values()) {
                anchorPass(value);
            }
        }
    }

    private static Map<String, JsonNode> sortedFields(JsonNode object) {
        Map<String, JsonNode> sorted = new TreeMap<>(Py.CODE_POINT_ORDER);
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }

    // ---- emitter: libyaml's states, one method per node kind --------------------------------

    private void node(JsonNode value, boolean mapping, boolean simpleKey) {
        mappingContext = mapping;
        simpleKeyContext = simpleKey;
        if (Py.isNone(value) || !value.isContainerNode()) {
            scalar(scalarText(value), !value.isTextual() || Resolver.isString(value.textValue()));
            return;
        }
        String anchor = anchors.get(value);
        if (anchor != null && emitted.containsKey(value)) {
            writeIndicator("*" + anchor, true, false, false);
            return;
        }
        if (anchor != null) {
            emitted.put(value, true);
            writeIndicator("&" + anchor, true, false, false);
        }
        if (value.isEmpty()) {
            // libyaml writes empty collections in flow style.
            writeIndicator(value.isArray() ? "[" : "{", true, true, false);
            writeIndicator(value.isArray() ? "]" : "}", false, false, false);
        } else if (value.isArray()) {
            blockSequence(value);
        } else {
            blockMapping(value);
        }
    }

    private void blockSequence(JsonNode list) {
        increaseIndent(false, mappingContext && !indention);
        for (JsonNode item : list) {
            writeIndent();
            writeIndicator("-", true, false, true);
            node(item, false, false);
        }
        indent = indents.pop();
    }

    private void blockMapping(JsonNode dict) {
        increaseIndent(false, false);
        for (Map.Entry<String, JsonNode> e : sortedFields(dict).entrySet()) {
            writeIndent();
            String key = e.getKey();
            Analysis keyAnalysis = new Analysis(key);
            boolean simple = !keyAnalysis.multiline && key.getBytes(StandardCharsets.UTF_8).length <= 128;
            if (simple) {
                mappingContext = true;
                simpleKeyContext = true;
                scalar(key, Resolver.isString(key));
                writeIndicator(":", false, false, false);
            } else {
                writeIndicator("?", true, false, true);
                mappingContext = true;
                simpleKeyContext = false;
                scalar(key, Resolver.isString(key));
                writeIndent();
                writeIndicator(":", true, false, true);
            }
            node(e.getValue(), true, false);
        }
        indent = indents.pop();
    }

    /** The scalar as ruamel's SafeRepresenter spells it. */
    private static String scalarText(JsonNode value) {
        if (Py.isNone(value)) {
            return "null";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                return ".nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? ".inf" : "-.inf";
            }
            return Py.floatRepr(d);
        }
        throw new OutputException("cannot represent an object: <jmespath.visitor._Expression object>");
    }

    /** {@code plainImplicit}: the resolver would read the plain text back as the same type. */
    private void scalar(String text, boolean plainImplicit) {
        Analysis a = new Analysis(text);
        Style style = Style.PLAIN;
        if (simpleKeyContext && a.multiline) {
            style = Style.DOUBLE;
        }
        if (style == Style.PLAIN) {
            if (!a.blockPlainAllowed || (text.isEmpty() && simpleKeyContext) || !plainImplicit) {
                style = Style.SINGLE;
            }
        }
        if (style == Style.SINGLE && !a.singleQuotedAllowed) {
            style = Style.DOUBLE;
        }
        increaseIndent(true, false);
        boolean allowBreaks = !simpleKeyContext;
        switch (style) {
            case PLAIN -> writePlain(text, allowBreaks);
            case SINGLE -> writeSingleQuoted(text, allowBreaks);
            case DOUBLE -> writeDoubleQuoted(text, allowBreaks);
        }
        indent = indents.pop();
    }

    /** libyaml's yaml_emitter_analyze_scalar, for block context. */
    private static final class Analysis {
        boolean multiline;
        boolean blockPlainAllowed = true;
        boolean singleQuotedAllowed = true;

        Analysis(String s) {
            if (s.isEmpty()) {
                return;
            }
            int[] cps = Py.codePoints(s);
            int n = cps.length;
            boolean blockIndicators = false;
            boolean lineBreaks = false;
            boolean specialCharacters = false;
            boolean leadingSpace = false;
            boolean leadingBreak = false;
            boolean trailingSpace = false;
            boolean trailingBreak = false;
            boolean breakSpace = false;
            boolean spaceBreak = false;
            boolean previousSpace = false;
            boolean previousBreak = false;
            if (s.startsWith("---") || s.startsWith("...")) {
                blockIndicators = true;
            }
            boolean precededByWhitespace = true;
            boolean followedByWhitespace = isBlankZ(cps, 1);
            for (int i = 0; i < n; i++) {
                int c = cps[i];
                if (i == 0) {
                    if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                        blockIndicators = true;
                    }
                    if ((c == '?' || c == ':') && followedByWhitespace) {
                        blockIndicators = true;
                    }
                    if (c == '-' && followedByWhitespace) {
                        blockIndicators = true;
                    }
                } else {
                    if (c == ':' && followedByWhitespace) {
                        blockIndicators = true;
                    }
                    if (c == '#' && precededByWhitespace) {
                        blockIndicators = true;
                    }
                }
                if (!isPrintable(c)) {
                    specialCharacters = true;
                }
                if (isBreak(c)) {
                    lineBreaks = true;
                }
                if (c == ' ') {
                    leadingSpace |= i == 0;
                    trailingSpace |= i == n - 1;
                    breakSpace |= previousBreak;
                    previousSpace = true;
                    previousBreak = false;
                } else if (isBreak(c)) {
                    leadingBreak |= i == 0;
                    trailingBreak |= i == n - 1;
                    spaceBreak |= previousSpace;
                    previousSpace = false;
                    previousBreak = true;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = isBlankZ(cps, i);
                followedByWhitespace = isBlankZ(cps, i + 2);
            }
            multiline = lineBreaks;
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
                blockPlainAllowed = false;
            }
            if (breakSpace) {
                blockPlainAllowed = false;
                singleQuotedAllowed = false;
            }
            if (spaceBreak || specialCharacters) {
                blockPlainAllowed = false;
                singleQuotedAllowed = false;
            }
            if (lineBreaks || blockIndicators) {
                blockPlainAllowed = false;
            }
        }
    }

    /** libyaml's IS_PRINTABLE: note that it leaves out everything above U+FFFF. */
    private static boolean isPrintable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    private static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** Blank, break, or the NUL past the end of the buffer. */
    private static boolean isBlankZ(int[] cps, int i) {
        if (i >= cps.length) {
            return true;
        }
        int c = cps[i];
        return c == ' ' || c == '\t' || isBreak(c) || c == 0;
    }

    // ---- writers ------------------------------------------------------------------------

    private void increaseIndent(boolean flow, boolean indentless) {
        indents.push(indent);
        if (indent < 0) {
            indent = flow ? BEST_INDENT : 0;
        } else if (!indentless) {
            indent += BEST_INDENT;
        }
    }

    private void writeIndent() {
        int target = Math.max(indent, 0);
        if (!indention || column > target || (column == target && !whitespace)) {
            putBreak();
        }
        while (column < target) {
            put(' ');
        }
        whitespace = true;
        indention = true;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
        if (needWhitespace && !whitespace) {
            put(' ');
        }
        out.append(indicator);
        column += indicator.length();
        whitespace = isWhitespace;
        indention = indention && isIndention;
    }

    private void put(char c) {
        out.append(c);
        column++;
    }

    private void putBreak() {
        out.append('\n');
        column = 0;
    }

    private void write(int cp) {
        out.appendCodePoint(cp);
        column++;
    }

    /** A line break inside a scalar: '\n' is written as such, the others verbatim. */
    private void writeBreak(int cp) {
        if (cp == '\n') {
            putBreak();
        } else {
            out.appendCodePoint(cp);
            column = 0;
        }
    }

    private void writePlain(String text, boolean allowBreaks) {
        if (!whitespace) {
            put(' ');
        }
        int[] cps = Py.codePoints(text);
        boolean spaces = false;
        boolean breaks = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && !isSpaceAt(cps, i + 1)) {
                    writeIndent();
                } else {
                    write(c);
                }
                spaces = true;
            } else if (isBreak(c)) {
                if (!breaks && c == '\n') {
                    putBreak();
                }
                writeBreak(c);
                indention = true;
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                write(c);
                indention = false;
                spaces = false;
                breaks = false;
            }
        }
        whitespace = false;
        indention = false;
    }

    private void writeSingleQuoted(String text, boolean allowBreaks) {
        writeIndicator("'", true, false, false);
        int[] cps = Py.codePoints(text);
        boolean spaces = false;
        boolean breaks = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != cps.length - 1
                        && !isSpaceAt(cps, i + 1)) {
                    writeIndent();
                } else {
                    write(c);
                }
                spaces = true;
            } else if (isBreak(c)) {
                if (!breaks && c == '\n') {
                    putBreak();
                }
                writeBreak(c);
                indention = true;
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                if (c == '\'') {
                    put('\'');
                }
                write(c);
                indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if (breaks) {
            writeIndent();
        }
        writeIndicator("'", false, false, false);
        whitespace = false;
        indention = false;
    }

    private void writeDoubleQuoted(String text, boolean allowBreaks) {
        writeIndicator("\"", true, false, false);
        int[] cps = Py.codePoints(text);
        boolean spaces = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                put('\\');
                String escape = switch (c) {
                    case 0x00 -> "0";
                    case 0x07 -> "a";
                    case 0x08 -> "b";
                    case 0x09 -> "t";
                    case 0x0A -> "n";
                    case 0x0B -> "v";
                    case 0x0C -> "f";
                    case 0x0D -> "r";
                    case 0x1B -> "e";
                    case 0x22 -> "\"";
                    case 0x5C -> "\\";
                    case 0x85 -> "N";
                    case 0xA0 -> "_";
                    case 0x2028 -> "L";
                    case 0x2029 -> "P";
                    default -> c <= 0xFF ? "x" + hex(c, 2) : c <= 0xFFFF ? "u" + hex(c, 4) : "U" + hex(c, 8);
                };
                out.append(escape);
                column += escape.length();
                spaces = false;
            } else if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != cps.length - 1) {
                    writeIndent();
                    if (isSpaceAt(cps, i + 1)) {
                        put('\\');
                    }
                } else {
                    write(c);
                }
                spaces = true;
            } else {
                write(c);
                spaces = false;
            }
        }
        writeIndicator("\"", false, false, false);
        whitespace = false;
        indention = false;
    }

    /** {@code value} in upper-case hex, zero-padded to {@code width} digits. */
    private static String hex(int value, int width) {
        String digits = Integer.toHexString(value).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    /** ruamel's "id%03d". */
    private static String pad3(int n) {
        String digits = Integer.toString(n);
        return "0".repeat(Math.max(0, 3 - digits.length())) + digits;
    }

    private static boolean isSpaceAt(int[] cps, int i) {
        return i < cps.length && cps[i] == ' ';
    }
}
