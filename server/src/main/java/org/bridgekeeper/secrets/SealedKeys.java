package org.bridgekeeper.secrets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a database holds sealed under the key ring's keys, as the start check needs it: how many
 * sealed values there are in all, and per key ring key id how many it wrapped and one of them to
 * try the key on. Values wrapped by a customer managed key (their header names its ARN) count in
 * the total but need no key ring key of their own: the customer key's material, sealed by a key
 * ring key, is in the database too and is counted under that key.
 *
 * <p>Built from the first bytes of each value only: the header and the wrapped data key
 * ({@link Envelope#PREFIX_BYTES}), never a payload.
 */
public final class SealedKeys {

    /** One value sealed under a key ring key: its first bytes and its encryption context. */
    public record Sample(byte[] prefix, String context) {}

    /** Values tried per key: a key is taken as wrong only if none of them opens (one damaged row is not a wrong key). */
    private static final int SAMPLES = 3;

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int values;

    /** Counts one sealed value ({@code prefix}: at least its first {@link Envelope#PREFIX_BYTES} bytes, or all of it). */
    public void add(byte[] prefix, String context) {
        add(prefix, () -> context);
    }

    /**
     * Counts one sealed value; {@code context} is asked for only when the value is kept as a
     * sample (a few per key), so that counting many values builds no strings.
     */
    public void add(byte[] prefix, java.util.function.Supplier<String> context) {
        values++;
        String id = Envelope.wrappingKeyId(prefix).orElse(null);
        if (id == null || Envelope.isCustomerKey(id)) {
            return;
        }
        counts.merge(id, 1, Integer::sum);
        List<Sample> some = samples.computeIfAbsent(id, k -> new ArrayList<>());
        if (some.size() < SAMPLES) {
            some.add(new Sample(prefix, context.get()));
        }
    }

    /** How many sealed values the database holds, whatever wraps them. */
    public int values() {
        return values;
    }

    /** The ids of the key ring keys that wrap at least one value. */
    public Set<String> keyIds() {
        return Collections.unmodifiableSet(counts.keySet());
    }

    /** How many values the key ring key {@code id} wraps. */
    public int count(String id) {
        return counts.getOrDefault(id, 0);
    }

    List<Sample> samples(String id) {
        return samples.getOrDefault(id, List.of());
    }
}
