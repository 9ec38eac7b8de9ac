package org.bridgekeeper.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * An SNS topic: Publish with the payload as the message. A FIFO topic takes its message group
 * from {@code SqsParameters.MessageGroupId} when the target has one (AWS documents the member for
 * queues; what it does for FIFO topics is not recorded).
 */
final class SnsTarget implements ServiceTargets.ServiceTarget {

    private final SnsClient client;

    SnsTarget(ServiceTargets.Clients clients, URI endpoint, Region region) {
        this.client = clients.build(SnsClient.builder(), endpoint, region);
    }

    @Override
    public void send(Arn target, Delivery delivery, JsonNode parameters) {
        PublishRequest.Builder request = PublishRequest.builder().topicArn(target.toString()).message(delivery.payload());
        JsonNode group = parameters.path("SqsParameters").path("MessageGroupId");
        if (group.isTextual() && target.resource().endsWith(".fifo")) {
            request.messageGroupId(group.asText());
        }
        client.publish(request.build());
    }
}
