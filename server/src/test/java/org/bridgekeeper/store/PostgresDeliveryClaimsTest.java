package org.bridgekeeper.store;

import java.nio.file.Path;

/** The deliveries' contract on PostgreSQL: a database of its own per test. */
class PostgresDeliveryClaimsTest extends DeliveryClaimsTest {

    @Override
    Database open(Path dir) {
        return Database.open(DatabaseUrl.parse(TestPostgres.newDatabase(), null, null), 2, 4);
    }
}
