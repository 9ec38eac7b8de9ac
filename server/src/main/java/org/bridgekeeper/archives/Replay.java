package org.bridgekeeper.archives;

import java.time.Instant;
import java.util.List;
import org.bridgekeeper.common.Scope;

/**
 * A replay of an archive's events between two times to its bus (to the rules in
 * {@code filterArns}, or all). {@code cursor} is the position of the last event replayed (null
 * before the first), so that a replay resumes where it stopped after a restart.
 */
public record Replay(Scope scope, String name, String archiveArn, String description, String destinationArn,
                     List<String> filterArns, Instant eventStartTime, Instant eventEndTime, State state,
                     String stateReason, Instant replayStartTime, Instant replayEndTime, Instant eventLastReplayedTime,
                     String cursor) {

    public enum State {
        STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED;

        /** Counted against the concurrent replays quota, and resumed at start. */
        public boolean active() {
            return this == STARTING || this == RUNNING || this == CANCELLING;
        }
    }

    public String arn() {
        return scope.arn("events", "replay/" + name);
    }

    Replay running(Instant lastReplayed, String newCursor) {
        return new Replay(scope, name, archiveArn, description, destinationArn, filterArns, eventStartTime, eventEndTime,
                State.RUNNING, null, replayStartTime, null, lastReplayed == null ? eventLastReplayedTime : lastReplayed,
                newCursor == null ? cursor : newCursor);
    }

    Replay ended(State end, String reason, Instant now) {
        return new Replay(scope, name, archiveArn, description, destinationArn, filterArns, eventStartTime, eventEndTime,
                end, reason, replayStartTime, now, eventLastReplayedTime, cursor);
    }

    Replay cancelling() {
        return new Replay(scope, name, archiveArn, description, destinationArn, filterArns, eventStartTime, eventEndTime,
                State.CANCELLING, null, replayStartTime, null, eventLastReplayedTime, cursor);
    }
}
