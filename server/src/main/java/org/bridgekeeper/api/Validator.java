package org.bridgekeeper.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.error.AwsException.SerializationException;
import org.bridgekeeper.error.AwsException.ValidationException;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.model.ServiceModel;
import org.bridgekeeper.model.Shape;
import org.bridgekeeper.model.Shape.BooleanShape;
import org.bridgekeeper.model.Shape.ListShape;
import org.bridgekeeper.model.Shape.MapShape;
import org.bridgekeeper.model.Shape.NumberShape;
import org.bridgekeeper.model.Shape.StringShape;
import org.bridgekeeper.model.Shape.StructureShape;
import org.bridgekeeper.model.Shape.TimestampShape;

/**
 * Checks a request body against its input shape the way AWS does: a value of the wrong JSON type
 * is a {@link SerializationException} at once (AWS fails while deserializing, before validating);
 * every constraint violation is collected, in member order, into one {@link ValidationException}
 * worded as AWS words it ({@code 2 validation errors detected: Value 'x' at 'name' failed to
 * satisfy constraint: ...; ...}). Members the shape does not know are ignored, as AWS ignores them.
 */
final class Validator {

    private final ServiceModel model;

    Validator(ServiceModel model) {
        this.model = model;
    }

    void validate(JsonNode body, String inputShape) {
        List<String> violations = new ArrayList<>();
        if (inputShape != null) {
            structure(body, (StructureShape) model.shape(inputShape), "", violations);
        }
        if (!violations.isEmpty()) {
            throw Errors.validationErrors(violations);
        }
    }

    private void value(JsonNode node, Shape shape, String path, List<String> out) {
        switch (shape) {
            case StructureShape s -> structure(node, s, path, out);
            case ListShape l -> list(node, l, path, out);
            case MapShape m -> map(node, m, path, out);
            case StringShape s -> string(node, s, path, out);
            case NumberShape n -> number(node, n, path, out);
            case BooleanShape b -> {
                if (!node.isBoolean()) {
                    throw notConvertible(node, "a Boolean");
                }
            }
            case Shape.BlobShape b -> blob(node, b, path, out);
            case TimestampShape t -> {
                if (!node.isNumber()) {
                    throw notConvertible(node, "a Timestamp");
                }
            }
        }
    }

