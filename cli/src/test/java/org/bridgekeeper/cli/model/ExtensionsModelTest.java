package org.bridgekeeper.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The {@code extensions} service's three models agree: the AWS-format source
 * ({@code cli/model-src/bridgekeeper-extensions-2.json}) has the server's operations and shapes
 * ({@code server/src/main/resources/model/bridgekeeper.json}: same members, types and
 * constraints), and the compact resource the CLI reads is what {@code tools/compact-cli-model.py}
 * makes of the source (a stale resource fails here).
 */
class ExtensionsModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String path) throws IOException {
        Path p = Path.of(path);
        assertTrue(Files.exists(p), p.toAbsolutePath().toString());
        return JSON.readTree(p.toFile());
    }

    private static JsonNode source() throws IOException {
        return read("model-src/bridgekeeper-extensions-2.json");
    }

    @Test
    void theSourceModelHasTheServersOperationsAndShapes() throws IOException {
        JsonNode server = read("../server/src/main/resources/model/bridgekeeper.json");
        JsonNode source = source();
        assertEquals(server.at("/metadata/targetPrefix").asText(), source.at("/metadata/targetPrefix").asText());
        assertEquals(server.at("/metadata/jsonVersion").asText(), source.at("/metadata/jsonVersion").asText());
        assertEquals("json", source.at("/metadata/protocol").asText());
        assertEquals("events", source.at("/metadata/endpointPrefix").asText(), "signed as the events service");

        assertEquals(names(server.get("operations")), names(source.get("operations")));
        server.get("operations").properties().forEach(e -> {
            JsonNode op = source.get("operations").get(e.getKey());
            assertEquals(e.getValue().get("input").asText(), op.at("/input/shape").asText(), e.getKey());
            assertEquals(e.getValue().get("output").asText(), op.at("/output/shape").asText(), e.getKey());
            assertTrue(!op.path("documentation").asText().isEmpty(), e.getKey() + " is documented");
        });

        assertEquals(names(server.get("shapes")), names(source.get("shapes")));
        server.get("shapes").properties().forEach(e -> {
            String name = e.getKey();
            JsonNode want = e.getValue();
            JsonNode got = source.get("shapes").get(name);
            for (String key : List.of("type", "min", "max", "pattern", "required", "enum", "sensitive")) {
                assertEquals(want.get(key), got.get(key), name + "." + key);
            }
            if (want.has("members")) {
                Map<String, String> members = new LinkedHashMap<>();
                got.get("members").properties().forEach(m -> members.put(m.getKey(), m.getValue().get("shape").asText()));
                Map<String, String> expected = new LinkedHashMap<>();
                want.get("members").properties().forEach(m -> expected.put(m.getKey(), m.getValue().asText()));
                assertEquals(List.copyOf(expected.entrySet()), List.copyOf(members.entrySet()), name + " members");
            }
            for (String ref : List.of("member", "key", "value")) {
                if (want.has(ref)) {
                    assertEquals(want.get(ref).asText(), got.at("/" + ref + "/shape").asText(), name + "." + ref);
                }
            }
        });
    }

    @Test
    void theCompactResourceIsTheSourceModel() throws IOException {
        JsonNode source = source();
        JsonNode paginators = read("model-src/bridgekeeper-extensions-paginators-1.json").get("pagination");
        ServiceModel model = ServiceModel.load("extensions");
        assertEquals("extensions", model.name());
        assertEquals("Bridgekeeper", model.targetPrefix());
        assertEquals("events", model.signingName());
        assertEquals("events", model.endpointPrefix());
        assertEquals(source.at("/metadata/serviceId").asText(), model.serviceId());

        List<String> ops = new ArrayList<>();
        model.operations().forEach(o -> ops.add(o.name()));
        assertEquals(List.copyOf(names(source.get("operations"))), ops, "model order (alphabetical, as AWS's)");
        assertEquals(List.of("list-dead-letters", "redrive-dead-letters", "test-invoke-api-destination"),
                model.operations().stream().map(Operation::cliName).toList());
        Operation list = model.operation("list-dead-letters").orElseThrow();
        JsonNode p = paginators.get("ListDeadLetters");
        assertEquals(new Operation.Paginator(p.get("input_token").asText(), p.get("output_token").asText(),
                p.get("limit_key").asText(), p.get("result_key").asText()), list.paginator());

        source.get("shapes").properties().forEach(e -> {
            Shape s = model.shape(e.getKey());
            JsonNode want = e.getValue();
            assertEquals(want.get("type").asText(), s.type(), e.getKey());
            assertEquals(want.has("min") ? want.get("min").asLong() : null, s.min(), e.getKey() + ".min");
            List<String> required = new ArrayList<>();
            want.path("required").forEach(r -> required.add(r.asText()));
            assertEquals(required, s.required(), e.getKey() + ".required");
            List<String> members = new ArrayList<>();
            want.path("members").properties().forEach(m -> members.add(m.getKey() + "=" + m.getValue().get("shape")
                    .asText()));
            assertEquals(members, s.members().entrySet().stream().map(m -> m.getKey() + "=" + m.getValue()).toList(),
                    e.getKey() + " members");
        });

        Docs docs = Docs.load("extensions");
        source.get("operations").properties().forEach(e -> assertEquals(e.getValue().get("documentation").asText(),
                docs.operation(e.getKey())));
        assertEquals("The name of the API destination to call.",
                docs.overview("TestInvokeApiDestinationRequest", "Name"));
    }

    @Test
    void eachServiceLoadsItsOwnModelAndOnlyKnownServicesLoad() {
        ServiceModel events = ServiceModel.load("events");
        assertEquals("events", events.name());
        assertEquals("AWSEvents", events.targetPrefix());
        assertNotNull(events.operation("create-connection").orElse(null));
        assertTrue(events.operation("list-dead-letters").isEmpty());
        assertEquals(List.of("events", "extensions"), ServiceModel.SERVICES);
        try {
            ServiceModel.load("../events");
            throw new AssertionError("loaded an unknown service");
        } catch (IllegalArgumentException expected) {
            // only the services of SERVICES
        }
    }

    private static TreeSet<String> names(JsonNode object) {
        TreeSet<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
