package org.bridgekeeper.store;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The few places where SQLite's and PostgreSQL's SQL differ. Everything else is written once, in
 * the subset both accept ({@code ON CONFLICT}, {@code LIMIT ?}, {@code substr}, {@code COALESCE}).
 * No store reads an error code: a name clash is an {@code INSERT ... ON CONFLICT DO NOTHING} that
 * changed no row, which both engines answer alike (SQLite's constraint codes and PostgreSQL's
 * {@code 23505} never reach a store; on PostgreSQL a clash with a concurrent insert may surface as
 * a serialization failure, and the rerun then sees the row).
 */
enum Dialect {

    SQLITE {
        @Override
        String ddl(String statement) {
            return statement;
        }

        @Override
        String skipLocked() {
            return ""; // one writer at a time: nothing to skip
        }

        @Override
        boolean retryable(SQLException e) {
            return false; // the single writer never conflicts with itself
        }
    },

    POSTGRESQL {
        @Override
        String ddl(String statement) {
            // BYTEA for SQLite's BLOB; TEXT compared byte by byte (collation "C") as SQLite's BINARY
            // does, so that ORDER BY name, "name > ?" page tokens and the "name < prefix || DEL"
            // prefix ranges mean the same on both, whatever the database's default collation.
            return TEXT.matcher(BLOB.matcher(statement).replaceAll("BYTEA")).replaceAll("TEXT COLLATE \"C\"");
        }

        @Override
        String skipLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        boolean retryable(SQLException e) {
            // serialization_failure and deadlock_detected: the transaction was rolled back as a whole
            // and running it again is the documented answer.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()))) {
                    return true;
                }
            }
            return false;
        }
    };

    private static final Pattern BLOB = Pattern.compile("\\bBLOB\\b");
    private static final Pattern TEXT = Pattern.compile("\\bTEXT\\b");

    /** A schema statement (CREATE TABLE, ALTER TABLE ... ADD COLUMN) in this dialect; written with SQLite's type names. */
    abstract String ddl(String statement);

    /** Appended to a claim query's {@code SELECT}: skip rows another node holds. */
    abstract String skipLocked();

    /** The whole transaction may be run again (write transactions are re-runnable). */
    abstract boolean retryable(SQLException e);
}
