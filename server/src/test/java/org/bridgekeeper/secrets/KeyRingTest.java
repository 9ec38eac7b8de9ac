package org.bridgekeeper.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start check of the key ring against what a database holds sealed: a key ring is made only
 * for a database without sealed values, and one that lacks (or holds another) key of theirs, or
 * that other users may read, is refused.
 */
class KeyRingTest {

    private static final String CONTEXT = "arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection/c/s";
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    private static SealedKeys holding(byte[]... sealed) {
        SealedKeys keys = new SealedKeys();
        for (byte[] value : sealed) {
            keys.add(java.util.Arrays.copyOf(value, Math.min(value.length, Envelope.PREFIX_BYTES)), CONTEXT);
        }
        return keys;
    }

    private byte[] sealedWithANewRing() {
        KeyRing ring = KeyRing.forDatabase(dir, null, new SealedKeys());
        return new Envelope(ring).seal("secret".getBytes(StandardCharsets.UTF_8), CONTEXT);
    }

    @Test
    void aKeyRingIsMadeForAnEmptyDatabaseOnly() throws IOException {
        KeyRing ring = KeyRing.forDatabase(dir, null, new SealedKeys());
        Path file = dir.resolve(KeyRing.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(ring.primaryId(), KeyRing.forDatabase(dir, null, new SealedKeys()).primaryId(), "then reused");

        byte[] sealed = new Envelope(ring).seal(new byte[] {1}, CONTEXT);
        Files.delete(file);
        Refusal refused = assertThrows(Refusal.class, () -> KeyRing.forDatabase(dir, null, holding(sealed, sealed)));
        assertTrue(refused.getMessage().startsWith("the database in " + dir.toAbsolutePath().normalize()
                + " holds 2 sealed values"), refused.getMessage());
        assertTrue(refused.getMessage().contains(file.toAbsolutePath().normalize() + " is missing. Restore keyring.json"),
                refused.getMessage());
        assertFalse(Files.exists(file), "no new key ring was made");
    }

    @Test
    void aKeyRingWithoutTheKeyThatSealedTheValuesIsRefused(@TempDir Path other) {
        byte[] sealed = sealedWithANewRing();
        String id = Envelope.wrappingKeyId(sealed).orElseThrow();
        KeyRing.forDatabase(other, null, new SealedKeys()); // another database's key ring
        Refusal refused = assertThrows(Refusal.class, () -> KeyRing.forDatabase(other, null, holding(sealed)));
        assertTrue(refused.getMessage().contains("lacks the master key " + id + " (1 values) that sealed its values"),
                refused.getMessage());
        assertEquals(id, KeyRing.forDatabase(dir, null, holding(sealed)).primaryId(), "its own key ring opens them");
    }

    @Test
    void aKeyOfTheRightIdButOtherMaterialIsRefused() throws IOException {
        byte[] sealed = sealedWithANewRing();
        Path file = dir.resolve(KeyRing.FILE_NAME);
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        ((ObjectNode) root.withArray("keys").get(0)).put("material", MASTER_KEY); // altered by hand
        PrivateFiles.writeAtomically(file, new ObjectMapper().writeValueAsBytes(root));
        Refusal refused = assertThrows(Refusal.class, () -> KeyRing.forDatabase(dir, null, holding(sealed)));
        assertTrue(refused.getMessage().contains("do not open the values sealed under that id"), refused.getMessage());
    }

    @Test
    void aMasterKeyThatCannotOpenTheDatabaseIsRefused() {
        MasterKey mine = MasterKey.parse(MASTER_KEY);
        byte[] sealedWithIt = new Envelope(KeyRing.fromMasterKey(mine)).seal(new byte[] {1}, CONTEXT);
        assertEquals(KeyRing.fromMasterKey(mine).primaryId(),
                KeyRing.forDatabase(dir, mine, holding(sealedWithIt)).primaryId());
        byte[] sealedWithTheFile = sealedWithANewRing();
        Refusal refused = assertThrows(Refusal.class, () -> KeyRing.forDatabase(dir, mine, holding(sealedWithTheFile)));
        assertTrue(refused.getMessage().startsWith("BRIDGEKEEPER_MASTER_KEY cannot open the database in "), refused.getMessage());
        assertTrue(refused.getMessage().contains("Set BRIDGEKEEPER_MASTER_KEY to the key this database was sealed with"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(MASTER_KEY), "the key is never printed");
    }

    @Test
    void valuesUnderCustomerKeysNeedNoKeyRingKeyButCountAsSealed() {
        SealedKeys keys = new SealedKeys();
        byte[] header = "\u0001\u0010arn:aws:kms:x:y:z".getBytes(StandardCharsets.US_ASCII);
        keys.add(header, CONTEXT);
        assertEquals(1, keys.values());
        assertEquals(Set.of(), keys.keyIds());
        assertThrows(Refusal.class, () -> KeyRing.forDatabase(dir, null, keys), "not an empty database");
    }

    @Test
    void aKeyRingOthersMayReadOrWriteIsRefusedLikeSshRefusesAPrivateKey() throws IOException {
        KeyRing.forDatabase(dir, null, new SealedKeys());
        Path file = dir.resolve(KeyRing.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Refusal refused = assertThrows(Refusal.class, () -> KeyRing.forDatabase(dir, null, new SealedKeys()));
        assertEquals("keyring.json is readable by other users (mode 0644); run chmod 600 "
                + file.toAbsolutePath().normalize(), refused.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        refused = assertThrows(Refusal.class, () -> KeyRing.forDatabase(dir, null, new SealedKeys()));
        assertTrue(refused.getMessage().startsWith("keyring.json is writable by other users (mode 0620)"), refused.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        KeyRing.forDatabase(dir, null, new SealedKeys()); // read-only for its owner is fine
    }

    @Test
    void rotationKeepsTheOldKeysAndRetiringRemovesOnlyUnusedOnes() throws IOException {
        KeyRing first = KeyRing.forDatabase(dir, null, new SealedKeys());
        KeyRing second = KeyRing.rotate(dir);
        KeyRing third = KeyRing.rotate(dir);
        assertEquals(Set.of(first.primaryId(), second.primaryId(), third.primaryId()), third.ids());
        byte[] before = Files.readAllBytes(dir.resolve(KeyRing.FILE_NAME));
        assertEquals(List.of(second.primaryId()), KeyRing.retireUnused(dir, Set.of(first.primaryId())));
        assertEquals(Set.of(first.primaryId(), third.primaryId()), KeyRing.forDatabase(dir, null, new SealedKeys()).ids());
        assertEquals(List.of(), KeyRing.retireUnused(dir, Set.of(first.primaryId())));
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve(KeyRing.FILE_NAME))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(KeyRing.FILE_NAME))));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(KeyRing.FILE_NAME), listing.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left beside the key ring");
        }
    }

    @Test
    void anAtomicWriteReplacesTheWholeFileAndLeavesItPrivate() throws IOException {
        Path file = dir.resolve("f");
        Files.writeString(file, "old and longer");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.writeAtomically(file, "new".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
