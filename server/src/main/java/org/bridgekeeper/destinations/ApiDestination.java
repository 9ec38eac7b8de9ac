package org.bridgekeeper.destinations;

import java.time.Instant;
import org.bridgekeeper.common.Scope;

/**
 * An API destination as stored. Its state is not stored: it is ACTIVE exactly while the
 * connection it names (by full ARN, so a re-created connection of the same name is another one)
 * is authorized, and derived at every read.
 */
public record ApiDestination(Scope scope, String name, String uuid, String description, String connectionArn,
                             String invocationEndpoint, String httpMethod, int invocationRateLimitPerSecond,
                             Instant creationTime, Instant lastModifiedTime) {

    public String arn() {
        return scope.arn("events", "api-destination/" + name + "/" + uuid);
    }
}
