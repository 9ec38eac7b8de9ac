package org.bridgekeeper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.KeyRing;
import org.bridgekeeper.secrets.Refusal;
import org.bridgekeeper.secrets.SealedKeys;
import org.bridgekeeper.store.DataDir;
import org.bridgekeeper.store.Database;

/**
 * {@code bridgekeeper rotate-master-key [--data-dir DIR] [--retire-old-keys]}, with the server
 * stopped: it takes the data dir's lock, and refuses while a server holds it.
 */
final class RotateMasterKey {

    private RotateMasterKey() {}

    static final String USAGE = """
            Usage: bridgekeeper rotate-master-key [--data-dir DIR] [--retire-old-keys]

            Bridgekeeper keeps connection secrets, OAuth tokens and customer key material sealed under a
            master key from the key ring (DIR/keyring.json). This adds a new master key to the key ring
            and rewraps every sealed value with it, in one transaction, without decrypting any secret.
            Stop the server first. Open NextTokens become invalid.

              --data-dir DIR       the server's data dir (default ./data, or BRIDGEKEEPER_DATA_DIR)
              --retire-old-keys    then remove the older keys from the key ring

            Not for a master key given in BRIDGEKEEPER_MASTER_KEY, nor for a PostgreSQL database
            (--database-url, whose key is BRIDGEKEEPER_MASTER_KEY): refused with a message.
            """;

    /**
     * {@code bridgekeeper rotate-master-key}: adds a new primary key to the key ring and rewraps
     * every sealed value with it, in one transaction, without decrypting any secret's payload.
     * With {@code --retire-old-keys}, the older keys that no sealed value uses any more (all of
     * them, once the rewrap committed) are then removed from the key ring.
     */
    static int run(List<String> args) {
        boolean retire = args.contains("--retire-old-keys");
        List<String> rest = args.stream().filter(a -> !a.equals("--retire-old-keys")).toList();
        Config config;
        try {
            config = Config.parse(rest, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bridgekeeper: " + e.getMessage());
            return 2;
        }
        if (config.databaseUrl() != null) {
            // A shared database's key is BRIDGEKEEPER_MASTER_KEY on every node; there is no key ring to rotate.
            System.err.println("bridgekeeper: rotate-master-key works on the key ring of an SQLite data dir; a PostgreSQL "
                    + "database (--database-url) is sealed under BRIDGEKEEPER_MASTER_KEY, which every node shares "
                    + "(rewrapping a shared database under a new key is not supported yet). Nothing was changed.");
            return 2;
        }
        if (config.masterKey() != null) {
            System.err.println("bridgekeeper: the master key comes from BRIDGEKEEPER_MASTER_KEY; rotate it by "
                    + "providing the new key to every node (rewrapping from an environment key is not supported)");
            return 2;
        }
        Path dir = config.dataDir();
        if (!Files.exists(dir.resolve("keyring.json"))) {
            System.err.println("bridgekeeper: no key ring in " + dir.toAbsolutePath().normalize());
            return 1;
        }
        // Never beside a running server: it holds the key ring it started with, and would go on
        // sealing with a key this command may retire.
        try (DataDir dataDir = DataDir.lock(dir, DataDir.Role.ROTATE_MASTER_KEY);
             Database database = Database.open(dataDir, 1)) {
            // The same check as a server's start: the key ring must open what is there already.
            KeyRing.forDatabase(dataDir.path(), null, database.sealedKeys());
            // The new key is durable in the key ring (beside the old ones) before anything is sealed
            // with it; a crash at any point leaves a key ring that opens every value.
            KeyRing rotated = KeyRing.rotate(dataDir.path());
            var counts = rewrap(() -> database.rewrap(new Envelope(rotated)));
            if (counts.isEmpty()) {
                return 1;
            }
            String keys = "older keys kept.";
            if (retire) {
                // Read after the rewrap committed: only keys that no sealed value uses any more go.
                SealedKeys inUse = database.sealedKeys();
                List<String> retired = KeyRing.retireUnused(dataDir.path(), inUse.keyIds());
                List<String> kept = inUse.keyIds().stream().filter(id -> !id.equals(rotated.primaryId())).toList();
                keys = (retired.isEmpty() ? "no key retired" : "retired " + String.join(", ", retired))
                        + (kept.isEmpty() ? "." : "; kept " + String.join(", ", kept) + ", still in use.");
            }
            System.out.println("New master key " + rotated.primaryId() + "; rewrapped " + counts.get().secrets()
                    + " connection secrets, " + counts.get().tokens() + " OAuth tokens and " + counts.get().keyMaterials()
                    + " customer key materials; " + keys);
            return 0;
        } catch (Refusal e) {
            System.err.println("bridgekeeper: " + e.getMessage());
            return 1;
        }
    }

    /** Rewraps every value in one transaction; empty (and said why) if it failed, nothing changed. */
    private static <T> java.util.Optional<T> rewrap(java.util.function.Supplier<T> rewrap) {
        try {
            return java.util.Optional.of(rewrap.get());
        } catch (RuntimeException e) {
            System.err.println("bridgekeeper: rewrapping failed, nothing was changed in the database ("
                    + e.getMessage() + "); the key ring keeps the old keys, so every secret still opens");
            return java.util.Optional.empty();
        }
    }
}
