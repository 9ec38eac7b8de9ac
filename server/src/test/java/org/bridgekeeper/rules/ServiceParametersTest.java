package org.bridgekeeper.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ServiceParametersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Target target(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return new Target(node.path("Id").asText(), node);
    }

    static final String EVENT = "{\"id\":\"e-1\",\"source\":\"shop\",\"detail\":{\"customer\":\"c-7\",\"n\":3,\"o\":{\"a\":1}}}";

    @Test
    void kinesisTakesItsPartitionKeyFromTheEventAtPutEvents() throws Exception {
        JsonNode event = JSON.readTree(EVENT);
        String kinesis = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
        assertEquals("{\"KinesisParameters\":{\"PartitionKeyPath\":\"$.detail.customer\",\"PartitionKey\":\"c-7\"}}",
                ServiceParameters.json(target("{\"Id\":\"k\",\"Arn\":\"" + kinesis + "\",\"KinesisParameters\":"
                        + "{\"PartitionKeyPath\":\"$.detail.customer\"}}"), event));
        assertEquals("{\"KinesisParameters\":{\"PartitionKey\":\"e-1\"}}",
                ServiceParameters.json(target("{\"Id\":\"k\",\"Arn\":\"" + kinesis + "\"}"), event), "the event id, as AWS");
        assertEquals("3", JSON.readTree(ServiceParameters.json(target("{\"Id\":\"k\",\"Arn\":\"" + kinesis
                + "\",\"KinesisParameters\":{\"PartitionKeyPath\":\"$.detail.n\"}}"), event)).at("/KinesisParameters/PartitionKey").asText());
        assertEquals("e-1", JSON.readTree(ServiceParameters.json(target("{\"Id\":\"k\",\"Arn\":\"" + kinesis
                + "\",\"KinesisParameters\":{\"PartitionKeyPath\":\"$.detail.missing\"}}"), event)).at("/KinesisParameters/PartitionKey").asText());
    }

    @Test
    void sqsKeepsItsParametersAndApiDestinationsTheirHttpParameters() throws Exception {
        JsonNode event = JSON.readTree(EVENT);
        assertEquals("{\"SqsParameters\":{\"MessageGroupId\":\"g\"}}", ServiceParameters.json(target(
                "{\"Id\":\"q\",\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q.fifo\",\"SqsParameters\":{\"MessageGroupId\":\"g\"}}"), event));
        assertEquals("{\"PathParameterValues\":[\"a\"]}", ServiceParameters.json(target("{\"Id\":\"d\",\"Arn\":"
                + "\"arn:aws:events:us-east-1:000000000000:api-destination/d/x\",\"HttpParameters\":{\"PathParameterValues\":[\"a\"]}}"), event));
        assertNull(ServiceParameters.json(target("{\"Id\":\"l\",\"Arn\":\"arn:aws:lambda:us-east-1:000000000000:function:f\"}"), event));
    }
}
