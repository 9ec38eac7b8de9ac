package org.bridgekeeper.sigv4;

import java.util.Objects;

/**
 * AWS credentials: an access key id, its secret, and the session token of temporary credentials
 * ({@code null} for long-term keys). {@link #toString()} never shows the secret or the token.
 */
public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    public static Credentials of(String accessKeyId, String secretAccessKey) {
        return new Credentials(accessKeyId, secretAccessKey, null);
    }

    public boolean hasSessionToken() {
        return sessionToken != null && !sessionToken.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                + (hasSessionToken() ? ", sessionToken=****" : "") + "]";
    }
}
