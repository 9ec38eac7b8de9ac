package org.bridgekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One golden transcript of aws-cli (shared/reference/aws-cli-transcripts): the command, the
 * canned server response(s), the exact stdout, stderr and exit code, and the requests received.
 */
record Transcript(String name, List<String> args, List<Canned> responses, int exitCode, byte[] stdout, byte[] stderr,
                  List<Request> requests) {

    record Canned(int status, String body) {
    }

    record Request(Map<String, String> headers, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Transcript read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String text = new String(all, StandardCharsets.ISO_8859_1); // byte offsets = char offsets
        String name = file.getFileName().toString().replaceAll("\\.txt$", "");
        String commandLine = line(text, "$ aws ");
        List<String> args = shellSplit(new String(commandLine.getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8));
        List<Canned> canned = new ArrayList<>();
        String spec = lineOrNull(text, "# server response spec: ");
        if (spec != null) {
            JsonNode n = JSON.readTree(spec.getBytes(StandardCharsets.ISO_8859_1));
            for (JsonNode r : n.isArray() ? n : JSON.createArrayNode().add(n)) {
                canned.add(new Canned(r.get("status").asInt(), r.get("body").asText()));
            }
        }
        int exit = Integer.parseInt(line(text, "--- exit code: "));
        byte[] stdout = section(all, text, "stdout");
        byte[] stderr = section(all, text, "stderr");
        List<Request> requests = new ArrayList<>();
        int at = text.indexOf("--- http requests received");
        if (at >= 0) {
            String rest = text.substring(at);
            Matcher m = Pattern.compile("=== POST / HTTP/1.1\n").matcher(rest);
            List<Integer> starts = new ArrayList<>();
            while (m.find()) {
                starts.add(m.end());
            }
            for (int i = 0; i < starts.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1) - "=== POST / HTTP/1.1\n".length() : rest.length();
                String block = rest.substring(starts.get(i), end);
                int blank = block.indexOf("\n\n");
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h : block.substring(0, blank).split("\n")) {
                    int colon = h.indexOf(": ");
                    headers.put(h.substring(0, colon).toLowerCase(), h.substring(colon + 2));
                }
                int length = Integer.parseInt(headers.get("content-length"));
                byte[] body = block.substring(blank + 2, blank + 2 + length).getBytes(StandardCharsets.ISO_8859_1);
                requests.add(new Request(headers, body));
            }
        }
        return new Transcript(name, args, canned, exit, stdout, stderr, requests);
    }

    private static String line(String text, String prefix) {
        String v = lineOrNull(text, prefix);
        if (v == null) {
            throw new IllegalStateException("no line " + prefix);
        }
        return v;
    }

    private static String lineOrNull(String text, String prefix) {
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length());
            }
        }
        return null;
    }

    private static byte[] section(byte[] all, String text, String which) {
        Matcher m = Pattern.compile("--- " + which + " \\((\\d+) bytes\\):\n").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + which);
        }
        int n = Integer.parseInt(m.group(1));
        byte[] out = new byte[n];
        System.arraycopy(all, m.end(), out, 0, n);
        return out;
    }

    /** The POSIX shell's word splitting for the quoting the transcripts use ('...', "...", \). */
    static List<String> shellSplit(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
