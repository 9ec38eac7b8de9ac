package org.bridgekeeper.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A Kinesis data stream: PutRecord with the payload as the data and the partition key taken from
 * the event at PutEvents ({@code KinesisParameters.PartitionKeyPath}, else the event id, as AWS).
 */
final class KinesisTarget implements ServiceTargets.ServiceTarget {

    private final KinesisClient client;

    KinesisTarget(ServiceTargets.Clients clients, URI endpoint, Region region) {
        // JSON rather than the SDK's default CBOR: Kinesis accepts both, and moto understands JSON only.
        if (System.getProperty("aws.cborEnabled") == null) {
            System.setProperty("aws.cborEnabled", "false");
        }
        this.client = clients.build(KinesisClient.builder(), endpoint, region);
    }

    @Override
    public void send(Arn target, Delivery delivery, JsonNode parameters) {
        String stream = target.resourceAfter("stream");
        if (stream == null) {
            throw new ServiceTargets.Failure("The target " + target + " is not a Kinesis stream.");
        }
        JsonNode key = parameters.path("KinesisParameters").path("PartitionKey");
        client.putRecord(r -> r.streamName(stream).data(SdkBytes.fromUtf8String(delivery.payload()))
                .partitionKey(key.isTextual() ? key.asText() : delivery.eventId()));
    }
}
