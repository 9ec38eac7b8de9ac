package org.bridgekeeper.secrets;

import org.bridgekeeper.connections.SecretUnavailableException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeTest {

    private static final String PLAINTEXT = "correct-horse-battery-staple-0123456789";
    private static final String CONTEXT =
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection/conn/0b1c2d3e-AbCdEf";
    private static final String OTHER_CONTEXT =
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection/other/0b1c2d3e-AbCdEf";

    // Fixed test keys: base64 of 32 bytes.
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(bytes(32, 7));
    private static final String OTHER_MASTER_KEY = Base64.getEncoder().encodeToString(bytes(32, 11));

    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (seed * 31 + i * 17);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Asserts that opening fails with SecretUnavailableException and that the message leaks nothing. */
    private static void assertUnavailable(Envelope envelope, byte[] sealed, String context) {
        SecretUnavailableException e = assertThrows(SecretUnavailableException.class,
                () -> envelope.open(sealed, context));
        assertFalse(String.valueOf(e.getMessage()).contains(PLAINTEXT), e.getMessage());
    }

    @Test
    void sealThenOpenRoundTrips() {
        Envelope envelope = new Envelope(KeyRing.openOrCreate(dir));
        byte[] sealed = envelope.seal(utf8(PLAINTEXT), CONTEXT);
        assertArrayEquals(utf8(PLAINTEXT), envelope.open(sealed, CONTEXT));
    }

    @Test
    void emptyAndNonAsciiPlaintextsRoundTrip() {
        Envelope envelope = new Envelope(KeyRing.openOrCreate(dir));
        assertArrayEquals(new byte[0], envelope.open(envelope.seal(new byte[0], CONTEXT), CONTEXT));
        byte[] unicode = utf8("päss wörd \u2603 \uD83D\uDD11");
        assertArrayEquals(unicode, envelope.open(envelope.seal(unicode, CONTEXT), CONTEXT));
    }

    @Test
    void sealedBytesDoNotContainThePlaintext() {
        Envelope envelope = new Envelope(KeyRing.openOrCreate(dir));
        byte[] sealed = envelope.seal(utf8(PLAINTEXT), CONTEXT);
        assertFalse(contains(sealed, utf8(PLAINTEXT)));
        assertFalse(contains(sealed, utf8(PLAINTEXT.substring(0, 8))));
        assertTrue(sealed.length > PLAINTEXT.length(), "the envelope carries a wrapped key, IVs and a tag");
    }

    @Test
    void sealingTwiceGivesDifferentBytes() {
        Envelope envelope = new Envelope(KeyRing.openOrCreate(dir));
        byte[] first = envelope.seal(utf8(PLAINTEXT), CONTEXT);
        byte[] second = envelope.seal(utf8(PLAINTEXT), CONTEXT);
        assertFalse(Arrays.equals(first, second), "each seal uses a fresh data key and IVs");
        assertArrayEquals(envelope.open(first, CONTEXT), envelope.open(second, CONTEXT));
    }

    @Test
    void openWithAnotherContextFails() {
        Envelope envelope = new Envelope(KeyRing.openOrCreate(dir));
        byte[] sealed = envelope.seal(utf8(PLAINTEXT), CONTEXT);
        assertUnavailable(envelope, sealed, OTHER_CONTEXT);
        assertUnavailable(envelope, sealed, "");
    }

    @Test
    void everySingleByteTamperingIsDetected() {
        Envelope envelope = new Envelope(KeyRing.openOrCreate(dir));
        byte[] sealed = envelope.seal(utf8(PLAINTEXT), CONTEXT);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            int index = i;
            SecretUnavailableException e = assertThrows(SecretUnavailableException.class,
                    () -> envelope.open(tampered, CONTEXT), () -> "tampering byte " + index + " went unnoticed");
            assertFalse(String.valueOf(e.getMessage()).contains(PLAINTEXT));
        }
    }

    @Test
    void truncatedOrGarbageInputFailsAsUnavailable() {
        Envelope envelope = new Envelope(KeyRing.openOrCreate(dir));
        byte[] sealed = envelope.seal(utf8(PLAINTEXT), CONTEXT);
        assertUnavailable(envelope, Arrays.copyOf(sealed, sealed.length - 1), CONTEXT);
        assertUnavailable(envelope, Arrays.copyOf(sealed, 20), CONTEXT);
        assertUnavailable(envelope, new byte[0], CONTEXT);
        assertUnavailable(envelope, new byte[] {1, (byte) 0xFF, 0, 0}, CONTEXT);
        assertUnavailable(envelope, utf8(PLAINTEXT), CONTEXT);
    }

    @Test
    void anotherKeyRingCannotOpen(@TempDir Path otherDir) {
        byte[] sealed = new Envelope(KeyRing.openOrCreate(dir)).seal(utf8(PLAINTEXT), CONTEXT);
        assertUnavailable(new Envelope(KeyRing.openOrCreate(otherDir)), sealed, CONTEXT);
        assertUnavailable(new Envelope(KeyRing.fromMasterKey(MASTER_KEY)), sealed, CONTEXT);
    }

    @Test
    void reopenedKeyRingOpensWhatTheFirstSealed() {
        KeyRing first = KeyRing.openOrCreate(dir);
        byte[] sealed = new Envelope(first).seal(utf8(PLAINTEXT), CONTEXT);
        KeyRing second = KeyRing.openOrCreate(dir);
        assertEquals(first.primaryId(), second.primaryId());
        assertArrayEquals(utf8(PLAINTEXT), new Envelope(second).open(sealed, CONTEXT));
    }

    @Test
    void keyRingFileIsPrivateToItsOwner() throws IOException {
        KeyRing.openOrCreate(dir);
        Path file = dir.resolve(KeyRing.FILE_NAME);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left beside the key ring");
        }
    }

    @Test
    void reopeningDoesNotRewriteTheKeyRing() throws IOException {
        KeyRing.openOrCreate(dir);
        byte[] before = Files.readAllBytes(dir.resolve(KeyRing.FILE_NAME));
        KeyRing.openOrCreate(dir);
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(KeyRing.FILE_NAME)));
    }

    @Test
    void keyRingWithUnknownPrimaryIsRejected() throws IOException {
        Files.writeString(dir.resolve(KeyRing.FILE_NAME), """
                {"primary": "k-missing", "keys": [{"id": "k-other", "material": "%s"}]}""".formatted(MASTER_KEY));
        Files.setPosixFilePermissions(dir.resolve(KeyRing.FILE_NAME), PosixFilePermissions.fromString("rw-------"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyRing.openOrCreate(dir));
        assertTrue(e.getMessage().contains("names a primary key it does not hold"), e.getMessage());
    }

    @Test
    void ringsFromTheSameMasterKeyInteroperate() {
        KeyRing one = KeyRing.fromMasterKey(MASTER_KEY);
        KeyRing two = KeyRing.fromMasterKey(MASTER_KEY + "\n"); // as read from a file or an env var
        assertEquals(one.primaryId(), two.primaryId());
        byte[] sealed = new Envelope(one).seal(utf8(PLAINTEXT), CONTEXT);
        assertArrayEquals(utf8(PLAINTEXT), new Envelope(two).open(sealed, CONTEXT));
        byte[] back = new Envelope(two).seal(utf8(PLAINTEXT), CONTEXT);
        assertArrayEquals(utf8(PLAINTEXT), new Envelope(one).open(back, CONTEXT));
    }

    @Test
    void ringsFromDifferentMasterKeysDoNotInteroperate() {
        KeyRing one = KeyRing.fromMasterKey(MASTER_KEY);
        KeyRing other = KeyRing.fromMasterKey(OTHER_MASTER_KEY);
        assertNotEquals(one.primaryId(), other.primaryId());
        assertUnavailable(new Envelope(other), new Envelope(one).seal(utf8(PLAINTEXT), CONTEXT), CONTEXT);
    }

    @Test
    void masterKeyIdDoesNotRevealTheKey() {
        String id = KeyRing.fromMasterKey(MASTER_KEY).primaryId();
        assertTrue(id.startsWith("mk-"), id);
        assertFalse(id.contains(MASTER_KEY.substring(0, 8)), id);
    }

    @Test
    void masterKeyThatIsNotBase64IsRejectedWithoutEchoingIt() {
        String key = "not*base64*but*a*secret*value!!";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.fromMasterKey(key));
        assertTrue(e.getMessage().contains("BRIDGEKEEPER_MASTER_KEY"), e.getMessage());
        assertNoEcho(e, key);
    }

    @Test
    void masterKeyOfTheWrongLengthIsRejectedWithoutEchoingIt() {
        for (int length : new int[] {16, 31, 33, 64}) {
            String key = Base64.getEncoder().encodeToString(bytes(length, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.fromMasterKey(key),
                    () -> length + " bytes were accepted");
            assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
            assertNoEcho(e, key);
        }
    }

    @Test
    void urlSafeBase64IsNotTheDocumentedForm() {
        // 32 bytes, but with a character of the URL-safe alphabet, which is not standard base64.
        String urlSafe = "-" + Base64.getEncoder().encodeToString(bytes(32, 5)).substring(1);
        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromMasterKey(urlSafe));
    }

    /** Neither the exception nor any cause mentions the key, whole or in part. */
    private static void assertNoEcho(Throwable e, String key) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertFalse(message.contains(key), message);
            assertFalse(message.contains(key.substring(0, 8)), message);
        }
    }
}
