package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One golden file under {@code src/test/resources/output/{formats,transcripts}}: a response (or
 * EMPTY), the options, and the bytes AWS CLI 2.9.19 printed (or the message it failed with).
 * See {@code generate.py} there for how they were made.
 */
record GoldenCase(String name, String format, String operation, String query, boolean color, int width,
        JsonNode input, String expected, String error) {

    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<GoldenCase> all(String folder) {
        try (Stream<Path> files = Files.list(resource("/output/" + folder))) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".case")).sorted().toList();
            return sorted.stream().map(GoldenCase::read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(GoldenCase.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GoldenCase read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String format = null;
            String operation = null;
            String query = null;
            boolean color = false;
            int width = 80;
            int pos = 0;
            while (true) {
                int end = text.indexOf('\n', pos);
                String line = text.substring(pos, end);
                pos = end + 1;
                if (line.equals("input:")) {
                    break;
                }
                int colon = line.indexOf(": ");
                String key = line.substring(0, colon);
                String value = line.substring(colon + 2);
                switch (key) {
                    case "format" -> format = value;
                    case "operation" -> operation = value;
                    case "query" -> query = value;
                    case "color" -> color = value.equals("on");
                    case "width" -> width = Integer.parseInt(value);
                    default -> throw new IllegalStateException(file + ": " + key);
                }
            }
            int end = text.indexOf('\n', pos);
            String inputLine = text.substring(pos, end);
            JsonNode input = inputLine.equals("EMPTY") ? null : JSON.readTree(inputLine);
            pos = end + 1;
            end = text.indexOf('\n', pos);
            String marker = text.substring(pos, end);
            String rest = text.substring(end + 1);
            String name = file.getFileName().toString().replace(".case", "");
            return marker.equals("expected:")
                    ? new GoldenCase(name, format, operation, query, color, width, input, rest, null)
                    : new GoldenCase(name, format, operation, query, color, width, input, null, rest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What our formatter prints for this case, after the query if there is one. */
    String run() throws QueryException {
        JsonNode result = query == null ? input : Query.compile(query).search(input);
        return Formatter.format(format, operation, result, color, width);
    }

    @Override
    public String toString() {
        return name;
    }
}