    private void structure(JsonNode node, StructureShape shape, String path, List<String> out) {
        if (!node.isObject()) {
            throw notConvertible(node, "a structure");
        }
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            JsonNode child = node.get(member.getKey());
            String childPath = path.isEmpty() ? lowerCamel(member.getKey()) : path + "." + lowerCamel(member.getKey());
            if (child == null || child.isNull()) {
                if (shape.required() != null && shape.required().contains(member.getKey())) {
                    out.add("Value null at '" + childPath + "' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            value(child, model.shape(member.getValue()), childPath, out);
        }
    }

    private void list(JsonNode node, ListShape shape, String path, List<String> out) {
        if (!node.isArray()) {
            throw notConvertible(node, "a list");
        }
        Shape member = model.shape(shape.member());
        if (member instanceof StringShape strings) {
            // AWS reports violations of string list members once, against the whole list.
            List<String> memberViolations = new ArrayList<>();
            for (JsonNode element : node) {
                if (element.isNull()) {
                    continue;
                }
                List<String> mine = new ArrayList<>();
                string(element, strings, path, mine);
                for (String v : mine) {
                    String constraint = v.substring(v.indexOf("constraint: ") + "constraint: ".length());
                    if (!memberViolations.contains(constraint)) {
                        memberViolations.add(constraint);
                    }
                }
            }
            if (!memberViolations.isEmpty()) {
                out.add(describe(node, shape, path) + "Member must satisfy constraint: ["
                        + String.join(", ", memberViolations) + "]");
            }
        } else {
            int index = 1;
            for (JsonNode element : node) {
                String elementPath = path + "." + index++ + ".member";
                if (element.isNull()) {
                    out.add("Value null at '" + elementPath + "' failed to satisfy constraint: Member must not be null");
                } else {
                    value(element, member, elementPath, out);
                }
            }
        }
        String echoed = member instanceof StructureShape s && s.name().equals("PutEventsRequestEntry")
                ? "Value '" + putEventsEntries(node) + "' at '" + path + "' failed to satisfy constraint: "
                : describe(node, shape, path);
        size(node.size(), shape.min(), shape.max(), echoed, out);
    }

    /**
     * PutEvents' entries as AWS echoes them: the Java {@code toString} of its internal model
     * (recorded for 11 entries: {@code [PutEventsRequestEntry(time=null, source=..., resources=null,
     * detailType=..., detail=<as given>, eventBusName=..., traceHeader=null, kmsKeyIdentifier=null,
     * internalMetadata=null), ...]}). How a given Time or Resources print is not recorded: Time as
     * {@code java.util.Date} prints in UTC, Resources as a Java list.
     */
    static String putEventsEntries(JsonNode entries) {
        List<String> items = new ArrayList<>();
        for (JsonNode e : entries) {
            String time = "null";
            if (e.hasNonNull("Time") && e.get("Time").isNumber()) {
                time = java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", java.util.Locale.ROOT)
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(java.time.Instant.ofEpochMilli((long) (e.get("Time").asDouble() * 1000)));
            }
            String resources = "null";
            if (e.hasNonNull("Resources") && e.get("Resources").isArray()) {
                List<String> list = new ArrayList<>();
                e.get("Resources").forEach(r -> list.add(r.isNull() ? "null" : r.asText()));
                resources = list.toString();
            }
            items.add("PutEventsRequestEntry(time=" + time + ", source=" + echo(e, "Source") + ", resources=" + resources
                    + ", detailType=" + echo(e, "DetailType") + ", detail=" + echo(e, "Detail") + ", eventBusName="
                    + echo(e, "EventBusName") + ", traceHeader=" + echo(e, "TraceHeader")
                    + ", kmsKeyIdentifier=null, internalMetadata=null)");
        }
        return items.toString();
    }

    private static String echo(JsonNode entry, String member) {
        JsonNode value = entry.get(member);
        return value == null || value.isNull() ? "null" : value.asText();
    }

    private void map(JsonNode node, MapShape shape, String path, List<String> out) {
        if (!node.isObject()) {
            throw notConvertible(node, "a map");
        }
        Shape key = model.shape(shape.key());
        Shape value = model.shape(shape.value());
        node.properties().forEach(e -> {
            String entryPath = path + "." + e.getKey();
            value(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), key, entryPath + ".key", out);
            if (e.getValue().isNull()) {
                out.add("Value null at '" + entryPath + ".value' failed to satisfy constraint: Member must not be null");
            } else {
                value(e.getValue(), value, entryPath + ".value", out);
            }
        });
        size(node.size(), shape.min(), shape.max(), describe(node, shape, path), out);
    }

    private static void string(JsonNode node, StringShape shape, String path, List<String> out) {
        if (!node.isTextual()) {
            throw notConvertible(node, "a String");
        }
        String text = node.textValue();
        String prefix = describe(node, shape, path);
        if (shape.pattern() != null && !shape.pattern().matcher(text).matches()) {
            out.add(prefix + "Member must satisfy regular expression pattern: " + shape.patternSource());
        }
        size(text.codePointCount(0, text.length()), shape.min(), shape.max(), prefix, out);
        if (shape.enumValues() != null && !(shape.enumIgnoreCase()
                ? shape.enumValues().stream().anyMatch(text::equalsIgnoreCase) : shape.enumValues().contains(text))) {
            out.add(prefix + "Member must satisfy enum value set: [" + String.join(", ", shape.enumMessageOrder()) + "]");
        }
    }

    private static void blob(JsonNode node, Shape.BlobShape shape, String path, List<String> out) {
        if (!node.isTextual()) {
            throw notConvertible(node, "a Blob");
        }
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw Errors.base64Expected(path);
        }
        size(bytes.length, shape.min(), shape.max(), "Value at '" + path + "' failed to satisfy constraint: ", out);
    }

    private static void number(JsonNode node, NumberShape shape, String path, List<String> out) {
        boolean fits = shape.isLong() ? node.canConvertToLong() : node.canConvertToInt();
        if (!node.isIntegralNumber() || !fits) {
            throw notConvertible(node, shape.isLong() ? "a Long" : "an Integer");
        }
        long value = node.longValue();
        String prefix = describe(node, shape, path);
        if (shape.min() != null && value < shape.min()) {
            out.add(prefix + "Member must have value greater than or equal to " + shape.min());
        }
        if (shape.max() != null && value > shape.max()) {
            out.add(prefix + "Member must have value less than or equal to " + shape.max());
        }
    }

    private static void size(long size, Long min, Long max, String prefix, List<String> out) {
        if (min != null && size < min) {
            out.add(prefix + "Member must have length greater than or equal to " + min);
        }
        if (max != null && size > max) {
            out.add(prefix + "Member must have length less than or equal to " + max);
        }
    }

    /**
     * "Value 'x' at 'path' failed to satisfy constraint: ". A sensitive value, or a list of
     * structures (which may hold sensitive values), is never echoed: "Value at 'path' ...".
     */
    private static String describe(JsonNode node, Shape shape, String path) {
        String shown;
        if (shape.sensitive()) {
            shown = null;
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isValueNode()) {
                    items = null;
                    break;
                }
                items.add(element.isNull() ? "null" : element.asText());
            }
            shown = items == null ? null : items.toString();
        } else if (node.isValueNode()) {
            shown = node.asText();
        } else {
            shown = null;
        }
        return (shown == null ? "Value at '" : "Value '" + shown + "' at '") + path + "' failed to satisfy constraint: ";
    }

    static String lowerCamel(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }

    private static SerializationException notConvertible(JsonNode node, String target) {
        return switch (node.getNodeType()) {
            case ARRAY -> Errors.listNotExpected();
            case OBJECT -> Errors.structureNotExpected();
            case STRING -> Errors.notConvertible("STRING_VALUE", target);
            case BOOLEAN -> Errors.notConvertible("BOOLEAN_VALUE", target);
            case NUMBER -> Errors.notConvertible("NUMBER_VALUE", target);
            default -> Errors.unexpectedValue(target);
        };
    }
}
