package org.bridgekeeper.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.SecretUnavailableException;

/**
 * AES-256-GCM envelope encryption. Each secret gets a fresh data key; the data key is wrapped by
 * the key ring's primary key. {@code context} (the secret's ARN) is authenticated with both, so a
 * sealed value copied onto another row fails to open, as with AWS's encryption context.
 *
 * <p>The wrapping key is the key ring's primary key, or a customer managed key (named by its ARN
 * in the sealed value, so that opening needs nothing else).
 *
 * <p>Layout: version(1) | key id length(1) | key id | wrap iv(12) | wrapped key(48) | iv(12) | ciphertext+tag.
 */
public final class Envelope {

    private static final byte VERSION = 1;
    private static final int IV = 12;
    private static final int TAG_BITS = 128;
    private static final int WRAPPED_KEY = 48;

    /**
     * The longest a sealed value's header and wrapped data key can be: enough to learn which key
     * wraps it and to try that key ({@link #unwraps}), without reading the payload.
     */
    public static final int PREFIX_BYTES = 2 + 255 + IV + WRAPPED_KEY;

    private final KeyRing keys;
    private final CustomerKeys customerKeys;
    private final SecureRandom random = new SecureRandom();

    /** An envelope whose data keys are wrapped by the key ring's master key only. */
    public Envelope(KeyRing keys) {
        this(keys, CustomerKeys.NONE);
    }

    /** An envelope that can also wrap data keys with customer managed keys. */
    public Envelope(KeyRing keys, CustomerKeys customerKeys) {
        this.keys = keys;
        this.customerKeys = customerKeys;
    }

    public byte[] seal(byte[] plaintext, String context) {
        return seal(plaintext, context, keys.primaryId(), keys.primary());
    }

    /**
     * Seals with the customer managed key that {@code kmsKeyIdentifier} names in {@code scope},
     * or with the master key when it is null (AWS's "AWS owned key").
     *
     * @throws SecretUnavailableException if that key cannot be used
     */
    public byte[] seal(byte[] plaintext, String context, Scope scope, String kmsKeyIdentifier) {
        if (kmsKeyIdentifier == null) {
            return seal(plaintext, context);
        }
        CustomerKeys.Wrapping wrapping = customerKeys.forEncryption(scope, kmsKeyIdentifier);
        return seal(plaintext, context, wrapping.keyArn(), wrapping.key());
    }

