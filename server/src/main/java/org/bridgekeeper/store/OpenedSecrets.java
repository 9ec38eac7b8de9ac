package org.bridgekeeper.store;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bridgekeeper.secrets.Envelope;

/**
 * What opening a sealed value gave, remembered in memory (never on disk) by the exact sealed bytes:
 * every delivery reads its connection with its secret, and decrypting it (two AES-GCM operations)
 * and parsing it again each time was a visible part of a delivery's CPU (issue 13, bench/README).
 *
 * <p>Why a hit is always right: the entry is used only when the stored value is byte for byte the
 * one it was opened from, under the same encryption context (the secret's ARN, the key), and with
 * a key of the key ring, whose keys never change while the server runs. AES-GCM then gives the same
 * plaintext, so answering from memory is the same as decrypting again. Any change to the secret,
 * by this node or another sharing the database, seals it anew (a fresh data key and IV): the bytes
 * differ and the entry is not used. Values wrapped by a customer managed key are never kept: that
 * key can be disabled or scheduled for deletion at any time, and each opening must ask it (the
 * unreadable-secret rule).
 */
final class OpenedSecrets<T> {

    private record Opened<T>(byte[] sealed, T value) {}

    /** Entries kept at most; past it the whole map is dropped (it refills from the next reads). */
    static final int MAX_ENTRIES = 4096;

    private final ConcurrentHashMap<String, Opened<T>> opened = new ConcurrentHashMap<>();

    /**
     * The value {@code sealed} holds: remembered under {@code key} (its encryption context, and
     * anything else that decides how it is read), or opened by {@code open} (which may throw, e.g.
     * SecretUnavailableException; nothing is kept then).
     */
    T open(byte[] sealed, String key, Function<byte[], T> open) {
        Opened<T> known = opened.get(key);
        if (known != null && Arrays.equals(known.sealed(), sealed)) {
            return known.value();
        }
        T value = open.apply(sealed);
        boolean keyRing = Envelope.wrappingKeyId(sealed).map(id -> !Envelope.isCustomerKey(id)).orElse(false);
        if (keyRing) {
            if (opened.size() >= MAX_ENTRIES) {
                opened.clear();
            }
            opened.put(key, new Opened<>(sealed.clone(), value));
        } else if (known != null) {
            opened.remove(key, known);
        }
        return value;
    }

    /** How many values are kept (tests). */
    int size() {
        return opened.size();
    }
}
