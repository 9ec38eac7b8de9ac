package org.bridgekeeper.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bridgekeeper.connections.PageTokens;

/**
 * NextTokens sealed with AES-GCM under a key derived from the key ring's primary key, with the
 * binding (scope and filters) as associated data. Base64 with padding, which is the form AWS's
 * NextToken pattern accepts.
 */
public final class SealedPageTokens implements PageTokens {

    private static final int IV = 12;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SealedPageTokens(KeyRing keys) {
        try {
            // A key of its own, so that a token can never be confused with a sealed secret.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.primary());
            this.key = new SecretKeySpec(mac.doFinal("bridgekeeper/next-token/v1".getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String issue(String binding, String position) {
        try {
            byte[] iv = new byte[IV];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(position.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<String> open(String binding, String token) {
        try {
            byte[] raw = Base64.getDecoder().decode(token);
            if (raw.length < IV + 16) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, IV));
            cipher.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(raw, IV, raw.length - IV), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
