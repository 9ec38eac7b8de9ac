package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bridgekeeper.cli.py.Py;

/**
 * {@code --output table}: awscli's {@code TableFormatter} (which builds sections) and
 * {@code MultiTable} (which lays them out), reproduced rule for rule because users diff these
 * tables and scripts scrape them.
 *
 * <p>Building: a dict becomes a section whose scalar keys are the header (sorted) and whose
 * values are one row, or a single {@code key | value} row when there is only one scalar; every
 * non-scalar key becomes a child section one level deeper. A list of dicts shares one header
 * (the union of scalar keys); when its elements have children, each element repeats the section.
 *
 * <p>Layout: every section is drawn at the width of the widest one; when that exceeds the
 * terminal, single-row sections turn vertical ({@code key | value} per line) first. Column
 * widths are scaled to the section width with Python's round-half-even and the remainder
 * spread from the first column (too wide) or the last (too narrow).
 */
final class TableOutput {
    private static final String RESET = "\u001b[0m";
    private static final String ROW_STYLE = "\u001b[1m\u001b[34m";
    private static final String INDENT_STYLE = "\u001b[2m\u001b[33m";

    private final List<Section> sections = new ArrayList<>();
    private Section current;

    private TableOutput() {}

    /**
     * The table for {@code result}, or "" when awscli prints nothing (a falsy result: null, empty,
     * zero, false). {@code color} reproduces {@code --color on} with stdout not a terminal:
     * colorama's autoreset appends a reset after every write the table makes.
     */
    static String format(String title, JsonNode result, boolean color, int terminalWidth) {
        TableOutput table = new TableOutput();
        if (!table.build(title, result, 0)) {
            return "";
        }
        return table.render(color, terminalWidth);
    }

    // ---- building -------------------------------------------------------------------------

    private boolean build(String title, JsonNode value, int indent) {
        if (isFalsy(value)) {
            return false;
        }
        if (title != null) {
            newSection(title, indent);
        }
        if (value.isArray()) {
            if (value.get(0).isObject()) {
                subTableFromList(value, indent, title);
            } else {
                for (JsonNode item : value) {
                    if (!item.isContainerNode()) {
                        addRow(List.of(Py.str(item)));
                    } else if (item.isObject()) {
                        // Python iterates a dict's keys, which are all scalars.
                        List<String> keys = new ArrayList<>();
                        for (Map.Entry<String, JsonNode> e : item.properties()) {
                            keys.add(e.getKey());
                        }
                        addRow(keys);
                    } else if (allScalars(item)) {
                        List<String> row = new ArrayList<>();
                        for (JsonNode e : item) {
                            row.add(Py.str(e));
                        }
                        addRow(row);
                    } else {
                        build(null, item, 0);
                    }
                }
            }
        }
        if (value.isObject()) {
            subTableFromDict(value, indent);
        }
        return true;
    }

    private void subTableFromDict(JsonNode dict, int indent) {
        List<String> headers = new ArrayList<>();
        List<String> more = new ArrayList<>();
        groupScalarKeys(dict, headers, more);
        if (headers.size() == 1) {
            addRow(List.of(headers.get(0), Py.str(dict.get(headers.get(0)))));
        } else if (!headers.isEmpty()) {
            addHeader(headers);
            List<String> row = new ArrayList<>();
            for (String key : headers) {
                row.add(Py.str(dict.get(key)));
            }
            addRow(row);
        }
        for (String key : more) {
            build(key, dict.get(key), indent + 1);
        }
    }

    private void subTableFromList(JsonNode list, int indent, String title) {
        TreeSet<String> headerSet = new TreeSet<>(Py.CODE_POINT_ORDER);
        TreeSet<String> moreSet = new TreeSet<>(Py.CODE_POINT_ORDER);
        for (JsonNode item : list) {
            checkIterableAsDict(item);
            List<String> headers = new ArrayList<>();
            List<String> more = new ArrayList<>();
            groupScalarKeys(item, headers, more);
            headerSet.addAll(headers);
            moreSet.addAll(more);
        }
        List<String> headers = new ArrayList<>(headerSet);
        addHeader(headers);
        boolean first = true;
        for (JsonNode element : list) {
            if (!element.isObject()) {
                throw new OutputException("'" + Py.typeName(element) + "' object has no attribute 'get'");
            }
            if (!first && !moreSet.isEmpty()) {
                newSection(title, indent);
                addHeader(headers);
            }
            first = false;
            List<String> row = new ArrayList<>();
            for (String header : headers) {
                JsonNode cell = element.get(header);
                row.add(cell == null ? "" : Py.str(cell));
            }
            addRow(row);
            for (String key : moreSet) {
                if (element.has(key)) {
                    build(key, element.get(key), indent + 1);
                }
            }
        }
    }

