package org.bridgekeeper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings as {@code bridgekeeper server --help} prints them and as the README's
 * "Configuration" table shows them, both from {@link Config#SETTINGS}. The README's copy sits
 * between {@link #START} and {@link #END}; {@code ConfigTableTest} fails when it is stale, and
 * {@code tools/config-table.sh} (this class's {@link #main}) rewrites it.
 */
final class ConfigTable {

    static final String START = "<!-- config-table:start";
    static final String END = "<!-- config-table:end -->";

    private static final int WIDTH = 80;
    private static final String HELP_INDENT = "      ";

    private ConfigTable() {}

    /** {@code --help}: the flag and variable in aligned columns, the help wrapped below them. */
    static String help(List<Setting<?>> settings) {
        int flagWidth = settings.stream().mapToInt(s -> flagText(s).length()).max().orElse(0);
        StringBuilder out = new StringBuilder("""
                Usage: bridgekeeper server [options]

                Every setting is a flag and an environment variable; the flag wins: --port 4750,
                --port=4750 or BRIDGEKEEPER_PORT=4750. A switch (--allow-http-endpoints) takes
                no value after its flag. A row without a flag is an environment variable only.

                """);
        out.append(row("flag", flagWidth, "environment variable"));
        for (Setting<?> s : settings) {
            out.append(row(flagText(s), flagWidth, s.env()));
            // A no-break space keeps "Default: 3000" on one line.
            String text = plain(s.help()) + (s.defaultValue().isEmpty() ? ". Unset by default"
                    : ". Default:\u00a0" + s.defaultValue());
            out.append(wrap(text, HELP_INDENT, WIDTH));
        }
        return out.toString();
    }

    /** The README's table, a line per setting, ending with a newline. */
    static String markdown(List<Setting<?>> settings) {
        StringBuilder out = new StringBuilder("| flag | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            out.append("| ").append(s.flag() == null ? "—" : "`" + s.flag() + "`")
                    .append(" | `").append(s.env()).append("` | ")
                    .append(s.defaultValue().isEmpty() ? "unset" : "`" + s.defaultValue() + "`")
                    .append(" | ").append(s.help()).append(" |\n");
        }
        return out.toString();
    }

    /** The lines strictly between the markers of {@code readme}. */
    static String tableIn(String readme) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no '" + START + " ... -->' ... '" + END + "' lines in the README");
        }
        return readme.substring(readme.indexOf('\n', start) + 1, end);
    }

    /** {@code readme} with {@code table} between its markers. */
    static String withTable(String readme, String table) {
        String old = tableIn(readme);
        int at = readme.indexOf(old, readme.indexOf(START));
        return readme.substring(0, at) + table + readme.substring(at + old.length());
    }

    /**
     * {@code ConfigTable README.md} rewrites the README's table; without an argument, prints it.
     * Needs only the server's classes: {@code java -cp server/target/classes org.bridgekeeper.ConfigTable}.
     */
    public static void main(String[] args) throws IOException {
        String table = markdown(Config.SETTINGS);
        if (args.length == 0) {
            System.out.print(table);
            return;
        }
        Path readme = Path.of(args[0]);
        String before = Files.readString(readme, StandardCharsets.UTF_8);
        String after = withTable(before, table);
        if (!after.equals(before)) {
            Files.writeString(readme, after, StandardCharsets.UTF_8);
        }
        System.out.println(readme + (after.equals(before) ? ": configuration table already up to date"
                : ": configuration table rewritten"));
    }

    private static String flagText(Setting<?> s) {
        return s.flag() == null ? "-" : s.flag();
    }

    private static String row(String first, int width, String second) {
        return "  " + first + " ".repeat(width - first.length() + 2) + second + "\n";
    }

    /** Markdown's {@code `code`} as plain text. */
    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    private static String wrap(String text, String indent, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word.replace('\u00a0', ' '));
        }
        return out.append(line).append('\n').toString();
    }
}
