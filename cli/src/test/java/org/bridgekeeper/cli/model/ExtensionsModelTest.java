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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The {@code extensions} service's model is its one AWS-format source,
 * {@code model/bridgekeeper-extensions.json} (which the server reads too): the CLI's commands,
 * paginator and documentation come from it.
 */
class ExtensionsModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String path) throws IOException {
        Path p = Path.of(path);
        assertTrue(Files.exists(p), p.toAbsolutePath().toString());
        return JSON.readTree(p.toFile());
    }

    private static JsonNode source() throws IOException {
        return read("../model/bridgekeeper-extensions.json");
    }

    @Test
    void theSourceModelIsTheExtensionsServedOnTheEventsEndpoint() throws IOException {
        JsonNode source = source();
        assertEquals("Bridgekeeper", source.at("/metadata/targetPrefix").asText());
        assertEquals("1.1", source.at("/metadata/jsonVersion").asText());
        assertEquals("json", source.at("/metadata/protocol").asText());
        assertEquals("events", source.at("/metadata/endpointPrefix").asText(), "signed as the events service");
        assertEquals(Set.of("ListDeadLetters", "RedriveDeadLetters", "TestInvokeApiDestination", "ListDeliveries",
                "DescribeDelivery", "RetryDelivery", "CancelDelivery"), names(source.get("operations")));
        source.get("operations").properties().forEach(e -> assertTrue(
                !e.getValue().path("documentation").asText().isEmpty(), e.getKey() + " is documented"));
        // Every shape a reference names is in the model.
        TreeSet<String> referenced = new TreeSet<>();
        source.get("operations").forEach(op -> List.of("input", "output").forEach(k -> referenced.add(
                op.at("/" + k + "/shape").asText())));
        source.get("shapes").forEach(shape -> {
            shape.path("members").forEach(m -> referenced.add(m.get("shape").asText()));
            List.of("member", "key", "value").forEach(k -> {
                if (shape.has(k)) {
                    referenced.add(shape.at("/" + k + "/shape").asText());
                }
            });
        });
        assertTrue(names(source.get("shapes")).containsAll(referenced), referenced.toString());
    }

    @Test
    void theCompactResourceIsTheSourceModel() throws IOException {
        JsonNode source = source();
        JsonNode paginators = source.get("pagination");
        ServiceModel model = ServiceModel.load("extensions");
        assertEquals("extensions", model.name());
        assertEquals("Bridgekeeper", model.targetPrefix());
        assertEquals("events", model.signingName());
        assertEquals("events", model.endpointPrefix());
        assertEquals(source.at("/metadata/serviceId").asText(), model.serviceId());

        List<String> ops = new ArrayList<>();
        model.operations().forEach(o -> ops.add(o.name()));
        assertEquals(List.copyOf(names(source.get("operations"))), ops, "model order (alphabetical, as AWS's)");
        assertEquals(List.of("cancel-delivery", "describe-delivery", "list-dead-letters", "list-deliveries",
                "redrive-dead-letters", "retry-delivery", "test-invoke-api-destination"),
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
