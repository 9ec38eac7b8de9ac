package org.bridgekeeper.connections;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opaque, stateless NextTokens: the position is sealed into the token itself, bound to the scope
 * and filters it was issued for, so a token works across restarts and nodes that share keys, and
 * one that was never issued (or was issued for other arguments) is recognised as such.
 */
public interface PageTokens {

    String issue(String binding, String position);

    /** The position sealed in {@code token}, if it was issued here for the same {@code binding}. */
    Optional<String> open(String binding, String token);

    /** Up to a page size of items, and the token of the page after them (null on the last page). */
    record Page<T>(List<T> items, String nextToken) {}

    /** Where a list continues: null without a token, {@code invalid}'s error for a token not issued for {@code binding}. */
    default String after(String binding, String nextToken, Supplier<? extends RuntimeException> invalid) {
        return nextToken == null ? null : open(binding, nextToken).orElseThrow(invalid);
    }

    /**
     * The page in {@code rows}, which were read with a limit of {@code size + 1}: one row more than
     * the page means there is a next page, whose token names the last row's {@code position}.
     */
    default <T> Page<T> page(String binding, List<T> rows, int size, Function<T, String> position) {
        if (rows.size() <= size) {
            return new Page<>(List.copyOf(rows), null);
        }
        return new Page<>(List.copyOf(rows.subList(0, size)), issue(binding, position.apply(rows.get(size - 1))));
    }
}
