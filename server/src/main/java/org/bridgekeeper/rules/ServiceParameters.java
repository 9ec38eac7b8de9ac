package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The target's parameters a delivery carries, as of PutEvents (like its payload): an API
 * destination's (or API Gateway's) {@code HttpParameters} as given; an SQS or SNS target's
 * {@code SqsParameters}; a Kinesis target's {@code KinesisParameters} with the partition key
 * already taken from the event ({@code PartitionKey}: the value at {@code PartitionKeyPath}, or
 * the event's id as AWS uses without one). Null when the target has none.
 */
final class ServiceParameters {

    private ServiceParameters() {}

    static String json(Target target, JsonNode event) {
        JsonNode http = target.httpParameters();
        if (http != null) {
            return http.toString();
        }
        JsonNode definition = target.definition();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (definition.hasNonNull("SqsParameters")) {
            out.set("SqsParameters", definition.get("SqsParameters"));
        }
        if (target.arn().contains(":kinesis:")) {
            JsonNode kinesis = definition.path("KinesisParameters");
            ObjectNode resolved = kinesis.isObject() ? ((ObjectNode) kinesis).deepCopy() : out.objectNode();
            JsonNode key = kinesis.hasNonNull("PartitionKeyPath")
                    ? Transform.select(event, kinesis.get("PartitionKeyPath").asText()) : event.path("id");
            resolved.put("PartitionKey", key.isMissingNode() || key.isNull() ? event.path("id").asText()
                    : key.isValueNode() ? key.asText() : key.toString());
            out.set("KinesisParameters", resolved);
        }
        return out.isEmpty() ? null : out.toString();
    }
}
