package org.bridgekeeper.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded SQLite database in the data dir. SQLite allows one writer at a time, so writes go
 * through one connection under a lock (no SQLITE_BUSY under load); reads use a small pool of
 * their own connections, which WAL mode lets run beside the writer.
 *
 * <p>Durability: WAL with {@code synchronous=FULL}, so a transaction is on disk when its commit
 * returns; a {@code kill -9}, or a power cut, loses nothing that was acknowledged.
 */
public final class Database implements AutoCloseable {

    /** Work done with a JDBC connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers;

    private Database(Connection writer, BlockingQueue<Connection> readers) {
        this.writer = writer;
        this.readers = readers;
    }

    public static Database openSqlite(Path dataDir, int readConnections) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:sqlite:" + dataDir.resolve("bridgekeeper.db").toAbsolutePath();
            Connection writer = open(url);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            Schema.migrate(writer);
            BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(readConnections);
            for (int i = 0; i < readConnections; i++) {
                Connection reader = open(url);
                try (Statement s = reader.createStatement()) {
                    s.execute("PRAGMA query_only=ON");
                }
                readers.add(reader);
            }
            return new Database(writer, readers);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the database in " + dataDir + ": " + e.getMessage(), e);
        }
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

    /** Runs {@code work} in one transaction on the writer connection; commits when it returns. */
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            writer.setAutoCommit(false);
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            writeLock.unlock();
        }
    }

    public <T> T read(Work<T> work) {
        Connection reader;
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

    /** Runs SQLite's integrity check; "ok" when the file is sound. */
    public String integrityCheck() {
        return read(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA integrity_check")) {
                return rs.next() ? rs.getString(1) : "no answer";
            }
        });
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            for (Connection reader : readers) {
                reader.close();
            }
            writer.close();
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            writeLock.unlock();
        }
    }

    /** A database failure; its message is the driver's, which never holds bound values. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
