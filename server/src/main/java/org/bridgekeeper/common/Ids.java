package org.bridgekeeper.common;

import java.security.SecureRandom;
import java.util.UUID;

/** Where identifiers come from; injected so that tests can make them predictable. */
public interface Ids {

    String uuid();

    /** {@code length} characters drawn from {@code alphabet}. */
    String random(int length, String alphabet);

    String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    String LOWER_ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** Random UUIDs and strings from a {@link SecureRandom}. */
    static Ids secureRandom() {
        SecureRandom random = new SecureRandom();
        return new Ids() {
            @Override
            public String uuid() {
                return UUID.randomUUID().toString();
            }

            @Override
            public String random(int length, String alphabet) {
                char[] out = new char[length];
                for (int i = 0; i < length; i++) {
                    out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
                }
                return new String(out);
            }
        };
    }
}
