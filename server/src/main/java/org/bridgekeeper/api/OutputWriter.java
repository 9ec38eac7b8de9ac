package org.bridgekeeper.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.bridgekeeper.model.ServiceModel;
import org.bridgekeeper.model.Shape;

/**
 * Writes a response through its output shape: only members the shape has are written, in model
 * order, so nothing that is not part of the AWS response (a password, a client secret) can reach
 * the wire even if a handler put it in the tree by mistake.
 */
final class OutputWriter {

    private final ServiceModel model;

    OutputWriter(ServiceModel model) {
        this.model = model;
    }

    void write(JsonNode node, String shapeName, JsonGenerator out) throws IOException {
        if (shapeName == null) {
            out.writeStartObject();
            out.writeEndObject();
            return;
        }
        value(node, model.shape(shapeName), out);
    }

    private void value(JsonNode node, Shape shape, JsonGenerator out) throws IOException {
        switch (shape) {
            case Shape.StructureShape s -> {
                out.writeStartObject();
                for (Map.Entry<String, String> member : s.members().entrySet()) {
                    JsonNode child = node.get(member.getKey());
                    if (child != null && !child.isNull()) {
                        out.writeFieldName(member.getKey());
                        value(child, model.shape(member.getValue()), out);
                    }
                }
                out.writeEndObject();
            }
            case Shape.ListShape l -> {
                out.writeStartArray();
                Shape member = model.shape(l.member());
                for (JsonNode element : node) {
                    value(element, member, out);
                }
                out.writeEndArray();
            }
            case Shape.MapShape m -> {
                out.writeStartObject();
                Shape valueShape = model.shape(m.value());
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    out.writeFieldName(e.getKey());
                    value(e.getValue(), valueShape, out);
                }
                out.writeEndObject();
            }
            case Shape.StringShape s -> out.writeString(expect(node, node.isTextual(), s).textValue());
            case Shape.BlobShape b -> out.writeString(expect(node, node.isTextual(), b).textValue());
            case Shape.NumberShape n -> out.writeNumber(expect(node, node.isIntegralNumber(), n).longValue());
            case Shape.BooleanShape b -> out.writeBoolean(expect(node, node.isBoolean(), b).booleanValue());
            case Shape.TimestampShape t -> out.writeNumber(expect(node, node.isNumber(), t).longValue());
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
