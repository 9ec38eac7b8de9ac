package org.bridgekeeper.connections;

import java.util.Optional;

/**
 * One applied transition: the connection before and after it, as of the time it was applied.
 * {@code before} is null for a new connection, {@code after} null for one that is gone; both are
 * the same instance when the transition changed nothing.
 */
public record Change(Connection before, Connection after) {

    /** The state-change event the transition implies: one exactly when the state changed. */
    public Optional<StateChange> event() {
        if (before != null && after != null && before.state() == after.state()) {
            return Optional.empty();
        }
        return Optional.of(new StateChange(before, after));
    }

    boolean changed() {
        return before != after;
    }

    /**
     * A connection entered a new state ({@code before} null: it was created; {@code after} null:
     * it is gone). Reported on the default bus as an {@code aws.events} event.
     */
    public record StateChange(Connection before, Connection after) {

        public Connection subject() {
            return after != null ? after : before;
        }
    }
}
