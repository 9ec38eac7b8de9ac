package org.bridgekeeper.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedPageTokensTest {

    /** The NextToken pattern AWS enforces (peers.md section 3), as a Java regex. */
    private static final Pattern AWS_NEXT_TOKEN = Pattern.compile(
            "^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{4}|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{2}={2})$");

    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(seeded(32, 42));
    private static final String BINDING = "000000000000\nus-east-1\nprefix-\n";
    private static final String OTHER_BINDING = "000000000000\nus-east-1\nprefix-\nAUTHORIZED";
    private static final String POSITION = "connection-name-0042";

    @TempDir
    Path dir;

    private static byte[] seeded(int n, long seed) {
        byte[] out = new byte[n];
        new Random(seed).nextBytes(out);
        return out;
    }

    private static SealedPageTokens fromMasterKey() {
        return new SealedPageTokens(KeyRing.fromMasterKey(MASTER_KEY));
    }

    @Test
    void issueThenOpenRoundTrips() {
        SealedPageTokens tokens = fromMasterKey();
        String token = tokens.issue(BINDING, POSITION);
        assertEquals(Optional.of(POSITION), tokens.open(BINDING, token));
    }

    @Test
    void positionsOfAnyTextRoundTrip() {
        SealedPageTokens tokens = fromMasterKey();
        for (String position : new String[] {"", "a", "名前.with-unicode_\u2603", "x".repeat(64)}) {
            assertEquals(Optional.of(position), tokens.open(BINDING, tokens.issue(BINDING, position)), position);
        }
    }

    @Test
    void tokenOpenedWithAnotherBindingIsEmpty() {
        SealedPageTokens tokens = fromMasterKey();
        String token = tokens.issue(BINDING, POSITION);
        assertEquals(Optional.empty(), tokens.open(OTHER_BINDING, token));
        assertEquals(Optional.empty(), tokens.open("", token));
        assertEquals(Optional.empty(), tokens.open("111111111111\nus-east-1\nprefix-\n", token));
    }

    @Test
    void randomBase64IsEmpty() {
        SealedPageTokens tokens = fromMasterKey();
        for (int length : new int[] {0, 1, 27, 28, 29, 44, 64, 200}) {
            String forged = Base64.getEncoder().encodeToString(seeded(length, length));
            assertEquals(Optional.empty(), tokens.open(BINDING, forged), "forged token of " + length + " bytes");
        }
    }

    @Test
    void nonBase64IsEmpty() {
        SealedPageTokens tokens = fromMasterKey();
        for (String garbage : new String[] {"invalid", "not base64!", "%%%%", "AAAA====", "a", "\u00e9t\u00e9"}) {
            assertEquals(Optional.empty(), tokens.open(BINDING, garbage), garbage);
        }
    }

    @Test
    void tamperedTokenIsEmpty() {
        SealedPageTokens tokens = fromMasterKey();
        byte[] raw = Base64.getDecoder().decode(tokens.issue(BINDING, POSITION));
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x40;
            assertEquals(Optional.empty(), tokens.open(BINDING, Base64.getEncoder().encodeToString(tampered)),
                    "tampering byte " + i);
        }
    }

    @Test
    void tokenIsPaddedStandardBase64AsAwsRequires() {
        SealedPageTokens tokens = fromMasterKey();
        // Positions of every length modulo 3 give every padding form: none, '=' and '=='.
        for (int length = 0; length < 30; length++) {
            String token = tokens.issue(BINDING, "p".repeat(length));
            assertTrue(AWS_NEXT_TOKEN.matcher(token).matches(), token);
            assertTrue(token.length() >= 1 && token.length() <= 2048, "NextToken length is 1..2048");
        }
    }

    @Test
    void tokenDoesNotRevealThePosition() {
        SealedPageTokens tokens = fromMasterKey();
        String token = tokens.issue(BINDING, POSITION);
        assertFalse(token.contains(POSITION), token);
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.ISO_8859_1);
        assertFalse(decoded.contains(POSITION), "the position is encrypted, not merely encoded");
    }

    @Test
    void issuingTwiceGivesDifferentTokensForTheSamePosition() {
        SealedPageTokens tokens = fromMasterKey();
        String first = tokens.issue(BINDING, POSITION);
        String second = tokens.issue(BINDING, POSITION);
        assertNotEquals(first, second);
        assertEquals(tokens.open(BINDING, first), tokens.open(BINDING, second));
    }

    @Test
    void tokensWorkAcrossNodesSharingTheMasterKey() {
        SealedPageTokens nodeA = fromMasterKey();
        SealedPageTokens nodeB = fromMasterKey();
        assertEquals(Optional.of(POSITION), nodeB.open(BINDING, nodeA.issue(BINDING, POSITION)));
        assertEquals(Optional.of(POSITION), nodeA.open(BINDING, nodeB.issue(BINDING, POSITION)));
    }

    @Test
    void tokensSurviveARestartWithTheKeyRingFile() {
        String token = new SealedPageTokens(KeyRing.openOrCreate(dir)).issue(BINDING, POSITION);
        SealedPageTokens restarted = new SealedPageTokens(KeyRing.openOrCreate(dir));
        assertEquals(Optional.of(POSITION), restarted.open(BINDING, token));
    }

    @Test
    void tokensFromAnotherKeyAreEmpty() {
        String token = fromMasterKey().issue(BINDING, POSITION);
        SealedPageTokens other = new SealedPageTokens(
                KeyRing.fromMasterKey(Base64.getEncoder().encodeToString(seeded(32, 7))));
        assertEquals(Optional.empty(), other.open(BINDING, token));
        assertEquals(Optional.empty(), new SealedPageTokens(KeyRing.openOrCreate(dir)).open(BINDING, token));
    }

    @Test
    void tokensAreNotSealedWithThePrimaryKeyItself() throws Exception {
        // The token key is derived from the primary key, so that a token can never be confused
        // with a sealed secret: a token in the same layout under the primary key must not open.
        KeyRing ring = KeyRing.fromMasterKey(MASTER_KEY);
        byte[] iv = seeded(12, 1);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, ring.primary(), new GCMParameterSpec(128, iv));
        cipher.updateAAD(BINDING.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(POSITION.getBytes(StandardCharsets.UTF_8));
        String forged = Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
        assertEquals(Optional.empty(), new SealedPageTokens(ring).open(BINDING, forged));
    }
}
