package org.bridgekeeper.connections;

import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.Errors.Action;

/** Whether a {@code KmsKeyIdentifier} names a key that may encrypt a connection's secret. */
public interface KeyCheck {

    /**
     * @throws org.bridgekeeper.error.AwsException (ResourceNotFound, AccessDenied) worded for
     *         {@code action} when the key does not exist, is not usable or lacks AWS's required tag
     */
    void requireUsable(Scope scope, String kmsKeyIdentifier, Action action);
}
