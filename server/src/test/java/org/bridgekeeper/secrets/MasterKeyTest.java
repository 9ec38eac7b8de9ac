package org.bridgekeeper.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    @Test
    void toStringNeverShowsTheKey() {
        MasterKey key = MasterKey.parse(KEY);
        String text = key.toString() + " " + String.valueOf(key) + " " + java.util.List.of(key);
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(KEY));
        for (int i = 0; i + 6 <= KEY.length(); i++) {
            assertFalse(text.contains(KEY.substring(i, i + 6)), text);
        }
        for (int i = 0; i + 6 <= hex.length(); i += 2) {
            assertFalse(text.toLowerCase().contains(hex.substring(i, i + 6)), text);
        }
        assertEquals("MasterKey[redacted]", key.toString());
    }

    @Test
    void equalByTheirBytes() {
        assertEquals(MasterKey.parse(KEY), MasterKey.parse(" " + KEY + "\n"));
        assertNotEquals(MasterKey.parse(KEY), MasterKey.parse(Base64.getEncoder().encodeToString(new byte[32])));
    }

    @Test
    void aRingFromTheKeyIsTheRingFromItsText() {
        assertEquals(KeyRing.fromMasterKey(KEY).primaryId(), KeyRing.fromMasterKey(MasterKey.parse(KEY)).primaryId());
    }
}