    private byte[] seal(byte[] plaintext, String context, String wrappingId, SecretKey wrappingKey) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            SecretKey dataKey = generator.generateKey();
            byte[] aad = context.getBytes(StandardCharsets.UTF_8);
            byte[] wrapIv = iv();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, wrappingKey, wrapIv, aad, dataKey.getEncoded());
            byte[] iv = iv();
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, iv, aad, plaintext);
            byte[] id = wrappingId.getBytes(StandardCharsets.US_ASCII);
            return ByteBuffer.allocate(2 + id.length + IV + wrapped.length + IV + ciphertext.length)
                    .put(VERSION).put((byte) id.length).put(id).put(wrapIv).put(wrapped).put(iv).put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * The same sealed value with its data key wrapped by the key ring's primary key, if a key
     * ring key that is not the primary wrapped it; otherwise {@code sealed} itself. The payload
     * is never decrypted: only the 32-byte data key is unwrapped and wrapped again. Values
     * wrapped by customer managed keys are left alone (their keys' material is rewrapped instead).
     */
    public byte[] rewrap(byte[] sealed, String context) {
        ByteBuffer in = ByteBuffer.wrap(sealed);
        String wrappingId = wrappingId(in);
        if (isCustomerKey(wrappingId) || wrappingId.equals(keys.primaryId())) {
            return sealed;
        }
        SecretKey old = keys.key(wrappingId);
        if (old == null) {
            throw notInKeyRing(wrappingId);
        }
        try {
            byte[] aad = context.getBytes(StandardCharsets.UTF_8);
            byte[] dataKey = gcm(Cipher.DECRYPT_MODE, old, take(in, IV), aad, take(in, WRAPPED_KEY));
            byte[] rest = take(in, in.remaining()); // iv + ciphertext, unchanged
            byte[] wrapIv = iv();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keys.primary(), wrapIv, aad, dataKey);
            byte[] primaryId = keys.primaryId().getBytes(StandardCharsets.US_ASCII);
            return ByteBuffer.allocate(2 + primaryId.length + IV + wrapped.length + rest.length)
                    .put(VERSION).put((byte) primaryId.length).put(primaryId).put(wrapIv).put(wrapped).put(rest).array();
        } catch (GeneralSecurityException e) {
            throw new SecretUnavailableException("the secret cannot be decrypted");
        }
    }

    /** @throws SecretUnavailableException if the value cannot be opened (wrong key, tampered, other context). */
    public byte[] open(byte[] sealed, String context) {
        try {
            ByteBuffer in = ByteBuffer.wrap(sealed);
            String wrappingId = wrappingId(in);
            // A customer managed key is named by its ARN; the key ring's keys by their short ids.
            SecretKey master = isCustomerKey(wrappingId) ? customerKeys.forDecryption(wrappingId) : keys.key(wrappingId);
            if (master == null) {
                throw notInKeyRing(wrappingId);
            }
            byte[] aad = context.getBytes(StandardCharsets.UTF_8);
            byte[] wrapIv = take(in, IV);
            byte[] dataKey = gcm(Cipher.DECRYPT_MODE, master, wrapIv, aad, take(in, WRAPPED_KEY));
            byte[] iv = take(in, IV);
            return gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), iv, aad, take(in, in.remaining()));
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof SecretUnavailableException s) {
                throw s;
            }
            throw new SecretUnavailableException("the secret cannot be decrypted");
        }
    }

    /**
     * Whether the key ring key named in {@code prefix} (the first {@link #PREFIX_BYTES} bytes of a
     * sealed value, or all of it) unwraps its data key: proof that the key ring holds the very key
     * that sealed it, not only a key of that id. The payload is not needed nor read.
     */
    public boolean unwraps(byte[] prefix, String context) {
        try {
            ByteBuffer in = ByteBuffer.wrap(prefix);
            SecretKey key = keys.key(wrappingId(in));
            if (key == null) {
                return false;
            }
            byte[] dataKey = gcm(Cipher.DECRYPT_MODE, key, take(in, IV), context.getBytes(StandardCharsets.UTF_8),
                    take(in, WRAPPED_KEY));
            return dataKey.length == 32;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The id of the key that wraps {@code sealed}'s data key (a key ring id, or a customer key's ARN); empty if unreadable. */
    public static java.util.Optional<String> wrappingKeyId(byte[] sealed) {
        try {
            return java.util.Optional.of(wrappingId(ByteBuffer.wrap(sealed)));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether a wrapping key id names a customer managed key (by its ARN) rather than a key ring key. */
    public static boolean isCustomerKey(String wrappingId) {
        return wrappingId.startsWith("arn:");
    }

    private static SecretUnavailableException notInKeyRing(String keyId) {
        return new SecretUnavailableException("The master key " + keyId
                + " that sealed this secret is not in the key ring; restore the key ring that holds it.");
    }

    /** Reads the version and the wrapping key's id, leaving {@code in} at the wrapped data key. */
    private static String wrappingId(ByteBuffer in) {
        if (in.get() != VERSION) {
            throw new SecretUnavailableException("unknown envelope version");
        }
        byte[] id = new byte[in.get()];
        in.get(id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    private byte[] iv() {
        byte[] iv = new byte[IV];
        random.nextBytes(iv);
        return iv;
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    private static byte[] gcm(int mode, SecretKey key, byte[] iv, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }
}
