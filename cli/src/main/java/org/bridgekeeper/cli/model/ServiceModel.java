package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgekeeper.cli.py.Py;

/**
 * A service model the commands are derived from ({@code events}: AWS's EventBridge model;
 * {@code extensions}: Bridgekeeper's own operations), in the compact form {@link AwsModel} makes
 * of an AWS-format model: no documentation (that is in {@link Docs}, read only by {@code help}
 * and the YAML skeleton). EventBridge's is compacted ahead of time, being large; the
 * extensions' is made at load time from their one source, which the server reads too.
 */
public final class ServiceModel {

    /** The services, as the top-level command names them (aws-cli's order: by name). */
    public static final List<String> SERVICES = List.of("events", "extensions");

    private static final String RESOURCES = "/org/bridgekeeper/cli/model/";

    /** model/bridgekeeper-extensions.json at the repository's root, copied here by the build. */
    private static final String EXTENSIONS_SOURCE = RESOURCES + "bridgekeeper-extensions.json";

    private final String name;
    private final String targetPrefix;
    private final String endpointPrefix;
    private final String signingName;
    private final String serviceId;
    private final List<Operation> operations;
    private final Map<String, Operation> byCliName;
    /** The shapes made so far; all of them for a model given as a tree. */
    private final Map<String, Shape> shapes;
    /**
     * A model read from its compact text: the text, and where each shape's JSON is in it, made
     * into a {@link Shape} when first asked for. A command needs a few dozen of the model's
     * hundreds of shapes, and parsing them all was a sixth of a command's time (docs/cli.md,
     * "Start-up"). Null for a model given as a tree.
     */
    private final String source;
    private final Map<String, int[]> shapeSpans;

    private ServiceModel(String name, JsonNode root) {
        this(name, root.get("metadata"), root.get("operations"), null, null);
        root.get("shapes").properties().forEach(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
    }

    private ServiceModel(String name, String text) {
        this(name, text, JsonSpans.members(text, JsonSpans.skipWs(text, 0), "shapes"));
    }

    private ServiceModel(String name, String text, Map<String, int[]> top) {
        this(name, Py.loads(JsonSpans.slice(text, top.get("metadata"))),
                Py.loads(JsonSpans.slice(text, top.get("operations"))), text,
                JsonSpans.members(text, top.get("shapes")[0]));
    }

    private ServiceModel(String name, JsonNode meta, JsonNode operationList, String source, Map<String, int[]> spans) {
        this.name = name;
        this.source = source;
        this.shapeSpans = spans;
        targetPrefix = meta.get("targetPrefix").textValue();
        endpointPrefix = meta.get("endpointPrefix").textValue();
        signingName = meta.get("signingName").textValue();
        serviceId = meta.get("serviceId").textValue();
        List<Operation> ops = new ArrayList<>();
        Map<String, Operation> byCli = new HashMap<>();
        for (JsonNode op : operationList) {
            JsonNode p = op.get("paginator");
            Operation.Paginator paginator = p == null ? null : new Operation.Paginator(text(p, "input_token"),
                    text(p, "output_token"), text(p, "limit_key"), text(p, "result_key"));
            Operation o = new Operation(text(op, "name"), text(op, "cli"), text(op, "input"), text(op, "output"),
                    paginator);
            ops.add(o);
            byCli.put(o.cliName(), o);
        }
        operations = List.copyOf(ops);
        byCliName = byCli;
        shapes = new HashMap<>();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.textValue();
    }

    private static List<String> strings(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(node.size());
        node.forEach(n -> out.add(n.textValue()));
        return Collections.unmodifiableList(out);
    }

    private static Shape shape(String name, JsonNode s) {
        Map<String, String> members = Map.of();
        JsonNode m = s.get("members");
        if (m != null) {
            members = new LinkedHashMap<>();
            for (JsonNode pair : m) {
                members.put(pair.get(0).textValue(), pair.get(1).textValue());
            }
            members = Collections.unmodifiableMap(members);
        }
        JsonNode min = s.get("min");
        JsonNode sensitive = s.get("sensitive");
        return new Shape(name, text(s, "type"), members, strings(s.get("required")),
                min == null ? null : min.longValue(), strings(s.get("enum")),
                sensitive != null && sensitive.booleanValue(), text(s, "member"), text(s, "key"), text(s, "value"));
    }

    /** Loads the model of a service of {@link #SERVICES} from the classpath. */
    public static ServiceModel load(String service) {
        if (service.equals("extensions")) {
            return new ServiceModel(service, AwsModel.compact(Py.loads(resource(EXTENSIONS_SOURCE))));
        }
        known(service);
        // events.json as compiled-in constants (tools/model-text.py): no resource read from the jar.
        return new ServiceModel(service, EventsModelText.text());
    }

    /** The documentation tree of a service of {@link #SERVICES}, as {@link AwsModel#docs} makes it. */
    static JsonNode docs(String service) {
        if (service.equals("extensions")) {
            return AwsModel.docs(Py.loads(resource(EXTENSIONS_SOURCE)));
        }
        return Py.loads(resource(RESOURCES + known(service) + "-docs.json"));
    }

    private static String known(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("no service " + service);
        }
        return service;
    }

    static String resource(String name) {
        try (InputStream in = ServiceModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CLI's name of the service: {@code events}, {@code extensions}. */
    public String name() {
        return name;
    }

    public String targetPrefix() {
        return targetPrefix;
    }

    public String endpointPrefix() {
        return endpointPrefix;
    }

    public String signingName() {
        return signingName;
    }

    /**
     * {@code EventBridge}: names the service-specific endpoint variable. The extensions' model
     * has the same one: they are served on the events endpoint.
     */
    public String serviceId() {
        return serviceId;
    }

    public List<Operation> operations() {
        return operations;
    }

    public Optional<Operation> operation(String cliName) {
        return Optional.ofNullable(byCliName.get(cliName));
    }

    public Shape shape(String name) {
        Shape s = shapeOrNull(name);
        if (s == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return s;
    }

    public Shape shapeOrNull(String name) {
        if (name == null) {
            return null;
        }
        Shape s = shapes.get(name);
        if (s == null && shapeSpans != null) {
            int[] span = shapeSpans.get(name);
            if (span != null) {
                s = shape(name, Py.loads(JsonSpans.slice(source, span)));
                shapes.put(name, s);
            }
        }
        return s;
    }
}