    /**
     * What Python raises when it runs {@code for k in item: item[k]} on a list element that is
     * not a dict (messages of CPython 3.11). Empty strings and lists pass: the loop has no turn.
     */
    private static void checkIterableAsDict(JsonNode item) {
        if (item.isObject()) {
            return;
        }
        if (item.isTextual()) {
            if (!item.textValue().isEmpty()) {
                throw new OutputException("string indices must be integers, not 'str'");
            }
        } else if (item.isArray()) {
            if (!item.isEmpty()) {
                throw new OutputException("list indices must be integers or slices, not "
                        + Py.typeName(item.get(0)));
            }
        } else {
            throw new OutputException("'" + Py.typeName(item) + "' object is not iterable");
        }
    }

    private static void groupScalarKeys(JsonNode dict, List<String> headers, List<String> more) {
        for (Map.Entry<String, JsonNode> e : dict.properties()) {
            (e.getValue().isContainerNode() ? more : headers).add(e.getKey());
        }
        headers.sort(Py.CODE_POINT_ORDER);
        more.sort(Py.CODE_POINT_ORDER);
    }

    private static boolean allScalars(JsonNode list) {
        for (JsonNode element : list) {
            if (element.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** Python's truth value: None, False, 0, 0.0, '', [] and {} are false. */
    private static boolean isFalsy(JsonNode value) {
        if (Py.isNone(value)) {
            return true;
        }
        if (value.isBoolean()) {
            return !value.booleanValue();
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? value.bigIntegerValue().signum() == 0 : value.doubleValue() == 0;
        }
        if (value.isTextual()) {
            return value.textValue().isEmpty();
        }
        return value.isContainerNode() && value.isEmpty();
    }

    private void newSection(String title, int indent) {
        current = new Section(title, indent);
        sections.add(current);
    }

    private void addHeader(List<String> headers) {
        current.addHeader(headers);
    }

    private void addRow(List<String> row) {
        current.addRow(row);
    }

    // ---- rendering ------------------------------------------------------------------------

    private String render(boolean color, int terminalWidth) {
        int maxWidth = maxWidth();
        if (maxWidth > terminalWidth) {
            for (int i = 0; i < sections.size(); i++) {
                Section s = sections.get(i);
                if (s.rows.size() == 1 && !s.headers.isEmpty()) {
                    sections.set(i, s.vertical());
                }
            }
            maxWidth = maxWidth();
        }
        Writer out = new Writer(color);
        out.raw("-".repeat(maxWidth) + "\n");
        for (Section section : sections) {
            renderSection(section, maxWidth, out);
        }
        return out.text.toString();
    }

    private int maxWidth() {
        int max = 0;
        for (Section s : sections) {
            max = Math.max(max, s.totalWidth());
        }
        return max;
    }

    private static void renderSection(Section section, int maxWidth, Writer out) {
        int width = maxWidth - section.indent * 2;
        out.indent = section.indent;
        if (section.title != null && !section.title.isEmpty()) {
            out.line(centerText(section.title, width, "|", EastAsianWidth.width(section.title)));
            if (section.headers.isEmpty() && section.rows.isEmpty()) {
                out.line("+" + "-".repeat(Math.max(0, width - 2)) + "+");
            }
        }
        if (!section.headers.isEmpty()) {
            int[] widths = section.columnWidths(width);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < Math.min(widths.length, section.headers.size()); i++) {
                String header = section.headers.get(i);
                line.append(centerText(header, widths[i], i == 0 ? "|" : "", EastAsianWidth.width(header)));
            }
            out.line(lineBreak(widths));
            out.line(line.toString());
        }
        if (!section.rows.isEmpty()) {
            int[] widths = section.columnWidths(width);
            if (widths.length == 0) {
                return;
            }
            out.line(lineBreak(widths));
            for (List<String> row : section.rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < Math.min(widths.length, row.size()); i++) {
                    line.append(alignLeft(row.get(i), widths[i], i == 0 ? "|" : "", out.color));
                }
                out.line(line.toString());
            }
            out.line(lineBreak(widths));
        }
    }

    /** {@code center_text}: negative space counts still shift the right side, as in Python. */
    private static String centerText(String text, int length, String leftEdge, int textLength) {
        int charStart = Math.floorDiv(length, 2) - Math.floorDiv(textLength, 2) - 1;
        int soFar = leftEdge.length() + charStart + textLength;
        int right = length - 1 - soFar;
        return leftEdge + spaces(charStart) + text + spaces(right) + "|";
    }

    private static String alignLeft(String text, int length, String leftEdge, boolean color) {
        int textLength = EastAsianWidth.width(text);
        int padding = length - (textLength + 2 + leftEdge.length() + 1) >= 0 ? 2 : 0;
        int soFar = leftEdge.length() + padding + textLength;
        String styled = color ? ROW_STYLE + text + RESET : text;
        return leftEdge + spaces(padding) + styled + spaces(length - soFar - 1) + "|";
    }

    private static String lineBreak(int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i == 0) {
                line.append('+').append("-".repeat(Math.max(0, widths[i] - 2))).append('+');
            } else {
                line.append("-".repeat(Math.max(0, widths[i] - 1))).append('+');
            }
        }
        return line.toString();
    }

    private static String spaces(int n) {
        return n > 0 ? " ".repeat(n) : "";
    }

    /** awscli's IndentedStream over a (possibly colorama-wrapped) stdout. */
    private static final class Writer {
        final StringBuilder text = new StringBuilder();
        final boolean color;
        int indent;

        Writer(boolean color) {
            this.color = color;
        }

        void raw(String s) {
            text.append(s);
            if (color) {
                text.append(RESET);
            }
        }

        /** One IndentedStream.write(line + "\n"): four writes to the underlying stream. */
        void line(String line) {
            String bars = (color ? INDENT_STYLE + "|" + RESET : "|").repeat(indent);
            raw(bars);
            raw(line);
            raw(bars);
            raw("\n");
        }
    }

    /** awscli's table.Section. */
    private static final class Section {
        final String title;
        final int indent;
        List<String> headers = List.of();
        final List<List<String>> rows = new ArrayList<>();
        private int numCols = -1;
        private int[] maxWidths = new int[0];

        Section(String title, int indent) {
            this.title = title;
            this.indent = indent;
        }

        void addHeader(List<String> headers) {
            updateMaxWidths(headers);
            if (numCols < 0) {
                numCols = headers.size();
            }
            this.headers = headers;
        }

        void addRow(List<String> row) {
            if (numCols < 0) {
                numCols = row.size();
            }
            if (row.size() != numCols) {
                throw new OutputException("Row should have " + numCols + " elements, instead it has " + row.size());
            }
            rows.add(row);
            updateMaxWidths(row);
        }

        private void updateMaxWidths(List<String> row) {
            if (maxWidths.length == 0) {
                maxWidths = new int[row.size()];
                for (int i = 0; i < row.size(); i++) {
                    maxWidths[i] = EastAsianWidth.width(row.get(i));
                }
            } else {
                for (int i = 0; i < row.size(); i++) {
                    if (i >= maxWidths.length) {
                        throw new OutputException("list index out of range");
                    }
                    maxWidths[i] = Math.max(maxWidths[i], EastAsianWidth.width(row.get(i)));
                }
            }
        }

        /** Natural width: columns padded by 4, a border each side, and the indent bars. */
        int totalWidth() {
            int total = 2 + 2 * indent;
            for (int w : maxWidths) {
                total += w + 4;
            }
            // Python measures str(None) for a section without a title.
            int titleWidth = title == null ? 4 : EastAsianWidth.width(title);
            return Math.max(titleWidth + 2 + 2 * indent, total);
        }

        int[] columnWidths(int maxWidth) {
            int n = maxWidths.length;
            int[] scaled = new int[n];
            if (n == 0) {
                return scaled;
            }
            int sum = 0;
            for (int w : maxWidths) {
                sum += w + 4;
            }
            double scale = maxWidth / (double) sum;
            int total = 0;
            for (int i = 0; i < n; i++) {
                scaled[i] = (int) Math.rint(scale * (maxWidths[i] + 4));
                total += scaled[i];
            }
            int offBy = total - maxWidth;
            while (offBy != 0) {
                if (offBy > 0) {
                    for (int i = 0; i < n && offBy != 0; i++) {
                        scaled[i]--;
                        offBy--;
                    }
                } else {
                    for (int i = n - 1; i >= 0 && offBy != 0; i--) {
                        scaled[i]++;
                        offBy++;
                    }
                }
            }
            return scaled;
        }

        Section vertical() {
            Section v = new Section(title, indent);
            List<String> values = rows.get(0);
            for (int i = 0; i < Math.min(headers.size(), values.size()); i++) {
                v.addRow(List.of(headers.get(i), values.get(i)));
            }
            return v;
        }
    }
}
