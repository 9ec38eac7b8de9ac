package org.bridgekeeper.keys;

import java.time.Instant;
import java.util.Map;
import org.bridgekeeper.common.Scope;

/**
 * A customer managed key. {@code tags} keep their insertion order. The key material is not
 * here: it stays sealed in the store and is opened only to wrap or unwrap a data key.
 */
public record Key(Scope scope, String keyId, String description, KeyState state, Instant creationDate,
                  Instant deletionDate, Map<String, String> tags) {

    /** The tag AWS requires on a key that encrypts connection secrets. */
    public static final String REQUIRED_TAG = "EventBridgeApiDestinations";

    public enum KeyState { Enabled, Disabled, PendingDeletion }

    public String arn() {
        return scope.arn("kms", "key/" + keyId);
    }

    Key with(KeyState state, Instant deletionDate, Map<String, String> tags) {
        return new Key(scope, keyId, description, state, creationDate, deletionDate, tags);
    }
}
