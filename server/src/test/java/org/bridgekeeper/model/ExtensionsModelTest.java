package org.bridgekeeper.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bridgekeeper.model.Shape.ListShape;
import org.bridgekeeper.model.Shape.MapShape;
import org.bridgekeeper.model.Shape.StringShape;
import org.bridgekeeper.model.Shape.StructureShape;
import org.junit.jupiter.api.Test;

/**
 * The extensions' model is read in AWS's form from the source the CLI reads too
 * (model/bridgekeeper-extensions.json): references are {"shape": ...} objects there, documented.
 */
class ExtensionsModelTest {

    private static final ServiceModel MODEL = ServiceModel.extensions();

    @Test
    void operationsAndTheirShapes() {
        assertEquals("Bridgekeeper", MODEL.targetPrefix());
        assertEquals(new ServiceModel.Operation("ListDeadLetters", "ListDeadLettersRequest", "ListDeadLettersResponse"),
                MODEL.operation("ListDeadLetters").orElseThrow());
        assertEquals(new ServiceModel.Operation("RedriveDeadLetters", "RedriveDeadLettersRequest",
                "RedriveDeadLettersResponse"), MODEL.operation("RedriveDeadLetters").orElseThrow());
        assertEquals(new ServiceModel.Operation("TestInvokeApiDestination", "TestInvokeApiDestinationRequest",
                "TestInvokeApiDestinationResponse"), MODEL.operation("TestInvokeApiDestination").orElseThrow());
    }

    @Test
    void shapeReferencesAndConstraints() {
        StructureShape request = (StructureShape) MODEL.shape("TestInvokeApiDestinationRequest");
        assertEquals(List.of("Name", "Payload", "HttpParameters"), List.copyOf(request.members().keySet()));
        assertEquals("ApiDestinationName", request.members().get("Name"));
        assertEquals(List.of("Name"), request.required());
        assertEquals("PathParameter", ((ListShape) MODEL.shape("PathParameterList")).member());
        MapShape headers = (MapShape) MODEL.shape("HeaderParametersMap");
        assertEquals("HeaderKey", headers.key());
        assertEquals("HeaderValue", headers.value());
        StringShape name = (StringShape) MODEL.shape("ApiDestinationName");
        assertEquals(1L, name.min());
        assertEquals(64L, name.max());
        assertEquals("[\\.\\-_A-Za-z0-9]+", name.patternSource());
    }
}
