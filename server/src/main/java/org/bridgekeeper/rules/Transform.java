package org.bridgekeeper.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.error.Errors;

/**
 * What a target receives for an event, as AWS builds it: the whole event, or the constant
 * {@code Input}, or the part {@code InputPath} selects, or the {@code InputTransformer}'s template
 * with its placeholders filled. In a template, a placeholder inside a JSON string is replaced by
 * the value's text; outside one, by the value's JSON (a missing value is {@code null} there and
 * empty text inside a string).
 */
final class Transform {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE_ARN = "aws.events.rule-arn";
    private static final String RULE_NAME = "aws.events.rule-name";
    private static final String INGESTION_TIME = "aws.events.event.ingestion-time";
    private static final String EVENT = "aws.events.event";
    private static final String EVENT_JSON = "aws.events.event.json";

    private Transform() {}

    /** AWS's own placeholders, valid in every InputTemplate without an InputPathsMap entry. */
    private static final java.util.Set<String> PREDEFINED = java.util.Set.of(RULE_ARN, RULE_NAME, INGESTION_TIME, EVENT,
            EVENT_JSON);
    /**
     * The largest payload a transformer may build: AWS's limit of an event (256 KB, PutEvents'
     * entry limit). A template whose placeholders repeat a large event (2,047 placeholders of a
     * 50 KB event is 100 MB) is stopped there instead of being built whole.
     */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** The transformed payload would be larger than {@link #MAX_PAYLOAD_BYTES}: not built, and not delivered. */
    static final class PayloadTooLarge extends RuntimeException {
        PayloadTooLarge() {
            super("The target's input transformer makes a payload larger than " + MAX_PAYLOAD_BYTES
                    + " bytes (AWS's limit of an event); it was not built or delivered.", null, false, false);
        }
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("<([^<>]*)>");

    /**
     * PutTargets' checks, in AWS's words where recorded: at most one of Input, InputPath and
     * InputTransformer; every placeholder of the InputTemplate in the InputPathsMap or AWS's own;
     * Input is JSON; the paths are ones Bridgekeeper can follow.
     */
    static void check(JsonNode target) {
        String id = target.path("Id").asText();
        int kinds = (target.hasNonNull("Input") ? 1 : 0) + (target.hasNonNull("InputPath") ? 1 : 0)
                + (target.hasNonNull("InputTransformer") ? 1 : 0);
        if (kinds > 1) {
            throw Errors.oneInputKind(id);
        }
        JsonNode transformer = target.path("InputTransformer");
        if (transformer.hasNonNull("InputTemplate")) {
            java.util.regex.Matcher m = PLACEHOLDER.matcher(transformer.get("InputTemplate").asText());
            while (m.find()) {
                String name = m.group(1);
                if (!PREDEFINED.contains(name) && !transformer.path("InputPathsMap").has(name)) {
                    throw Errors.invalidPlaceholder(id, name);
                }
            }
        }
        if (target.hasNonNull("Input")) {
            try {
                JSON.readTree(target.get("Input").asText());
            } catch (JsonProcessingException e) {
                throw Errors.inputNotJson();
            }
        }
        if (target.hasNonNull("InputPath")) {
            steps(target.get("InputPath").asText());
        }
        target.path("InputTransformer").path("InputPathsMap").forEach(path -> steps(path.asText()));
    }

    /** The payload for {@code target} of {@code rule} for {@code event} (the envelope as JSON). */
    public static String payload(JsonNode target, Rule rule, JsonNode event, String ingestionTime) {
        if (target.hasNonNull("Input")) {
            return target.get("Input").asText();
        }
        if (target.hasNonNull("InputPath")) {
            JsonNode selected = select(event, target.get("InputPath").asText());
            return selected.isMissingNode() ? "null" : selected.toString();
        }
        JsonNode transformer = target.get("InputTransformer");
        if (transformer == null || transformer.isNull()) {
            return event.toString();
        }
        Map<String, JsonNode> values = new HashMap<>();
        transformer.path("InputPathsMap").properties().forEach(e -> values.put(e.getKey(), select(event, e.getValue().asText())));
        values.putIfAbsent(RULE_ARN, TextNode.valueOf(rule.arn()));
        values.putIfAbsent(RULE_NAME, TextNode.valueOf(rule.name()));
        values.putIfAbsent(INGESTION_TIME, TextNode.valueOf(ingestionTime));
        values.putIfAbsent(EVENT, event);
        values.putIfAbsent(EVENT_JSON, event);
        String payload = fill(transformer.path("InputTemplate").asText(), values);
        if (payload.length() > MAX_PAYLOAD_BYTES / 3 // (no UTF-8 char takes more than 3 bytes per UTF-16 unit)
                && payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new PayloadTooLarge();
        }
        return payload;
    }

    static String fill(String template, Map<String, JsonNode> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        boolean inString = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '"' && !escaped(template, i)) {
                inString = !inString;
            }
            if (c == '<') {
                int end = template.indexOf('>', i + 1);
                if (end > 0 && values.containsKey(template.substring(i + 1, end))) {
                    JsonNode value = values.get(template.substring(i + 1, end));
                    out.append(inString ? quoted(value) : value.isMissingNode() ? "null" : value.toString());
                    if (out.length() > MAX_PAYLOAD_BYTES) {
                        throw new PayloadTooLarge();
                    }
                    i = end;
                    continue;
                }
            }
            out.append(c);
            if (out.length() > MAX_PAYLOAD_BYTES) {
                throw new PayloadTooLarge(); // (each char is at least a byte)
            }
        }
        return out.toString();
    }

    private static boolean escaped(String s, int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** The value as text inside a JSON string: strings unquoted, the rest as their JSON, escaped. */
    private static String quoted(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        String text = value.isTextual() ? value.textValue() : value.toString();
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    /** The value at a JSON path ($, $.a.b, $.a[0], $['a b']); missing when any step is absent. */
    static JsonNode select(JsonNode root, String path) {
        JsonNode node = root;
        for (Object step : steps(path)) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
            if (node.isMissingNode()) {
                return MissingNode.getInstance();
            }
        }
        return node;
    }

    private static List<Object> steps(String path) {
        if (!path.startsWith("$")) {
            throw Errors.invalidInputPath(path);
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw Errors.invalidInputPath(path);
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw Errors.invalidInputPath(path);
                }
                String inside = path.substring(i + 1, end);
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        steps.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw Errors.invalidInputPath(path);
                    }
                }
                i = end + 1;
            } else {
                throw Errors.invalidInputPath(path);
            }
        }
        return steps;
    }
}
