package org.bridgekeeper.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys that wrap every data key. Kept in {@code keyring.json} in the data dir with
 * mode 0600, created on first start; or given as {@code BRIDGEKEEPER_MASTER_KEY} (base64 of 32
 * bytes) so that nodes sharing one database share the key. Key material never leaves this class
 * except as a {@link SecretKey}.
 */
public final class KeyRing {

    static final String FILE_NAME = "keyring.json";

    private final Map<String, SecretKey> keys;
    private final String primaryId;

    private KeyRing(Map<String, SecretKey> keys, String primaryId) {
        this.keys = Map.copyOf(keys);
        this.primaryId = primaryId;
    }

    /** A key ring of one key given by the operator (base64 of 32 random bytes). */
    public static KeyRing fromMasterKey(String base64) {
        return fromMasterKey(MasterKey.parse(base64));
    }

    /** A key ring of one key given by the operator. */
    public static KeyRing fromMasterKey(MasterKey masterKey) {
        byte[] material = masterKey.material();
        // The id names the key without revealing it: a truncated hash, stable across nodes.
        String id = "mk-" + HexFormat.of().formatHex(sha256(material), 0, 8);
        return new KeyRing(Map.of(id, aes(material)), id);
    }

    /** Loads the key ring of {@code dataDir}, creating it (mode 0600) on first start. */
    public static KeyRing openOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, SecretKey> keys = new LinkedHashMap<>();
            for (JsonNode key : root.path("keys")) {
                keys.put(key.path("id").asText(), aes(Base64.getDecoder().decode(key.path("material").asText())));
            }
            String primary = root.path("primary").asText();
            if (!keys.containsKey(primary)) {
                throw new IllegalStateException(file + " names a primary key it does not hold");
            }
            return new KeyRing(keys, primary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key ring " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putArray("keys");
        write(file, addKey(root), false);
    }

    /**
     * Adds a new key to the key ring file of {@code dataDir} and makes it the primary; the old
     * keys stay, so that values they sealed still open until they are rewrapped.
     */
    public static KeyRing rotate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
            write(file, addKey(root), true);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot rotate the key ring " + file + ": " + e.getMessage());
        }
        return openOrCreate(dataDir);
    }

    /** Removes every key but the primary from the key ring file (after a complete rewrap). */
    public static void retireOldKeys(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
            String primary = root.path("primary").asText();
            ArrayNode kept = root.arrayNode();
            for (JsonNode key : root.path("keys")) {
                if (key.path("id").asText().equals(primary)) {
                    kept.add(key);
                }
            }
            root.set("keys", kept);
            write(file, root, true);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot update the key ring " + file + ": " + e.getMessage());
        }
    }

    private static ObjectNode addKey(ObjectNode root) {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        String id = "k-" + HexFormat.of().formatHex(sha256(material), 0, 8);
        root.put("primary", id);
        root.withArray("keys").addObject().put("id", id)
                .put("material", Base64.getEncoder().encodeToString(material))
                .put("created", java.time.Instant.now().toString());
        return root;
    }

    /** Writes the key ring; without {@code replace}, a file another process created first wins. */
    private static void write(Path file, ObjectNode root, boolean replace) throws IOException {
        ObjectMapper json = new ObjectMapper();
        // Written to a private temporary file and moved into place, so that no reader ever sees a
        // partial key ring and the key is never readable by others, not even for a moment.
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        if (replace) {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp); // another process created it first: use theirs
        }
    }

    public String primaryId() {
        return primaryId;
    }

    SecretKey primary() {
        return keys.get(primaryId);
    }

    SecretKey key(String id) {
        return keys.get(id);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKey aes(byte[] material) {
        return new SecretKeySpec(material, "AES");
    }
}
