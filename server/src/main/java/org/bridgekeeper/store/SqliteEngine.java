package org.bridgekeeper.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.bridgekeeper.store.Database.Session;
import org.bridgekeeper.store.Database.StoreException;
import org.bridgekeeper.store.Database.Work;

/**
 * The embedded SQLite database in the data dir.
 *
 * <p>Writes: SQLite has one writer at a time, so one thread owns the write connection and
 * commits in groups: it takes every write waiting in its queue, runs each in a savepoint of one
 * transaction (a write that fails rolls back alone), commits once, and only then answers their
 * callers. WAL with {@code synchronous=FULL} makes that commit durable before any caller hears
 * of it, so a {@code kill -9} or a power cut loses nothing acknowledged, while concurrent writers
 * share one fsync instead of queueing for one each. A write runs once: nothing else writes.
 *
 * <p>Reads: a small pool of connections of their own, which WAL lets run beside the writer.
 * Every connection caches its prepared statements: compiling SQL costs more than running these
 * point queries.
 */
final class SqliteEngine implements Database.Engine {

    private record Pending<T>(Work<T> work, CompletableFuture<T> result) {}

    static final String FILE_NAME = "bridgekeeper.db";

    /** How many waiting writes one commit may take. */
    private static final int MAX_GROUP = 256;
    private static final Pending<Void> STOP = new Pending<>(s -> null, new CompletableFuture<>());

    private final Session writer;
    private final BlockingQueue<Pending<?>> writes = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private final BlockingQueue<Session> readers;
    /** Why the writer stopped (closed, or an error it could not survive); null while it runs. */
    private volatile String stopped;

    private SqliteEngine(Session writer, BlockingQueue<Session> readers) {
        this.writer = writer;
        this.readers = readers;
        // A platform thread: SQLite calls are native and would pin a virtual thread's carrier anyway.
        this.writerThread = Thread.ofPlatform().name("bridgekeeper-db-writer").daemon().start(this::writeLoop);
    }

    static SqliteEngine open(DataDir dataDir, int readConnections) {
        try {
            return open(dataDir.resolve(FILE_NAME), readConnections);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the database in " + dataDir.path() + ": " + e.getMessage(), e);
        }
    }

    /** The database in {@code file}; without a data dir's lock only in tests (two nodes on one file). */
    static SqliteEngine open(Path file, int readConnections) throws SQLException, java.io.IOException {
        org.bridgekeeper.secrets.PrivateFiles.createPrivate(file);
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection writer = open(url);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
        }
        Schema.migrate(writer, Dialect.SQLITE);
        BlockingQueue<Session> readers = new ArrayBlockingQueue<>(readConnections);
        for (int i = 0; i < readConnections; i++) {
            Connection reader = open(url);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA query_only=ON");
            }
            readers.add(new Session(reader, true));
        }
        for (String suffix : List.of("-wal", "-shm")) {
            org.bridgekeeper.secrets.PrivateFiles.narrowToOwner(file.resolveSibling(FILE_NAME + suffix));
        }
        return new SqliteEngine(new Session(writer, true), readers);
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

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    /** The one writer serializes every write: nothing weaker to choose. */
    @Override
    public <T> T writeRows(Work<T> work) {
        return write(work);
    }

    @Override
    public <T> T write(Work<T> work) {
        if (stopped != null || !writerThread.isAlive()) {
            throw new IllegalStateException("the database writer has stopped: " + (stopped == null ? "closed" : stopped));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        writes.add(new Pending<>(work, result));
        if (stopped != null) {
            // it stopped meanwhile, perhaps after it answered what was waiting: never wait for it
            result.completeExceptionally(new IllegalStateException("the database writer has stopped: " + stopped));
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException(e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause()));
        }
    }

    /**
     * Why the database cannot take writes now, if it cannot: for {@code /health}. Cheap (no
     * query): the writer thread is either running or has stopped for good. A failed commit (a
     * full disk) does not stop it; the next write is tried afresh.
     */
    @Override
    public java.util.Optional<String> health() {
        if (stopped != null) {
            return java.util.Optional.of("the database writer has stopped: " + stopped);
        }
        if (!writerThread.isAlive()) {
            return java.util.Optional.of("the database writer has stopped");
        }
        return java.util.Optional.empty();
    }

    private void writeLoop() {
        try {
            writeGroups();
        } catch (Throwable e) {
            // An error no commit survives (OutOfMemoryError, without -XX:+ExitOnOutOfMemoryError):
            // say so through health() and fail every waiting write instead of leaving it hanging.
            stopped = e.getClass().getSimpleName();
            IllegalStateException failure = new IllegalStateException("the database writer has stopped: " + stopped);
            for (Pending<?> p; (p = writes.poll()) != null; ) {
                p.result().completeExceptionally(failure);
            }
            throw e;
        }
    }

    private void writeGroups() {
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
                try {
                    commitGroup(group);
                } catch (Throwable e) {
                    group.forEach(p -> p.result().completeExceptionally(e));
                    throw e;
                }
            }
            if (stop) {
                stopped = "closed";
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
                    try {
                        c.rollback(savepoint);
                    } catch (SQLException gone) {
                        // SQLite rolled the whole transaction back (SQLITE_FULL does): the group fails
                        // with this write's own error, not the missing savepoint's
                        e.addSuppressed(gone);
                        throw e;
                    }
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

    @Override
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
}
