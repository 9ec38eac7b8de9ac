package org.bridgekeeper.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bridgekeeper.model.Shape.BooleanShape;
import org.bridgekeeper.model.Shape.ListShape;
import org.bridgekeeper.model.Shape.MapShape;
import org.bridgekeeper.model.Shape.NumberShape;
import org.bridgekeeper.model.Shape.StringShape;
import org.bridgekeeper.model.Shape.StructureShape;
import org.bridgekeeper.model.Shape.TimestampShape;

/**
 * A service model: operations with their input and output shapes, and every shape with its
 * constraints. EventBridge's and KMS's are compact ({@code model/events.json}, derived from the
 * AWS model by {@code tools/compact-model.py}); Bridgekeeper's own operations are read in AWS's
 * (botocore) form from their one source, {@code model/bridgekeeper-extensions.json} at the
 * repository's root, which the CLI reads too. The two forms differ only in how a shape is
 * referred to: {@code "Name"} or {@code {"shape": "Name", "documentation": ...}}.
 */
public final class ServiceModel {

    /** An operation: the names of its input and output shapes (either may be absent). */
    public record Operation(String name, String input, String output) {}

    private final String targetPrefix;
    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(String targetPrefix, Map<String, Operation> operations, Map<String, Shape> shapes) {
        this.targetPrefix = targetPrefix;
        this.operations = Map.copyOf(operations);
        this.shapes = Map.copyOf(shapes);
    }

    /** Loads the EventBridge model shipped with the server. */
    public static ServiceModel events() {
        return load("events");
    }

    /** Loads the KMS model shipped with the server (for the key API). */
    public static ServiceModel kms() {
        return load("kms");
    }

    /** Secrets Manager (reads of connection secrets). */
    public static ServiceModel secretsManager() {
        return load("secretsmanager");
    }

    /** STS (GetCallerIdentity), a query-protocol service: it has no target prefix. */
    public static ServiceModel sts() {
        return load("sts");
    }

    /** Bridgekeeper's own operations. */
    public static ServiceModel extensions() {
        return load("bridgekeeper-extensions");
    }

    private static ServiceModel load(String name) {
        try (InputStream in = ServiceModel.class.getResourceAsStream("/model/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("model/" + name + ".json is missing from the class path");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceModel parse(JsonNode root) {
        Map<String, Operation> operations = new HashMap<>();
        root.path("operations").properties().forEach(e -> operations.put(e.getKey(), new Operation(
                e.getKey(), ref(e.getValue(), "input"), ref(e.getValue(), "output"))));
        Map<String, Shape> shapes = new HashMap<>();
        root.path("shapes").properties().forEach(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
        return new ServiceModel(root.path("metadata").path("targetPrefix").asText(), operations, shapes);
    }

    private static Shape shape(String name, JsonNode s) {
        boolean sensitive = s.path("sensitive").asBoolean(false);
        Long min = s.has("min") ? s.get("min").asLong() : null;
        Long max = s.has("max") ? s.get("max").asLong() : null;
        return switch (s.path("type").asText()) {
            case "string" -> {
                String pattern = text(s, "pattern");
                List<String> values = strings(s.get("enum"));
                yield new StringShape(name, sensitive, min, max,
                        pattern == null ? null : Pattern.compile(pattern, Pattern.DOTALL), pattern,
                        values, s.has("enumMessageOrder") ? strings(s.get("enumMessageOrder")) : values,
                        s.path("enumIgnoreCase").asBoolean(false));
            }
            case "integer" -> new NumberShape(name, sensitive, false, min, max);
            case "long" -> new NumberShape(name, sensitive, true, min, max);
            case "boolean" -> new BooleanShape(name, sensitive);
            case "timestamp" -> new TimestampShape(name, sensitive);
            case "blob" -> new Shape.BlobShape(name, sensitive, min, max);
            case "structure" -> {
                Map<String, String> members = new LinkedHashMap<>();
                s.path("members").properties().forEach(m -> members.put(m.getKey(), ref(m.getValue())));
                yield new StructureShape(name, sensitive, members, strings(s.get("required")),
                        s.path("exception").asBoolean(false));
            }
            case "list" -> new ListShape(name, sensitive, ref(s, "member"), min, max);
            case "map" -> new MapShape(name, sensitive, ref(s, "key"), ref(s, "value"), min, max);
            default -> throw new IllegalStateException("shape " + name + " has an unknown type " + s.path("type"));
        };
    }

    /** The shape a field refers to, in either form; null without the field. */
    private static String ref(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : ref(value);
    }

    private static String ref(JsonNode reference) {
        return reference.isObject() ? reference.path("shape").asText() : reference.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    public String targetPrefix() {
        return targetPrefix;
    }

    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name + " in the model");
        }
        return shape;
    }
}
