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

/**
 * AES-256-GCM envelope encryption. Each secret gets a fresh data key; the data key is wrapped by
 * the key ring's primary key. {@code context} (the secret's ARN) is authenticated with both, so a
 * sealed value copied onto another row fails to open, as with AWS's encryption context.
 *
 * <p>Layout: version(1) | key id length(1) | key id | wrap iv(12) | wrapped key(48) | iv(12) | ciphertext+tag.
 */
public final class Envelope {

    private static final byte VERSION = 1;
    private static final int IV = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    public Envelope(KeyRing keys) {
        this.keys = keys;
    }

    public byte[] seal(byte[] plaintext, String context) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            SecretKey dataKey = generator.generateKey();
            byte[] aad = context.getBytes(StandardCharsets.UTF_8);
            byte[] wrapIv = iv();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keys.primary(), wrapIv, aad, dataKey.getEncoded());
            byte[] iv = iv();
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, iv, aad, plaintext);
            byte[] id = keys.primaryId().getBytes(StandardCharsets.US_ASCII);
            return ByteBuffer.allocate(2 + id.length + IV + wrapped.length + IV + ciphertext.length)
                    .put(VERSION).put((byte) id.length).put(id).put(wrapIv).put(wrapped).put(iv).put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @throws SecretUnavailableException if the value cannot be opened (wrong key, tampered, other context). */
    public byte[] open(byte[] sealed, String context) {
        try {
            ByteBuffer in = ByteBuffer.wrap(sealed);
            if (in.get() != VERSION) {
                throw new SecretUnavailableException("unknown envelope version");
            }
            byte[] id = new byte[in.get()];
            in.get(id);
            SecretKey master = keys.key(new String(id, StandardCharsets.US_ASCII));
            if (master == null) {
                throw new SecretUnavailableException("the key that sealed this secret is not in the key ring");
            }
            byte[] aad = context.getBytes(StandardCharsets.UTF_8);
            byte[] wrapIv = take(in, IV);
            byte[] dataKey = gcm(Cipher.DECRYPT_MODE, master, wrapIv, aad, take(in, 48));
            byte[] iv = take(in, IV);
            return gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), iv, aad, take(in, in.remaining()));
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof SecretUnavailableException s) {
                throw s;
            }
            throw new SecretUnavailableException("the secret cannot be decrypted");
        }
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

    /** A secret that exists but cannot be read; the message never includes any of its bytes. */
    public static final class SecretUnavailableException extends RuntimeException {
        SecretUnavailableException(String message) {
            super(message);
        }
    }
}
