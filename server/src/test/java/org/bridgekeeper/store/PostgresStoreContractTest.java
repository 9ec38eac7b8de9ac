package org.bridgekeeper.store;

import java.nio.file.Path;

/** The store contract on PostgreSQL: a database of its own per test, on the test JVM's PostgreSQL. */
class PostgresStoreContractTest extends StoreContractTest {

    @Override
    Database open(Path dir) {
        return Database.open(DatabaseUrl.parse(TestPostgres.newDatabase(), null, null), 2, 4);
    }
}
