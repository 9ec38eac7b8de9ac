package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.cli.model.ServiceModel;
import org.bridgekeeper.cli.model.Shape;

/**
 * aws-cli's {@code BackCompatVisitor}: after shorthand parsing (which yields only strings),
 * walk the model and convert: a single value where a list belongs becomes a one-element list,
 * integers and floats go through {@code int()} / {@code float()}, and booleans only from
 * {@code true}/{@code false} (any case); any other string stays a string, for validation to
 * reject.
 */
final class BackCompat {

    private final ServiceModel model;

    BackCompat(ServiceModel model) {
        this.model = model;
    }

    /** Converts in place; {@code value} is the parsed top-level argument. */
    void visit(JsonNode value, Shape shape) {
        switch (shape.type()) {
            case "structure" -> structure(value, shape);
            case "list" -> {
                // At the top level there is no parent to replace a scalar in: aws-cli leaves it.
                if (value instanceof ArrayNode list) {
                    list(list, shape);
                }
            }
            case "map" -> map(value, shape);
            default -> {
            }
        }
    }

    private void structure(JsonNode value, Shape shape) {
        if (!(value instanceof ObjectNode obj)) {
            return;
        }
        for (Map.Entry<String, String> m : shape.members().entrySet()) {
            JsonNode child = obj.get(m.getKey());
            if (child != null) {
                JsonNode replaced = member(child, model.shape(m.getValue()));
                if (replaced != child) {
                    obj.set(m.getKey(), replaced);
                }
            }
        }
    }

    private void list(ArrayNode list, Shape shape) {
        Shape member = model.shape(shape.member());
        for (int i = 0; i < list.size(); i++) {
            JsonNode replaced = member(list.get(i), member);
            if (replaced != list.get(i)) {
                list.set(i, replaced);
            }
        }
    }

    private void map(JsonNode value, Shape shape) {
        if (!(value instanceof ObjectNode obj)) {
            return;
        }
        Shape valueShape = model.shape(shape.value());
        List<String> keys = new ArrayList<>();
        obj.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            JsonNode replaced = member(obj.get(k), valueShape);
            if (replaced != obj.get(k)) {
                obj.set(k, replaced);
            }
        }
    }

    /** The (possibly new) value for a child of the given shape. */
    private JsonNode member(JsonNode value, Shape shape) {
        switch (shape.type()) {
            case "structure" -> {
                structure(value, shape);
                return value;
            }
            case "list" -> {
                if (value instanceof ArrayNode list) {
                    list(list, shape);
                    return value;
                }
                if (value.isNull()) {
                    return value;
                }
                // aws-cli wraps without visiting the element: "L={B=true}" keeps the string "true".
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(value);
            }
            case "map" -> {
                map(value, shape);
                return value;
            }
            case "integer", "long" -> {
                return Unpack.toInt(value);
            }
            case "float", "double" -> {
                return Unpack.toFloat(value);
            }
            case "boolean" -> {
                if (value.isTextual()) {
                    String lower = value.textValue().toLowerCase();
                    if (lower.equals("true")) {
                        return BooleanNode.TRUE;
                    }
                    if (lower.equals("false")) {
                        return BooleanNode.FALSE;
                    }
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }
}
