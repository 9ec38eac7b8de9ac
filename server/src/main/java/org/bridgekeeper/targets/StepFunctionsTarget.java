package org.bridgekeeper.targets;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Delivery;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** A Step Functions state machine: StartExecution with the payload as the input (the service names the execution). */
final class StepFunctionsTarget implements ServiceTargets.ServiceTarget {

    private final SfnClient client;

    StepFunctionsTarget(ServiceTargets.Clients clients, URI endpoint, Region region) {
        this.client = clients.build(SfnClient.builder(), endpoint, region);
    }

    @Override
    public void send(Arn target, Delivery delivery, JsonNode parameters) {
        if (target.resourceAfter("stateMachine") == null) {
            throw new ServiceTargets.Failure("The target " + target + " is not a state machine.");
        }
        client.startExecution(r -> r.stateMachineArn(target.toString()).input(delivery.payload()));
    }
}
