package org.bridgekeeper.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The model's documentation (HTML fragments) as plain text for {@code help}: paragraphs,
 * list items as {@code o}, tags dropped, entities decoded, wrapped to the page width.
 */
final class HtmlText {

    private HtmlText() {
    }

    /** Paragraphs of the fragment, each wrapped at {@code width} and indented by {@code indent}. */
    static String render(String html, int indent, int width) {
        String text = html.replaceAll("(?i)<li>", "\n\u0000o ")
                .replaceAll("(?i)</?(p|ul|ol|li|br|note|important)[^>]*>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
        StringBuilder out = new StringBuilder();
        for (String para : text.split("\n")) {
            String p = para.strip().replaceAll("\\s+", " ");
            if (p.isEmpty() || p.equals("\u0000o")) {
                continue;
            }
            boolean item = p.startsWith("\u0000o ");
            p = p.replace("\u0000", "");
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(wrap(p, indent + (item ? 2 : 0), width, item ? indent : -1)).append('\n');
        }
        return out.toString();
    }

    static String wrap(String text, int indent, int width, int firstIndent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int first = firstIndent >= 0 ? firstIndent : indent;
        int current = first;
        for (String word : text.split(" ")) {
            if (line.length() > 0 && current + line.length() + 1 + word.length() > width) {
                lines.add(" ".repeat(current) + line);
                line.setLength(0);
                current = indent;
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(" ".repeat(current) + line);
        }
        return String.join("\n", lines);
    }
}
