package org.bridgekeeper.cli.args;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where relative paths start and how {@code ~} and {@code $VARS} expand, as Python's
 * {@code os.path.expanduser(os.path.expandvars(p))} does: an unknown variable stays as written.
 */
public record FileContext(Path workingDir, Map<String, String> env, String home) {

    private static final Pattern VAR = Pattern.compile("\\$(\\w+|\\{[^}]*\\})");

    public String expand(String path) {
        Matcher m = VAR.matcher(path);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("{")) {
                name = name.substring(1, name.length() - 1);
            }
            String value = env.get(name);
            m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(sb);
        String expanded = sb.toString();
        if (expanded.equals("~") || expanded.startsWith("~/")) {
            expanded = home + expanded.substring(1);
        }
        return expanded;
    }

    public Path resolve(String expandedPath) {
        return workingDir.resolve(expandedPath);
    }
}
