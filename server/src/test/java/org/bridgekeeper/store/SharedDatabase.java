package org.bridgekeeper.store;

import java.nio.file.Path;

/**
 * A second (third, ...) {@link Database} on one SQLite file, as nodes that share one database:
 * each handle has its own writer and readers, and WAL with the busy timeout lets them take turns.
 * Tests only: a server holds its data dir's lock, one process per data dir.
 */
public final class SharedDatabase {

    private SharedDatabase() {}

    public static Database open(Path file) {
        try {
            return Database.open(file, 2);
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
