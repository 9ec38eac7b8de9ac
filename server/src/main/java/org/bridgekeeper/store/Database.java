package org.bridgekeeper.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The embedded SQLite database in the data dir.
 *
 * <p>Writes: SQLite has one writer at a time, so one thread owns the write connection and
 * commits in groups: it takes every write waiting in its queue, runs each in a savepoint of one
 * transaction (a write that fails rolls back alone), commits once, and only then answers their
 * callers. WAL with {@code synchronous=FULL} makes that commit durable before any caller hears
 * of it, so a {@code kill -9} or a power cut loses nothing acknowledged, while concurrent writers
 * share one fsync instead of queueing for one each.
 *
 * <p>Reads: a small pool of connections of their own, which WAL lets run beside the writer.
 * Every connection caches its prepared statements: compiling SQL costs more than running these
 * point queries.
 */
public final class Database implements AutoCloseable {

    /** Work done with one connection; statements from {@link Session#prepare} are cached, not closed. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Session session) throws SQLException;
    }

    /** A connection and its statement cache; used by one thread at a time. */
    public static final class Session {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Session(Connection connection) {
            this.connection = connection;
        }

        /** The prepared statement for {@code sql}, compiled on first use and kept. Do not close it. */
        public PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            } else {
                statement.clearParameters();
            }
            return statement;
        }

        Connection connection() {
            return connection;
        }

        void close() throws SQLException {
            for (PreparedStatement s : statements.values()) {
                s.close();
            }
            connection.close();
        }
    }

    private record Pending<T>(Work<T> work, CompletableFuture<T> result) {}

    static final String FILE_NAME = "bridgekeeper.db";

    /** How many waiting writes one commit may take. */
    private static final int MAX_GROUP = 256;
    private static final Pending<Void> STOP = new Pending<>(s -> null, new CompletableFuture<>());

    private final Session writer;
    private final BlockingQueue<Pending<?>> writes = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private final BlockingQueue<Session> readers;

    private Database(Session writer, BlockingQueue<Session> readers) {
        this.writer = writer;
        this.readers = readers;
        // A platform thread: SQLite calls are native and would pin a virtual thread's carrier anyway.
        this.writerThread = Thread.ofPlatform().name("bridgekeeper-db-writer").daemon().start(this::writeLoop);
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
     * The database of a data dir this process holds. {@code bridgekeeper.db} is created 0600
     * before SQLite opens it, and SQLite gives its WAL and SHM files the database file's mode;
     * files left by an earlier version with a wider mode are narrowed. Nothing is written but the
     * schema's new versions, if any.
     */
    public static Database open(DataDir dataDir, int readConnections) {
        try {
            return open(dataDir.resolve(FILE_NAME), readConnections);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the database in " + dataDir.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The database in {@code file}, without the data dir's lock: for tests that open one file twice,
     * as two nodes sharing one database (issue 13).
     */
    static Database open(Path file, int readConnections) throws SQLException, java.io.IOException {
        org.bridgekeeper.secrets.PrivateFiles.createPrivate(file);
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection writer = open(url);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
        }
        Schema.migrate(writer);
        BlockingQueue<Session> readers = new ArrayBlockingQueue<>(readConnections);
        for (int i = 0; i < readConnections; i++) {
            Connection reader = open(url);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA query_only=ON");
            }
            readers.add(new Session(reader));
        }
        for (String suffix : List.of("-wal", "-shm")) {
            org.bridgekeeper.secrets.PrivateFiles.narrowToOwner(file.resolveSibling(FILE_NAME + suffix));
        }
        return new Database(new Session(writer), readers);
    }

    /**
     * What the database holds sealed, per wrapping key: for the start check that the key ring
     * opens all of it, and for rotate-master-key to retire only keys nothing uses any more.
     */
    public org.bridgekeeper.secrets.SealedKeys sealedKeys() {
        return SealedValues.inventory(this);
    }

    private static Connection open(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA foreign_keys=ON");
        }
        return connection;
    }

    /**
     * Runs {@code work} in a transaction of the writer and returns once that transaction is
     * committed. An exception thrown by {@code work} rolls back its own changes only.
     */
    public <T> T write(Work<T> work) {
        if (!writerThread.isAlive()) {
            throw new IllegalStateException("the database is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        writes.add(new Pending<>(work, result));
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException(e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause()));
        }
    }

    private void writeLoop() {
        List<Pending<?>> group = new ArrayList<>();
        while (true) {
            group.clear();
            try {
                group.add(writes.take());
            } catch (InterruptedException e) {
                return;
            }
            writes.drainTo(group, MAX_GROUP - 1);
            boolean stop = group.remove(STOP);
            if (!group.isEmpty()) {
                commitGroup(group);
            }
            if (stop) {
                writes.forEach(p -> p.result().completeExceptionally(new IllegalStateException("the database is closed")));
                return;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void commitGroup(List<Pending<?>> group) {
        Connection c = writer.connection();
        List<Object> values = new ArrayList<>(group.size());
        List<Pending<?>> done = new ArrayList<>(group.size());
        try {
            c.setAutoCommit(false);
            for (Pending<?> p : group) {
                Savepoint savepoint = c.setSavepoint();
                try {
                    Object value = p.work().run(writer);
                    c.releaseSavepoint(savepoint);
                    values.add(value);
                    done.add(p);
                } catch (SQLException | RuntimeException e) {
                    c.rollback(savepoint);
                    p.result().completeExceptionally(e instanceof SQLException s ? new StoreException(s) : e);
                }
            }
            c.commit();
            for (int i = 0; i < done.size(); i++) {
                ((CompletableFuture) done.get(i).result()).complete(values.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the commit failed; the rollback is best effort and its failure says nothing new
            }
            StoreException failure = new StoreException(e instanceof SQLException s ? s : new SQLException(e));
            group.forEach(p -> p.result().completeExceptionally(failure));
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // next group sets it again
            }
        }
    }

    public <T> T read(Work<T> work) {
        Session reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(new SQLException("interrupted while waiting for a database connection"));
        }
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            readers.add(reader);
        }
    }

    @Override
    public void close() {
        writes.add(STOP);
        try {
            writerThread.join();
            for (Session reader : readers) {
                reader.close();
            }
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A database failure; its message is the driver's, which never holds bound values. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
