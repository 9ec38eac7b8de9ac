package org.bridgekeeper.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** A Firehose delivery stream: PutRecord with the payload as the record's data. */
final class FirehoseTarget implements ServiceTargets.ServiceTarget {

    private final FirehoseClient client;

    FirehoseTarget(ServiceTargets.Clients clients, URI endpoint, Region region) {
        this.client = clients.build(FirehoseClient.builder(), endpoint, region);
    }

    @Override
    public void send(Arn target, Delivery delivery, JsonNode parameters) {
        String stream = target.resourceAfter("deliverystream");
        if (stream == null) {
            throw new ServiceTargets.Failure("The target " + target + " is not a Firehose delivery stream.");
        }
        client.putRecord(r -> r.deliveryStreamName(stream)
                .record(x -> x.data(SdkBytes.fromUtf8String(delivery.payload()))));
    }
}
