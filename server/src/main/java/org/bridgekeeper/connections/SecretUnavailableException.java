package org.bridgekeeper.connections;

/**
 * A connection's secret exists but cannot be read: its customer managed key is disabled, pending
 * deletion or gone, or the value does not open. The message is fit for a StateReason and never
 * holds any byte of the secret.
 */
public final class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String message) {
        super(message, null, false, false);
    }
}
