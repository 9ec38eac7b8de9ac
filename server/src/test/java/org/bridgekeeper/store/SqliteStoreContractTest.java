package org.bridgekeeper.store;

import java.nio.file.Path;

/** The store contract on SQLite in a data dir. */
class SqliteStoreContractTest extends StoreContractTest {

    @Override
    Database open(Path dir) {
        return Database.open(DataDir.lock(dir.resolve("data"), DataDir.Role.SERVER), 2);
    }
}
