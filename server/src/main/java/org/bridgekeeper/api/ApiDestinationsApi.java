package org.bridgekeeper.api;

import static org.bridgekeeper.api.Inputs.absent;
import static org.bridgekeeper.api.Inputs.integer;
import static org.bridgekeeper.api.Inputs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.bridgekeeper.destinations.ApiDestination;
import org.bridgekeeper.destinations.ApiDestinationService;
import org.bridgekeeper.destinations.ApiDestinationService.Viewed;

/** The five API destination operations: bind, call the service, build the output tree. */
final class ApiDestinationsApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ApiDestinationService service;

    ApiDestinationsApi(ApiDestinationService service) {
        this.service = service;
    }

    public Map<String, HttpApi.Handler> handlers() {
        return Map.of(
                "CreateApiDestination", (scope, in) -> summary(service.create(scope, new ApiDestinationService.Create(
                        text(in, "Name"), text(in, "Description"), text(in, "ConnectionArn"), text(in, "InvocationEndpoint"),
                        text(in, "HttpMethod"), integer(in, "InvocationRateLimitPerSecond")))),
                "DescribeApiDestination", (scope, in) -> {
                    ObjectNode out = item(service.describe(scope, text(in, "Name")));
                    return out;
                },
                "UpdateApiDestination", (scope, in) -> summary(service.update(scope, new ApiDestinationService.Update(
                        text(in, "Name"), text(in, "Description"), text(in, "ConnectionArn"), text(in, "InvocationEndpoint"),
                        text(in, "HttpMethod"), integer(in, "InvocationRateLimitPerSecond")))),
                "DeleteApiDestination", (scope, in) -> {
                    service.delete(scope, text(in, "Name"));
                    return NODES.objectNode();
                },
                "ListApiDestinations", (scope, in) -> {
                    ApiDestinationService.Page page = service.list(scope, text(in, "NamePrefix"), text(in, "ConnectionArn"),
                            text(in, "NextToken"), integer(in, "Limit"));
                    ObjectNode out = NODES.objectNode();
                    ArrayNode items = out.putArray("ApiDestinations");
                    // The output shape has no Description for list items, so it is trimmed there.
                    page.destinations().forEach(v -> items.add(item(v)));
                    if (page.nextToken() != null) {
                        out.put("NextToken", page.nextToken());
                    }
                    return out;
                });
    }

    private static ObjectNode summary(Viewed v) {
        return NODES.objectNode()
                .put("ApiDestinationArn", v.destination().arn())
                .put("ApiDestinationState", v.state().name())
                .put("CreationTime", v.destination().creationTime().getEpochSecond())
                .put("LastModifiedTime", v.destination().lastModifiedTime().getEpochSecond());
    }

    private static ObjectNode item(Viewed v) {
        ApiDestination d = v.destination();
        ObjectNode out = summary(v)
                .put("Name", d.name())
                .put("ConnectionArn", d.connectionArn())
                .put("InvocationEndpoint", d.invocationEndpoint())
                .put("HttpMethod", d.httpMethod())
                .put("InvocationRateLimitPerSecond", d.invocationRateLimitPerSecond());
        if (d.description() != null) {
            out.put("Description", d.description());
        }
        return out;
    }


}
