package org.bridgekeeper.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * An SQS queue ({@code arn:aws:sqs:<region>:<account>:<queue>}): SendMessage with the payload as
 * the body; a FIFO queue's message group from {@code SqsParameters.MessageGroupId}. No
 * deduplication id is sent: as AWS documents, a FIFO target queue must have content-based
 * deduplication. The queue URL is asked of the endpoint once (GetQueueUrl with the owner account),
 * so the URL form of any SQS-compatible server works.
 */
final class SqsTarget implements ServiceTargets.ServiceTarget {

    private final SqsClient client;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    SqsTarget(ServiceTargets.Clients clients, URI endpoint, Region region) {
        this.client = clients.build(SqsClient.builder(), endpoint, region);
    }

    @Override
    public void send(Arn target, Delivery delivery, JsonNode parameters) {
        String url = urls.computeIfAbsent(target.toString(), k -> client.getQueueUrl(r -> r.queueName(target.resource())
                .queueOwnerAWSAccountId(target.account().isEmpty() ? null : target.account())).queueUrl());
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(url).messageBody(delivery.payload());
        JsonNode group = parameters.path("SqsParameters").path("MessageGroupId");
        if (group.isTextual()) {
            request.messageGroupId(group.asText());
        }
        client.sendMessage(request.build());
    }
}
