package org.bridgekeeper.connections;

import java.util.Optional;

/**
 * Opaque, stateless NextTokens: the position is sealed into the token itself, bound to the scope
 * and filters it was issued for, so a token works across restarts and nodes that share keys, and
 * one that was never issued (or was issued for other arguments) is recognised as such.
 */
public interface PageTokens {

    String issue(String binding, String position);

    /** The position sealed in {@code token}, if it was issued here for the same {@code binding}. */
    Optional<String> open(String binding, String token);
}
