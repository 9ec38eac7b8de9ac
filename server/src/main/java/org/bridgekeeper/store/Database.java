package org.bridgekeeper.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The relational database every store writes to, on one of two engines: SQLite embedded in the
 * data dir (the default: one writer thread with group commit, {@link SqliteEngine}) or a shared
 * PostgreSQL database for several nodes ({@link PostgresEngine}: pooled connections, SERIALIZABLE
 * write transactions run again on a serialization failure). The stores see one API either way:
 * {@link #write} runs a transaction and returns once it is committed, {@link #read} runs queries
 * on a connection of its own, and {@link Session#prepare} gives their statements.
 *
 * <p>A {@link Work} given to {@link #write} may run more than once (PostgreSQL runs a write again
 * after a serialization failure), so it must do nothing but its SQL and computations on what it
 * read: no counters outside it, no calls out.
 */
public final class Database implements AutoCloseable {

    /** Work done with one connection; statements from {@link Session#prepare} are not its to close. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Session session) throws SQLException;
    }

    /**
     * A connection and its statements; used by one thread at a time. On SQLite the session lives
     * as long as its connection and keeps its statements compiled (compiling SQL costs more than
     * running these point queries); on PostgreSQL a session lasts one work and closes its
     * statements at the end (the driver keeps the server-side prepared statements per physical
     * connection itself, by SQL text).
     */
    public static final class Session {
        private final Connection connection;
        private final boolean keep;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Session(Connection connection, boolean keep) {
            this.connection = connection;
            this.keep = keep;
        }

        /** The prepared statement for {@code sql}, compiled on first use. Do not close it. */
        public PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement != null) {
                try {
                    statement.clearParameters();
                    return statement;
                } catch (SQLException finalized) {
                    // The driver finalizes a connection's statements when SQLite rolls a whole
                    // transaction back (SQLITE_FULL on a full disk does): compile it again.
                }
            }
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
            return statement;
        }

        Connection connection() {
            return connection;
        }

        /** At the end of a work: closes its statements unless this session keeps them. */
        void release() throws SQLException {
            if (!keep) {
                closeStatements();
            }
        }

        private void closeStatements() throws SQLException {
            SQLException first = null;
            for (PreparedStatement s : statements.values()) {
                try {
                    s.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
            statements.clear();
            if (first != null) {
                throw first;
            }
        }

        void close() throws SQLException {
            closeStatements();
            connection.close();
        }
    }

    /** One of the two engines. */
    sealed interface Engine permits SqliteEngine, PostgresEngine {
        <T> T write(Work<T> work);

        /** As {@link #write}, for work that {@link Database#writeRows} describes. */
        <T> T writeRows(Work<T> work);

        <T> T read(Work<T> work);

        Dialect dialect();

        /** Why the engine cannot take writes now, if it cannot (for {@code /health}); cheap, no query. */
        java.util.Optional<String> health();

        void close();
    }

    static final String FILE_NAME = SqliteEngine.FILE_NAME;

    private final Engine engine;

    private Database(Engine engine) {
        this.engine = engine;
    }

    /**
     * The SQLite database of a data dir this process holds. {@code bridgekeeper.db} is created
     * 0600 before SQLite opens it, and SQLite gives its WAL and SHM files the database file's mode;
     * files left by an earlier version with a wider mode are narrowed. Nothing is written but the
     * schema's new versions, if any.
     */
    public static Database open(DataDir dataDir, int readConnections) {
        return new Database(SqliteEngine.open(dataDir, readConnections));
    }

    /**
     * The PostgreSQL database at {@code url}, shared by any number of nodes; the schema's new
     * versions are applied under an advisory lock, so two nodes starting at once migrate once.
     */
    public static Database open(DatabaseUrl url, int readConnections, int writeConnections) {
        return new Database(PostgresEngine.open(url, readConnections, writeConnections));
    }

    /**
     * {@code " FOR UPDATE SKIP LOCKED"} on PostgreSQL, {@code ""} on SQLite: appended to a claim
     * query ({@code SELECT ... ORDER BY due_time LIMIT ?}) so that nodes claim different rows.
     */
    String skipLocked() {
        return engine.dialect().skipLocked();
    }

    /** Whether this is the shared engine (PostgreSQL): several nodes may use this database at once. */
    public boolean shared() {
        return engine instanceof PostgresEngine;
    }

    Dialect dialect() {
        return engine.dialect();
    }

    // ---- the stores, each a contract of its domain package ------------------------------------

    /** Connections, their secrets sealed by {@code envelope}. */
    public org.bridgekeeper.connections.ConnectionStore connections(org.bridgekeeper.secrets.Envelope envelope) {
        return new JdbcConnectionStore(this, envelope);
    }

    public org.bridgekeeper.destinations.ApiDestinationStore apiDestinations() {
        return new JdbcApiDestinationStore(this);
    }

    public org.bridgekeeper.rules.RuleStore rules() {
        return new JdbcRuleStore(this);
    }

    public org.bridgekeeper.delivery.DeliveryStore deliveries() {
        return new JdbcDeliveryStore(this, true);
    }

    /** The deliveries; with {@code history}, each change also writes the delivery history. */
    public org.bridgekeeper.delivery.DeliveryStore deliveries(boolean history) {
        return new JdbcDeliveryStore(this, history);
    }

    /** The counts behind the metrics' gauges. */
    public org.bridgekeeper.observe.Counts counts() {
        return new JdbcCounts(this);
    }

    /** The delivery history's reads and purge. */
    public org.bridgekeeper.delivery.DeliveryHistory deliveryHistory() {
        return new JdbcDeliveryHistory(this);
    }

    public org.bridgekeeper.rules.ScheduleStore schedules() {
        return new JdbcScheduleStore(this);
    }

    public org.bridgekeeper.archives.ArchiveStore archives() {
        return new JdbcArchiveStore(this);
    }

    /** The registry of the nodes sharing this database (issue 13). */
    public org.bridgekeeper.nodes.NodeStore nodes() {
        return new JdbcNodeStore(this);
    }

    public org.bridgekeeper.keys.KeyStore keys() {
        return new JdbcKeyStore(this);
    }

    /** Seals every secret, token and key material anew with {@code envelope}'s primary key (rotate-master-key). */
    public Rewrap.Counts rewrap(org.bridgekeeper.secrets.Envelope envelope) {
        return Rewrap.run(this, envelope);
    }

    /**
     * The database in {@code file}, without the data dir's lock: for tests that open one file twice,
     * as two nodes sharing one database (issue 13).
     */
    static Database open(Path file, int readConnections) throws SQLException, java.io.IOException {
        return new Database(SqliteEngine.open(file, readConnections));
    }

    /**
     * What the database holds sealed, per wrapping key: for the start check that the key ring
     * opens all of it, and for rotate-master-key to retire only keys nothing uses any more.
     */
    public org.bridgekeeper.secrets.SealedKeys sealedKeys() {
        return SealedValues.inventory(this);
    }

    /**
     * Runs {@code work} in a transaction and returns once that transaction is committed. An
     * exception thrown by {@code work} rolls back its own changes only. {@code work} may run more
     * than once (see the class comment).
     */
    public <T> T write(Work<T> work) {
        return engine.write(work);
    }

    /**
     * As {@link #write}, for work whose correctness rests on row locks alone: inserts, and
     * changes of single rows each conditional on what the row holds now (a lease, a version),
     * whose counts the work reads; rows locked {@code FOR UPDATE SKIP LOCKED}. No decision of it
     * may rest on a row it only read. On PostgreSQL it runs at READ COMMITTED: serializable
     * snapshot isolation guards what such work does not need, and under load it refused about one
     * delivery claim in thirty (a claim's range read conflicts with concurrent inserts and
     * deletes of other rows), each then run again after a pause (bench/README.md, issue 13). On
     * SQLite the single writer makes it the same as {@link #write}.
     */
    public <T> T writeRows(Work<T> work) {
        return engine.writeRows(work);
    }

    /** Runs {@code work}'s queries on a connection of its own (read committed on PostgreSQL). */
    public <T> T read(Work<T> work) {
        return engine.read(work);
    }

    /**
     * Why the database cannot take writes now, if it cannot: for {@code /health}. Cheap (no
     * query): on SQLite whether the writer thread runs (a failed commit, such as on a full disk,
     * does not stop it); on PostgreSQL whether the pools are open.
     */
    public java.util.Optional<String> health() {
        return engine.health();
    }

    @Override
    public void close() {
        engine.close();
    }

    /** A database failure; its message is the driver's, which never holds bound values. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
