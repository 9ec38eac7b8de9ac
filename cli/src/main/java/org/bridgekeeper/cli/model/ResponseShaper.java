package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.Map;

/**
 * botocore's JSON response parser: only modeled members are kept, in model order, {@code null}s
 * dropped; timestamps become the CLI's ISO text ({@code cli_timestamp_format = iso8601}) or stay
 * as sent ({@code wire}).
 */
public final class ResponseShaper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServiceModel model;
    private final ZoneId zone;
    private final boolean wireTimestamps;
    private final boolean maskSensitive;

    private ResponseShaper(ServiceModel model, ZoneId zone, boolean wireTimestamps, boolean maskSensitive) {
        this.model = model;
        this.zone = zone;
        this.wireTimestamps = wireTimestamps;
        this.maskSensitive = maskSensitive;
    }

    public static JsonNode shape(ServiceModel model, Shape output, JsonNode body, ZoneId zone, boolean wireTimestamps) {
        if (output == null || body == null || !body.isObject()) {
            return NODES.objectNode();
        }
        return new ResponseShaper(model, zone, wireTimestamps, false).value(body, output);
    }

    /** A copy of request or response data with every sensitive value replaced, for {@code --debug}. */
    public static JsonNode masked(ServiceModel model, Shape shape, JsonNode data) {
        if (shape == null || data == null) {
            return data;
        }
        return new ResponseShaper(model, ZoneId.of("UTC"), true, true).maskOnly(data, shape);
    }

    private JsonNode value(JsonNode v, Shape shape) {
        switch (shape.type()) {
            case "structure" -> {
                if (!v.isObject()) {
                    return v;
                }
                ObjectNode out = NODES.objectNode();
                for (Map.Entry<String, String> m : shape.members().entrySet()) {
                    JsonNode raw = v.get(m.getKey());
                    if (raw != null && !raw.isNull()) {
                        out.set(m.getKey(), value(raw, model.shape(m.getValue())));
                    }
                }
                return out;
            }
            case "list" -> {
                if (!v.isArray()) {
                    return v;
                }
                ArrayNode out = NODES.arrayNode();
                Shape member = model.shape(shape.member());
                v.forEach(item -> out.add(item.isNull() ? item : value(item, member)));
                return out;
            }
            case "map" -> {
                if (!v.isObject()) {
                    return v;
                }
                ObjectNode out = NODES.objectNode();
                Shape valueShape = model.shape(shape.value());
                v.properties().forEach(e -> out.set(e.getKey(), e.getValue().isNull() ? e.getValue()
                        : value(e.getValue(), valueShape)));
                return out;
            }
            case "timestamp" -> {
                if (wireTimestamps) {
                    return v;
                }
                String iso = Timestamps.iso(v, zone);
                return iso == null ? v : NODES.textNode(iso);
            }
            default -> {
                return v;
            }
        }
    }

    private JsonNode maskOnly(JsonNode v, Shape shape) {
        if (shape.sensitive()) {
            return NODES.textNode("*** sensitive ***");
        }
        switch (shape.type()) {
            case "structure" -> {
                if (!v.isObject()) {
                    return v;
                }
                ObjectNode out = NODES.objectNode();
                v.properties().forEach(e -> {
                    String target = shape.members().get(e.getKey());
                    out.set(e.getKey(), target == null ? e.getValue() : maskOnly(e.getValue(), model.shape(target)));
                });
                return out;
            }
            case "list" -> {
                if (!v.isArray()) {
                    return v;
                }
                ArrayNode out = NODES.arrayNode();
                Shape member = model.shape(shape.member());
                v.forEach(item -> out.add(maskOnly(item, member)));
                return out;
            }
            case "map" -> {
                if (!v.isObject()) {
                    return v;
                }
                ObjectNode out = NODES.objectNode();
                Shape valueShape = model.shape(shape.value());
                v.properties().forEach(e -> out.set(e.getKey(), maskOnly(e.getValue(), valueShape)));
                return out;
            }
            default -> {
                return v;
            }
        }
    }
}
