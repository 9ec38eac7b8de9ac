package org.bridgekeeper.keys;

import java.time.Instant;
import java.util.Map;
import org.bridgekeeper.common.Scope;

/**
 * A customer managed key. {@code tags} keep their insertion order. {@code policy} is the key
 * policy as it was put (null for a key stored before policies were kept: it reads as the default
 * policy); {@code rotationPeriodInDays} is null while automatic rotation is off. The key material
 * is not here: it stays sealed in the store and is opened only to wrap or unwrap a data key.
 */
public record Key(Scope scope, String keyId, String description, KeyState state, Instant creationDate,
                  Instant deletionDate, Map<String, String> tags, String policy, Integer rotationPeriodInDays) {

    /** The tag AWS requires on a key that encrypts connection secrets. */
    public static final String REQUIRED_TAG = "EventBridgeApiDestinations";

    public enum KeyState { Enabled, Disabled, PendingDeletion }

    public String arn() {
        return scope.arn("kms", "key/" + keyId);
    }

    /** The key policy: as put, or the default policy KMS gives a key created without one. */
    public String effectivePolicy() {
        return policy != null ? policy : defaultPolicy(scope.account());
    }

    /**
     * The policy KMS attaches to a key created through the API without one, laid out exactly as
     * GetKeyPolicy returns it (recorded in KMS's API reference and the SDKs' examples: two-space
     * indent, {@code " : "}, {@code "[ {"}, no final newline).
     */
    public static String defaultPolicy(String account) {
        return "{\n"
                + "  \"Version\" : \"2012-10-17\",\n"
                + "  \"Id\" : \"key-default-1\",\n"
                + "  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n"
                + "    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n"
                + "      \"AWS\" : \"arn:aws:iam::" + account + ":root\"\n"
                + "    },\n"
                + "    \"Action\" : \"kms:*\",\n"
                + "    \"Resource\" : \"*\"\n"
                + "  } ]\n"
                + "}";
    }

    Key with(KeyState state, Instant deletionDate) {
        return new Key(scope, keyId, description, state, creationDate, deletionDate, tags, policy, rotationPeriodInDays);
    }

    Key withTags(Map<String, String> tags) {
        return new Key(scope, keyId, description, state, creationDate, deletionDate, tags, policy, rotationPeriodInDays);
    }

    Key withDescription(String description) {
        return new Key(scope, keyId, description, state, creationDate, deletionDate, tags, policy, rotationPeriodInDays);
    }

    Key withPolicy(String policy) {
        return new Key(scope, keyId, description, state, creationDate, deletionDate, tags, policy, rotationPeriodInDays);
    }

    Key withRotation(Integer rotationPeriodInDays) {
        return new Key(scope, keyId, description, state, creationDate, deletionDate, tags, policy, rotationPeriodInDays);
    }
}
