package org.bridgekeeper.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.model.ServiceModel;
import org.bridgekeeper.model.Shape;

/**
 * Writes a response through its output shape: only members the shape has are written, in model
 * order, so nothing that is not part of the AWS response (a password, a client secret) can reach
 * the wire even if a handler put it in the tree by mistake.
 */
final class OutputWriter {

    private final ServiceModel model;
    /**
     * Each output shape compiled once into a tree of resolved member writers: a list page of 100
     * items would otherwise look up every member's shape by name in the model, 100 times (about a
     * tenth of ListConnections' CPU time, measured with JFR).
     */
    private final ConcurrentHashMap<String, Plan> plans = new ConcurrentHashMap<>();

    OutputWriter(ServiceModel model) {
        this.model = model;
    }

    void write(JsonNode node, String shapeName, JsonGenerator out) throws IOException {
        if (shapeName == null) {
            out.writeStartObject();
            out.writeEndObject();
            return;
        }
        Plan plan = plans.get(shapeName);
        if (plan == null) {
            plan = compile(model.shape(shapeName), new HashMap<>());
            plans.putIfAbsent(shapeName, plan);
        }
        value(node, plan, out);
    }

    /** A resolved shape: a structure's members, a list's element, a map's value, or a leaf. */
    private static final class Plan {
        final Shape shape;
        String[] names;
        SerializedString[] keys;
        Plan[] members;
        Plan element;

        Plan(Shape shape) {
            this.shape = shape;
        }
    }

    /** {@code seen} ties recursive shapes into a cycle instead of recursing forever. */
    private Plan compile(Shape shape, Map<String, Plan> seen) {
        Plan known = seen.get(shape.name());
        if (known != null) {
            return known;
        }
        Plan plan = new Plan(shape);
        seen.put(shape.name(), plan);
        switch (shape) {
            case Shape.StructureShape s -> {
                int n = s.members().size();
                plan.names = new String[n];
                plan.keys = new SerializedString[n];
                plan.members = new Plan[n];
                int i = 0;
                for (Map.Entry<String, String> member : s.members().entrySet()) {
                    plan.names[i] = member.getKey();
                    plan.keys[i] = new SerializedString(member.getKey());
                    plan.members[i] = compile(model.shape(member.getValue()), seen);
                    i++;
                }
            }
            case Shape.ListShape l -> plan.element = compile(model.shape(l.member()), seen);
            case Shape.MapShape m -> plan.element = compile(model.shape(m.value()), seen);
            default -> { }
        }
        return plan;
    }

    private void value(JsonNode node, Plan plan, JsonGenerator out) throws IOException {
        switch (plan.shape) {
            case Shape.StructureShape s -> {
                out.writeStartObject();
                for (int i = 0; i < plan.names.length; i++) {
                    JsonNode child = node.get(plan.names[i]);
                    if (child != null && !child.isNull()) {
                        out.writeFieldName(plan.keys[i]);
                        value(child, plan.members[i], out);
                    }
                }
                out.writeEndObject();
            }
            case Shape.ListShape l -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    value(element, plan.element, out);
                }
                out.writeEndArray();
            }
            case Shape.MapShape m -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    out.writeFieldName(e.getKey());
                    value(e.getValue(), plan.element, out);
                }
                out.writeEndObject();
            }
            case Shape.StringShape s -> out.writeString(expect(node, node.isTextual(), s).textValue());
            case Shape.BlobShape b -> out.writeString(expect(node, node.isTextual(), b).textValue());
            case Shape.NumberShape n -> out.writeNumber(expect(node, node.isIntegralNumber(), n).longValue());
            case Shape.BooleanShape b -> out.writeBoolean(expect(node, node.isBoolean(), b).booleanValue());
            case Shape.TimestampShape t -> {
                // Epoch seconds; a fraction (milliseconds, as the delivery history's times) as AWS writes it.
                JsonNode time = expect(node, node.isNumber(), t);
                if (time.isIntegralNumber()) {
                    out.writeNumber(time.longValue());
                } else {
                    out.writeNumber(time.decimalValue());
                }
            }
        }
    }

    private static JsonNode expect(JsonNode node, boolean ok, Shape shape) {
        if (!ok) {
            // A handler bug, never a client's fault; the message names the shape, not the value.
            throw new IllegalStateException("response value of type " + node.getNodeType() + " for shape " + shape.name());
        }
        return node;
    }
}
