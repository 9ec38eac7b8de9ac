package org.bridgekeeper.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * A CloudWatch Logs log group: the payload as one log event, timestamped when the event was put,
 * in a log stream named by the event's id (created on the way; AWS's stream naming is not
 * recorded).
 */
final class LogsTarget implements ServiceTargets.ServiceTarget {

    private final CloudWatchLogsClient client;

    LogsTarget(ServiceTargets.Clients clients, URI endpoint, Region region) {
        this.client = clients.build(CloudWatchLogsClient.builder(), endpoint, region);
    }

    @Override
    public void send(Arn target, Delivery delivery, JsonNode parameters) {
        String group = target.resourceAfter("log-group");
        if (group == null) {
            throw new ServiceTargets.Failure("The target " + target + " is not a log group.");
        }
        if (group.endsWith(":*")) {
            group = group.substring(0, group.length() - 2);
        }
        String name = group;
        try {
            client.createLogStream(r -> r.logGroupName(name).logStreamName(delivery.eventId()));
        } catch (ResourceAlreadyExistsException again) {
            // a retry, or another target of the same event: the stream is there
        }
        client.putLogEvents(r -> r.logGroupName(name).logStreamName(delivery.eventId())
                .logEvents(e -> e.timestamp(delivery.firstTime().toEpochMilli()).message(delivery.payload())));
    }
}
