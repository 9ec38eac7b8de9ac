package org.bridgekeeper.observe;

import java.lang.System.Logger.Level;
import org.bridgekeeper.connections.Change.StateChange;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.Connections;

/**
 * One {@code info} line per connection state change, as the door reports it: the connection's
 * ARN, the states before and after, and the state reason (a text of ours, which never holds a
 * secret or an endpoint's answer).
 */
public final class ConnectionLog implements Connections.Listener {

    private static final System.Logger LOG = System.getLogger("bridgekeeper.connections");

    @Override
    public void changed(StateChange change) {
        Connection before = change.before();
        Connection after = change.after();
        LOG.log(Level.INFO, () -> "connection " + change.subject().arn() + ": "
                + (before == null ? "new" : before.state().name()) + " -> " + (after == null ? "deleted" : after.state().name())
                + (after != null && after.stateReason() != null ? " (" + after.stateReason() + ")" : ""));
    }

    /** Both listeners, each guarded: one that fails does not keep the other from hearing the change. */
    public static Connections.Listener both(Connections.Listener first, Connections.Listener second) {
        return change -> {
            for (Connections.Listener l : new Connections.Listener[] {first, second}) {
                try {
                    l.changed(change);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a listener of connection state changes failed", e);
                }
            }
        };
    }
}
