package org.bridgekeeper.connections;

import java.time.Duration;
import java.time.Instant;

/** An access token from the authorization endpoint; {@code expiresAt} is null when it gave no expires_in. */
public record OAuthToken(String accessToken, Instant expiresAt) {

    /** Whether the token is expired, or expires within {@code margin} of {@code now}. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now.plus(margin));
    }

    @Override
    public String toString() {
        return "OAuthToken[expiresAt=" + expiresAt + "]"; // never the token itself
    }
}
