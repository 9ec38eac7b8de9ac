package org.bridgekeeper.secrets;

import java.security.MessageDigest;
import java.util.Base64;

/**
 * The operator's master key ({@code BRIDGEKEEPER_MASTER_KEY}: base64 of 32 random bytes), decoded
 * once when the configuration is read. Its bytes leave this package only as the key ring's
 * {@code SecretKey}; {@link #toString()} never shows them, so a configuration that holds one can
 * be logged.
 */
public final class MasterKey {

    private final byte[] material;

    private MasterKey(byte[] material) {
        this.material = material;
    }

    /**
     * Decodes {@code base64} (surrounding white space ignored, as read from a file or a variable).
     * A bad key is rejected with a message that names the variable and never echoes the value.
     */
    public static MasterKey parse(String base64) {
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BRIDGEKEEPER_MASTER_KEY is not base64");
        }
        if (material.length != 32) {
            throw new IllegalArgumentException("BRIDGEKEEPER_MASTER_KEY must be 32 bytes (base64 of 32 random bytes), not "
                    + material.length);
        }
        return new MasterKey(material);
    }

    /** A copy of the 32 bytes, for the key ring. */
    byte[] material() {
        return material.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MasterKey key && MessageDigest.isEqual(material, key.material);
    }

    @Override
    public int hashCode() {
        // Constant, so that not even a hash of the key is ever computed for a map.
        return 1;
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
