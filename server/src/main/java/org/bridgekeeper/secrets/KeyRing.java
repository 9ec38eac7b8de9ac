package org.bridgekeeper.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys that wrap every data key. Kept in {@code keyring.json} in the data dir with
 * mode 0600, created at the first start of an empty database; or given as
 * {@code BRIDGEKEEPER_MASTER_KEY} (base64 of 32 bytes) so that nodes sharing one database share
 * the key. Either way, the server starts only if the key ring opens every value the database
 * holds ({@link #forDatabase}). Key material never leaves this class except as a {@link SecretKey}.
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

    /**
     * The key ring that opens {@code sealed}, the values the database of {@code dataDir} holds:
     * {@code masterKey} when the operator gives one ({@code BRIDGEKEEPER_MASTER_KEY}), otherwise
     * the key ring file. The file is created only when the database holds no sealed value at all:
     * a new key could open nothing already there, and values sealed with it beside the old ones
     * would leave the database needing two key rings, one of them lost.
     *
     * @throws Refusal when the key ring is missing, lacks a key the database's values were sealed
     *                 with, holds a key of that id that does not open them, or is open to other users
     */
    public static KeyRing forDatabase(Path dataDir, MasterKey masterKey, SealedKeys sealed) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        KeyRing ring;
        if (masterKey != null) {
            ring = fromMasterKey(masterKey);
        } else if (Files.exists(file)) {
            ring = load(file);
        } else if (sealed.values() == 0) {
            return create(file);
        } else {
            throw new Refusal("the database in " + dataDir.toAbsolutePath().normalize() + " holds " + sealed.values()
                    + " sealed values (connection secrets, OAuth tokens, customer key material) but the key ring "
                    + file + " is missing. Restore keyring.json from the backup taken with this database, or set "
                    + "BRIDGEKEEPER_MASTER_KEY to the key they were sealed with; a new key ring is made only for a "
                    + "database without sealed values. Nothing was changed.");
        }
        ring.requireOpens(sealed, masterKey != null ? "BRIDGEKEEPER_MASTER_KEY" : file.toString(),
                "the database in " + dataDir.toAbsolutePath().normalize());
        return ring;
    }

    /**
     * The key ring of a database that several nodes share ({@code database} names it, without
     * credentials): only {@code masterKey}, which every node is given, never a node's own key ring
     * file (each node would make a different one). Refuses without a master key, or with one that
     * does not open the values already sealed there.
     */
    public static KeyRing forSharedDatabase(String database, MasterKey masterKey, SealedKeys sealed) {
        if (masterKey == null) {
            throw refuseWithoutMasterKey(database);
        }
        KeyRing ring = fromMasterKey(masterKey);
        ring.requireOpens(sealed, "BRIDGEKEEPER_MASTER_KEY", "the PostgreSQL database " + database);
        return ring;
    }

    /** Why a node does not start on a shared database without {@code BRIDGEKEEPER_MASTER_KEY}. */
    public static Refusal refuseWithoutMasterKey(String database) {
        return new Refusal("the PostgreSQL database " + database + " is shared by every node that uses it, and "
                + "so is its master key: set BRIDGEKEEPER_MASTER_KEY (base64 of 32 random bytes, e.g. "
                + "`openssl rand -base64 32`) to the same key on every node. A node's own keyring.json is not used "
                + "with --database-url. Nothing was changed.");
    }

    /** Every key the database's values were sealed with is in this ring, and opens them. */
    private void requireOpens(SealedKeys sealed, String source, String database) {
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Envelope envelope = new Envelope(this);
        for (String id : sealed.keyIds()) {
            if (!keys.containsKey(id)) {
                missing.add(id + " (" + sealed.count(id) + " values)");
            } else if (sealed.samples(id).stream().noneMatch(s -> envelope.unwraps(s.prefix(), s.context()))) {
                wrong.add(id);
            }
        }
        String fix = source.equals("BRIDGEKEEPER_MASTER_KEY")
                ? "Set BRIDGEKEEPER_MASTER_KEY to the key this database was sealed with (nodes that share a database "
                        + "share its key)" + (database.startsWith("the PostgreSQL") ? ". Nothing was changed."
                                : ", or unset it to use the key ring file of the data dir. Nothing was changed.")
                : "Restore the keyring.json backed up with this database (or set BRIDGEKEEPER_MASTER_KEY to the key "
                        + "they were sealed with). Nothing was changed.";
        if (!missing.isEmpty()) {
            throw new Refusal(source + " cannot open " + database + ": it lacks the master key"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + " that sealed its values (it holds "
                    + String.join(", ", keys.keySet()) + "). " + fix);
        }
        if (!wrong.isEmpty()) {
            throw new Refusal(source + " cannot open " + database + ": its key" + (wrong.size() > 1 ? "s " : " ")
                    + String.join(", ", wrong) + " do not open the values sealed under that id (the key ring was altered "
                    + "or belongs to another database). " + fix);
        }
    }

    /** Loads the key ring file of {@code dataDir}, or creates one: for tests of the envelope, never for a database. */
    static KeyRing openOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        return Files.exists(file) ? load(file) : create(file);
    }

    private static KeyRing create(Path file) {
        try {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.putArray("keys");
            write(file, addKey(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the key ring " + file, e);
        }
        return load(file);
    }

    /**
     * Reads a key ring file. Like ssh with a private key, one that other users may read or write
     * is refused: its keys may have been read, and a key ring others can replace is not a secret.
     */
    private static KeyRing load(Path file) {
        try {
            Optional<String> open = PrivateFiles.openToOthers(file);
            if (open.isPresent()) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                String how = p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)
                        ? "readable" : p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)
                        ? "writable" : "accessible";
                throw new Refusal(FILE_NAME + " is " + how + " by other users (mode " + open.get() + "); run chmod 600 "
                        + file.toAbsolutePath().normalize());
            }
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, SecretKey> keys = new LinkedHashMap<>();
            for (JsonNode key : root.path("keys")) {
                keys.put(key.path("id").asText(), aes(Base64.getDecoder().decode(key.path("material").asText())));
            }
            String primary = root.path("primary").asText();
            if (!keys.containsKey(primary)) {
                throw new Refusal(file + " names a primary key it does not hold");
            }
            return new KeyRing(keys, primary);
        } catch (IOException | IllegalArgumentException e) {
            throw new Refusal("cannot read the key ring " + file + ": " + e.getMessage());
        }
    }

    /**
     * Adds a new key to the key ring file of {@code dataDir} and makes it the primary; the old
     * keys stay, so that every value still opens whether or not the rewrap that follows commits.
     * The file is durable (fsynced) before any value can be sealed with the new key.
     */
    public static KeyRing rotate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        load(file); // the same checks as at start: private, well formed
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
            write(file, addKey(root));
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot rotate the key ring " + file + ": " + e.getMessage());
        }
        return load(file);
    }

    /**
     * Removes from the key ring file of {@code dataDir} every key that is neither the primary nor
     * in {@code inUse} (the ids that still wrap a value of the database, read after the rewrap
     * committed); returns the ids removed.
     */
    public static List<String> retireUnused(Path dataDir, Set<String> inUse) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(file.toFile());
            String primary = root.path("primary").asText();
            ArrayNode kept = root.arrayNode();
            List<String> retired = new ArrayList<>();
            for (JsonNode key : root.path("keys")) {
                String id = key.path("id").asText();
                if (id.equals(primary) || inUse.contains(id)) {
                    kept.add(key);
                } else {
                    retired.add(id);
                }
            }
            if (!retired.isEmpty()) {
                root.set("keys", kept);
                write(file, root);
            }
            return retired;
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot update the key ring " + file + ": " + e.getMessage());
        }
    }

    /** The ids of this ring's keys. */
    public Set<String> ids() {
        return keys.keySet();
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

    /**
     * Writes the key ring: to a private temporary file, fsynced, renamed over the old one and the
     * directory fsynced, so that no reader and no crash ever sees a partial key ring, and a key
     * is never readable by others, not even for a moment.
     */
    private static void write(Path file, ObjectNode root) throws IOException {
        PrivateFiles.writeAtomically(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
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
