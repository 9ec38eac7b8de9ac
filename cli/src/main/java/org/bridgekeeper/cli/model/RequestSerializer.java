package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.bridgekeeper.cli.py.Py;

/**
 * botocore's {@code JSONSerializer}: members in the order they were given (command-line options
 * in model order, then {@code --cli-input-*} keys), {@code null}s dropped, timestamps as whole
 * epoch seconds, blobs base64; written as Python's {@code json.dumps} would.
 */
public final class RequestSerializer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestSerializer() {
    }

    public static byte[] body(ServiceModel model, Shape input, JsonNode params) {
        JsonNode serialized = input == null ? NODES.objectNode() : value(model, params, input);
        return Py.dumps(serialized).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode value(ServiceModel model, JsonNode v, Shape shape) {
        switch (shape.type()) {
            case "structure" -> {
                ObjectNode out = NODES.objectNode();
                Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isNull()) {
                        out.set(e.getKey(), value(model, e.getValue(), model.shape(shape.members().get(e.getKey()))));
                    }
                }
                return out;
            }
            case "list" -> {
                ArrayNode out = NODES.arrayNode();
                Shape member = model.shape(shape.member());
                v.forEach(item -> out.add(value(model, item, member)));
                return out;
            }
            case "map" -> {
                ObjectNode out = NODES.objectNode();
                Shape valueShape = model.shape(shape.value());
                v.properties().forEach(e -> out.set(e.getKey(), value(model, e.getValue(), valueShape)));
                return out;
            }
            case "timestamp" -> {
                Instant t = Timestamps.parseInput(v);
                return t == null ? v : NODES.numberNode(t.getEpochSecond());
            }
            case "blob" -> {
                byte[] bytes = v.isBinary() ? binary(v) : v.asText().getBytes(StandardCharsets.UTF_8);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            default -> {
                return v;
            }
        }
    }

    private static byte[] binary(JsonNode v) {
        try {
            return v.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
