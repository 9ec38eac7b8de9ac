package org.bridgekeeper.connections;

/** Connection states in the model's order. */
public enum ConnectionState {
    CREATING, UPDATING, DELETING, AUTHORIZED, DEAUTHORIZED, AUTHORIZING, DEAUTHORIZING, ACTIVE, FAILED_CONNECTIVITY
}
