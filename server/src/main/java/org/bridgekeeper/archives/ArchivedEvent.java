package org.bridgekeeper.archives;

import java.time.Instant;

/** One archived event: the event as it arrived (JSON), its own time, and when it was archived. */
public record ArchivedEvent(String id, String archive, Instant eventTime, Instant archivedTime, String event) {

    /** Its place in replay order: event time, then arrival, then id. */
    public String position() {
        return eventTime.toEpochMilli() + ":" + archivedTime.toEpochMilli() + ":" + id;
    }
}
