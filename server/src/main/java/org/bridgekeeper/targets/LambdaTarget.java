package org.bridgekeeper.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/** A Lambda function (or a version or alias of it): invoked asynchronously, as AWS does ({@code InvocationType=Event}). */
final class LambdaTarget implements ServiceTargets.ServiceTarget {

    private final LambdaClient client;

    LambdaTarget(ServiceTargets.Clients clients, URI endpoint, Region region) {
        this.client = clients.build(LambdaClient.builder(), endpoint, region);
    }

    @Override
    public void send(Arn target, Delivery delivery, JsonNode parameters) {
        if (target.resourceAfter("function") == null) {
            throw new ServiceTargets.Failure("The target " + target + " is not a Lambda function.");
        }
        client.invoke(r -> r.functionName(target.toString()).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(delivery.payload())));
    }
}
