package org.bridgekeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.bridgekeeper.connections.SecretUnavailableException;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.KeyRing;
import org.junit.jupiter.api.Test;

/** Secrets opened once per sealed value, never one wrapped by a customer managed key, bounded. */
class OpenedSecretsTest {

    private final Envelope envelope = new Envelope(KeyRing.fromMasterKey(Base64.getEncoder().encodeToString(new byte[32])));
    private final OpenedSecrets<String> opened = new OpenedSecrets<>();
    private final AtomicInteger decrypted = new AtomicInteger();

    private String open(byte[] sealed, String context) {
        return opened.open(sealed, context, s -> {
            decrypted.incrementAndGet();
            return new String(envelope.open(s, context), StandardCharsets.UTF_8);
        });
    }

    @Test
    void theSameSealedValueIsDecryptedOnce() {
        byte[] sealed = envelope.seal("pw-1".getBytes(StandardCharsets.UTF_8), "ctx");
        assertEquals("pw-1", open(sealed, "ctx"));
        assertEquals("pw-1", open(sealed.clone(), "ctx"));
        assertEquals(1, decrypted.get());
        // Sealed again (any change seals anew): other bytes, decrypted again, the new value.
        byte[] resealed = envelope.seal("pw-2".getBytes(StandardCharsets.UTF_8), "ctx");
        assertEquals("pw-2", open(resealed, "ctx"));
        assertEquals(2, decrypted.get());
        // Changing the array it was given changes nothing remembered.
        resealed[resealed.length - 1] ^= 1;
        assertThrows(SecretUnavailableException.class, () -> open(resealed, "ctx"));
        assertEquals("pw-1", open(sealed, "ctx"));
    }

    @Test
    void aValueWrappedByACustomerManagedKeyIsOpenedEveryTime() {
        // The layout's header names the wrapping key; a customer managed key by its ARN.
        byte[] id = "arn:aws:kms:us-east-1:111122223333:key/k".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = new byte[2 + id.length + 8];
        sealed[0] = 1;
        sealed[1] = (byte) id.length;
        System.arraycopy(id, 0, sealed, 2, id.length);
        for (int i = 0; i < 3; i++) {
            assertEquals("v", opened.open(sealed, "ctx", s -> {
                decrypted.incrementAndGet();
                return "v";
            }));
        }
        assertEquals(3, decrypted.get());
        assertEquals(0, opened.size());
    }

    @Test
    void itHoldsABoundedNumber() {
        for (int i = 0; i < OpenedSecrets.MAX_ENTRIES + 10; i++) {
            open(envelope.seal(new byte[] {1}, "ctx-" + i), "ctx-" + i);
        }
        assertTrue(opened.size() <= OpenedSecrets.MAX_ENTRIES, "size " + opened.size());
    }
}
