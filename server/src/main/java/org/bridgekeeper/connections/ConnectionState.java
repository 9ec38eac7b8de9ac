package org.bridgekeeper.connections;

/** Connection states in the model's order. */
public enum ConnectionState {
    CREATING, UPDATING, DELETING, AUTHORIZED, DEAUTHORIZED, AUTHORIZING, DEAUTHORIZING, ACTIVE, FAILED_CONNECTIVITY;

    /**
     * The state this one becomes once its settle time has passed: DEAUTHORIZING becomes
     * DEAUTHORIZED, DELETING becomes nothing (null: the connection is gone), every other state
     * lasts. {@link Connection#at} applies it; the store derives its list filter from it.
     */
    public ConnectionState settled() {
        return switch (this) {
            case DEAUTHORIZING -> DEAUTHORIZED;
            case DELETING -> null;
            default -> this;
        };
    }
}
