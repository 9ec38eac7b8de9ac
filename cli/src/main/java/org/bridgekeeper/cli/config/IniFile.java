package org.bridgekeeper.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS config or credentials file as botocore's {@code raw_config_parse} reads it: sections,
 * {@code key = value} (or {@code key: value}), {@code #}/{@code ;} comment lines, and nested
 * sub-sections (a key with an empty value followed by indented {@code key = value} lines, stored
 * here as {@code parent.child}). A missing file is an empty one.
 */
public final class IniFile {

    private final Map<String, Map<String, String>> sections;

    private IniFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    public static IniFile empty() {
        return new IniFile(Map.of());
    }

    public static IniFile read(Path path) {
        if (path == null) {
            return empty();
        }
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            return empty();
        }
    }

    static IniFile parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String parentKey = null;
        for (String raw : text.split("\\r?\\n")) {
            String line = raw.stripTrailing();
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0)) && trimmed.startsWith("[") && trimmed.endsWith("]")) {
                String name = trimmed.substring(1, trimmed.length() - 1).strip();
                current = sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
                parentKey = null;
                continue;
            }
            if (current == null) {
                continue;
            }
            int sep = indexOfSeparator(trimmed);
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (indented && parentKey != null && sep > 0) {
                current.put(parentKey + "." + trimmed.substring(0, sep).strip(), stripComment(trimmed.substring(sep + 1)));
                continue;
            }
            if (sep <= 0) {
                continue;
            }
            String key = trimmed.substring(0, sep).strip();
            String value = stripComment(trimmed.substring(sep + 1));
            current.put(key, value);
            parentKey = value.isEmpty() ? key : null;
        }
        return new IniFile(sections);
    }

    private static int indexOfSeparator(String s) {
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** configparser drops inline comments only after whitespace ({@code a = b ;c}). */
    private static String stripComment(String value) {
        String v = value.strip();
        for (String marker : new String[] {" #", " ;", "\t#", "\t;"}) {
            int i = v.indexOf(marker);
            if (i >= 0) {
                v = v.substring(0, i).strip();
            }
        }
        return v;
    }

    public Map<String, String> section(String name) {
        return sections.get(name);
    }

    public boolean has(String name) {
        return sections.containsKey(name);
    }
}
