package org.bridgekeeper.rules;

import java.time.Instant;
import org.bridgekeeper.common.Scope;

/** An event bus. The {@code default} bus of every scope exists without being created. */
public record EventBus(Scope scope, String name, String description, Instant creationTime, Instant lastModifiedTime) {

    public static final String DEFAULT = "default";

    public String arn() {
        return scope.arn("events", "event-bus/" + name);
    }
}
