package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * botocore's {@code ArgumentGenerator}: the input skeleton ({@code ""}, the first enum value,
 * {@code 0}, {@code true}, one list element, {@code "1970-01-01T00:00:00"}) and the output stub
 * of {@code --generate-cli-skeleton output} (strings hold their member name).
 */
public final class Skeletons {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String EPOCH = "1970-01-01T00:00:00";

    private final ServiceModel model;
    private final boolean useMemberNames;
    private final List<String> stack = new ArrayList<>();

    private Skeletons(ServiceModel model, boolean useMemberNames) {
        this.model = model;
        this.useMemberNames = useMemberNames;
    }

    public static JsonNode input(ServiceModel model, Shape shape) {
        return shape == null ? NODES.objectNode() : new Skeletons(model, false).generate(shape, "");
    }

    public static JsonNode output(ServiceModel model, Shape shape) {
        return shape == null ? NODES.objectNode() : new Skeletons(model, true).generate(shape, "");
    }

    private JsonNode generate(Shape shape, String name) {
        stack.add(shape.name());
        try {
            switch (shape.type()) {
                case "structure" -> {
                    ObjectNode obj = NODES.objectNode();
                    if (stack.stream().filter(shape.name()::equals).count() > 1) {
                        return obj;
                    }
                    for (Map.Entry<String, String> m : shape.members().entrySet()) {
                        obj.set(m.getKey(), generate(model.shape(m.getValue()), m.getKey()));
                    }
                    return obj;
                }
                case "list" -> {
                    ArrayNode list = NODES.arrayNode();
                    list.add(generate(model.shape(shape.member()), useMemberNames ? shape.member() : ""));
                    return list;
                }
                case "map" -> {
                    ObjectNode map = NODES.objectNode();
                    map.set("KeyName", generate(model.shape(shape.value()), ""));
                    return map;
                }
                case "string" -> {
                    if (useMemberNames) {
                        return NODES.textNode(name);
                    }
                    return NODES.textNode(shape.enumValues().isEmpty() ? "" : shape.enumValues().get(0));
                }
                case "integer", "long" -> {
                    return NODES.numberNode(0);
                }
                case "float", "double" -> {
                    return NODES.numberNode(0.0);
                }
                case "boolean" -> {
                    return NODES.booleanNode(true);
                }
                case "timestamp" -> {
                    return NODES.textNode(EPOCH);
                }
                default -> {
                    return NODES.nullNode();
                }
            }
        } finally {
            stack.remove(stack.size() - 1);
        }
    }
}
