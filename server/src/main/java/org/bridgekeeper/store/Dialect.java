package org.bridgekeeper.store;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The few places where SQLite's and PostgreSQL's SQL differ. Everything else is written once, in
 * the subset both accept ({@code ON CONFLICT}, {@code LIMIT ?}, {@code substr}, {@code COALESCE}).
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
        boolean uniqueViolation(SQLException e) {
            // SQLITE_CONSTRAINT (19), or its extended codes PRIMARYKEY (1555) and UNIQUE (2067).
            return e.getErrorCode() == 19 || e.getErrorCode() == 1555 || e.getErrorCode() == 2067;
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
        boolean uniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
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

    /** A primary key or unique constraint refused the write. */
    abstract boolean uniqueViolation(SQLException e);

    /** The whole transaction may be run again (write transactions are re-runnable). */
    abstract boolean retryable(SQLException e);
}
