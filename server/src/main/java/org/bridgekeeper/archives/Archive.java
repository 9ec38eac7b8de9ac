package org.bridgekeeper.archives;

import java.time.Instant;
import org.bridgekeeper.common.Scope;

/**
 * An archive of the events that arrive on one bus (all of them, or those its pattern matches),
 * kept {@code retentionDays} days (null or 0: for ever). {@code eventCount} and {@code sizeBytes}
 * are what it holds when it was read.
 */
public record Archive(Scope scope, String name, String bus, String description, String eventPattern,
                      Integer retentionDays, String kmsKeyIdentifier, Instant creationTime, long eventCount,
                      long sizeBytes) {

    /** Created with the bus, as AWS answers: ENABLED at once. */
    public static final String ENABLED = "ENABLED";

    public String arn() {
        return scope.arn("events", "archive/" + name);
    }

    public String busArn() {
        return scope.arn("events", "event-bus/" + bus);
    }

    public String state() {
        return ENABLED;
    }

    Archive with(String newDescription, String newPattern, Integer newRetention, String newKey) {
        return new Archive(scope, name, bus, newDescription, newPattern, newRetention, newKey, creationTime, eventCount,
                sizeBytes);
    }
}
