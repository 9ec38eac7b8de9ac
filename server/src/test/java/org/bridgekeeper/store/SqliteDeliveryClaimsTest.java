package org.bridgekeeper.store;

import java.nio.file.Path;

/** The deliveries' contract on SQLite. */
class SqliteDeliveryClaimsTest extends DeliveryClaimsTest {

    @Override
    Database open(Path dir) {
        try {
            return Database.open(dir.resolve("bridgekeeper.db"), 2);
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
