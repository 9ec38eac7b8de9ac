package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.Change.StateChange;
import org.bridgekeeper.connections.Connections;

/**
 * Connection state events on the default bus, with source {@code aws.events}, so that rules can
 * act on them. AWS documents that it emits such events but not their exact detail-types; these
 * are Bridgekeeper's (docs/differences.md): "Connection Authorization Started" ... "Connection
 * Deleted", and the detail names the connection, its state, the previous state and the reason.
 * No connection is ever written in CREATING or UPDATING, so those two types are not emitted.
 */
public final class ConnectionEvents implements Connections.Listener {

    private final EventService events;

    public ConnectionEvents(EventService events) {
        this.events = events;
    }

    @Override
    public void changed(StateChange change) {
        Connection before = change.before();
        Connection after = change.after();
        Connection subject = change.subject();
        ObjectNode detail = JsonNodeFactory.instance.objectNode()
                .put("ConnectionArn", subject.arn())
                .put("ConnectionName", subject.name());
        if (after != null) {
            detail.put("ConnectionState", after.state().name());
        }
        if (before != null) {
            detail.put("PreviousConnectionState", before.state().name());
        }
        if (after != null && after.stateReason() != null) {
            detail.put("StateReason", after.stateReason());
        }
        events.emit(subject.scope(), detailType(after), List.of(subject.arn()), detail);
    }

    static String detailType(Connection after) {
        if (after == null) {
            return "Connection Deleted";
        }
        return switch (after.state()) {
            case CREATING -> "Connection Creation Started";
            case UPDATING -> "Connection Update Started";
            case DELETING -> "Connection Deletion Started";
            case AUTHORIZING -> "Connection Authorization Started";
            case AUTHORIZED -> "Connection Authorized";
            case DEAUTHORIZING -> "Connection Deauthorization Started";
            case DEAUTHORIZED -> "Connection Deauthorized";
            case ACTIVE -> "Connection Activated";
            case FAILED_CONNECTIVITY -> "Connection Failed Connectivity";
        };
    }
}
