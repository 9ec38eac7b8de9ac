package org.bridgekeeper;

import java.util.List;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.KeyRing;
import org.bridgekeeper.store.Database;

/** {@code bridgekeeper rotate-master-key [--data-dir DIR] [--retire-old-keys]}, with the server stopped. */
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

            Not for a master key given in BRIDGEKEEPER_MASTER_KEY: give every node the new key instead.
            """;

    /**
     * {@code bridgekeeper rotate-master-key}: adds a new primary key to the key ring and rewraps
     * every sealed value with it, in one transaction, without decrypting any secret's payload.
     * With {@code --retire-old-keys}, the older keys are then removed from the key ring.
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
        if (config.masterKey() != null) {
            System.err.println("bridgekeeper: the master key comes from BRIDGEKEEPER_MASTER_KEY; rotate it by "
                    + "providing the new key to every node (rewrapping from an environment key is not supported)");
            return 2;
        }
        if (!java.nio.file.Files.exists(config.dataDir().resolve("keyring.json"))) {
            System.err.println("bridgekeeper: no key ring in " + config.dataDir());
            return 1;
        }
        KeyRing rotated = KeyRing.rotate(config.dataDir());
        try (Database database = Database.openSqlite(config.dataDir(), 1)) {
            var counts = database.rewrap(new Envelope(rotated));
            if (retire) {
                KeyRing.retireOldKeys(config.dataDir());
            }
            System.out.println("New master key " + rotated.primaryId() + "; rewrapped " + counts.secrets()
                    + " connection secrets, " + counts.tokens() + " OAuth tokens and " + counts.keyMaterials()
                    + " customer key materials" + (retire ? "; older keys retired." : "; older keys kept."));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("bridgekeeper: rewrapping failed, nothing was changed in the database ("
                    + e.getMessage() + "); the key ring keeps the old keys, so every secret still opens");
            return 1;
        }
    }
}
