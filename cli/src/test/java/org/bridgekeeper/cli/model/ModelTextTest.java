package org.bridgekeeper.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The model the CLI reads at start-up is the resource events.json, as tools/model-text.py copies it. */
class ModelTextTest {

    @Test
    void theCompiledInModelIsTheResource() {
        assertEquals(ServiceModel.resource("/org/bridgekeeper/cli/model/events.json"), EventsModelText.text(),
                "events.json changed: run tools/model-text.py");
    }

    @Test
    void everyShapeAndOperationReadLazilyIsTheOneTheWholeParseReads() {
        ServiceModel lazy = ServiceModel.load("events");
        com.fasterxml.jackson.databind.JsonNode whole = org.bridgekeeper.cli.py.Py.loads(EventsModelText.text());
        assertEquals(whole.get("operations").size(), lazy.operations().size());
        whole.get("shapes").properties().forEach(e -> {
            Shape s = lazy.shape(e.getKey());
            assertEquals(e.getKey(), s.name());
            assertEquals(e.getValue().get("type").textValue(), s.type());
            com.fasterxml.jackson.databind.JsonNode members = e.getValue().get("members");
            assertEquals(members == null ? 0 : members.size(), s.members().size(), e.getKey());
        });
        assertEquals(null, lazy.shapeOrNull("NoSuchShape"));
    }
}
