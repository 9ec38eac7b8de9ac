package org.bridgekeeper.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.bridgekeeper.store.Database.Session;
import org.bridgekeeper.store.Database.StoreException;
import org.bridgekeeper.store.Database.Work;

/**
 * A PostgreSQL database that several nodes share, through two HikariCP pools.
 *
 * <p>Writes run at SERIALIZABLE isolation, each in a transaction of its own, and run again when
 * PostgreSQL refuses to commit them (serialization failure, deadlock). That gives every store
 * what the single SQLite writer gives it, across nodes: read-then-write code (a quota counted
 * before an insert, a name checked before it is taken, a conditional update) behaves as if the
 * writes ran one after the other, so no store needs locks of its own. The price is a rerun now
 * and then under contention on the same rows. A rerun starts at once: PostgreSQL's serializable
 * snapshot isolation guarantees that a transaction run again after such a failure does not fail
 * again because of the same concurrent transaction, which has committed or rolled back by then;
 * a short random pause spreads out the reruns of transactions that failed together.
 *
 * <p>Work that rests on row locks alone ({@link Database#writeRows}: the delivery engine's
 * inserts, claims and lease-conditional outcomes) runs at READ COMMITTED instead, and is run
 * again only on a deadlock.
 *
 * <p>Reads take a connection of the read pool in auto-commit (each statement read committed), as
 * an SQLite reader beside the writer sees each statement's own snapshot.
 */
final class PostgresEngine implements Database.Engine {

    /** How often one write may run before its caller hears of the failure (about 9 s of pauses at most). */
    private static final int MAX_ATTEMPTS = 100;
    /** The key of the advisory lock schema migrations take ("bk" and a version of the key). */
    static final long MIGRATION_LOCK = 0x626b_0001L;

    private final HikariDataSource writes;
    private final HikariDataSource reads;

    /** How often the reachability probe behind {@link #health()} asks the database. */
    private static final long PROBE_PERIOD_MS = 2_000;

    /** The last probe's problem (null: the database answered); {@code /health} reads it and never waits. */
    private volatile String unreachable;
    private final Thread probe;

    private PostgresEngine(HikariDataSource writes, HikariDataSource reads) {
        this.writes = writes;
        this.reads = reads;
        // A node that cannot reach its database must say so in /health (a load balancer takes it
        // out), without a /health call ever waiting for a connection: a probe of its own asks.
        this.probe = Thread.ofVirtual().name("bridgekeeper-db-probe").start(this::probeLoop);
    }

    private void probeLoop() {
        while (reads.isRunning()) {
            String problem = null;
            try (Connection c = reads.getConnection()) {
                if (!c.isValid(2)) {
                    problem = "the PostgreSQL database does not answer";
                }
            } catch (SQLException e) {
                problem = "the PostgreSQL database cannot be reached (" + e.getSQLState() + ")";
            } catch (RuntimeException e) {
                problem = "the PostgreSQL database cannot be reached (" + e.getClass().getSimpleName() + ")";
            }
            unreachable = problem;
            try {
                Thread.sleep(PROBE_PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static PostgresEngine open(DatabaseUrl url, int readConnections, int writeConnections) {
        HikariDataSource writes = null;
        try {
            writes = new HikariDataSource(config(url, "bridgekeeper-writes", writeConnections, false));
            try (Connection c = writes.getConnection()) {
                // The migration reads committed: after waiting for another node's lock it must see
                // the versions that node added (a serializable snapshot would predate them).
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                Schema.migrate(c, Dialect.POSTGRESQL);
            }
            HikariDataSource reads = new HikariDataSource(config(url, "bridgekeeper-reads", readConnections, true));
            return new PostgresEngine(writes, reads);
        } catch (SQLException | RuntimeException e) {
            if (writes != null) {
                writes.close();
            }
            // The driver's and the pool's messages name the host, database and user, never the password.
            throw new IllegalStateException("cannot open the PostgreSQL database " + url + ": " + e.getMessage(), e);
        }
    }

    private static HikariConfig config(DatabaseUrl url, String name, int size, boolean autoCommit) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url.url());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setAutoCommit(autoCommit);
        config.setTransactionIsolation(autoCommit ? "TRANSACTION_READ_COMMITTED" : "TRANSACTION_SERIALIZABLE");
        config.setConnectionTimeout(10_000);
        // A server error's Detail line can quote a row's values: keep it out of exception messages.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("ApplicationName", "bridgekeeper");
        return config;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public <T> T write(Work<T> work) {
        return write(work, false);
    }

    /** READ COMMITTED for this transaction only: the pool's connections stay SERIALIZABLE by default. */
    @Override
    public <T> T writeRows(Work<T> work) {
        return write(work, true);
    }

    private <T> T write(Work<T> work, boolean readCommitted) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = writes.getConnection()) {
                Session session = new Session(c, false);
                try {
                    if (readCommitted) {
                        try (java.sql.Statement s = c.createStatement()) {
                            s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"); // the transaction's first statement
                        }
                    }
                    T value = work.run(session);
                    session.release();
                    c.commit();
                    return value;
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    if (e instanceof SQLException s && Dialect.POSTGRESQL.retryable(s) && attempt < MAX_ATTEMPTS) {
                        pause(attempt);
                        continue; // run it again, from the start (see the class comment)
                    }
                    throw e;
                } finally {
                    session.release();
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    /**
     * A random pause before a rerun, up to 1, 2, 4 ... 100 ms: transactions that failed together
     * (many creates in one account all update its row of scope_counts) would otherwise run again
     * together and fail together again. Database contention, not domain time: the Scheduler and
     * its test clock have no say in it.
     */
    private static void pause(int attempt) {
        long bound = Math.min(1L << Math.min(attempt, 7), 100);
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(new SQLException("interrupted while running a write again", "40001"));
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection broke; the pool discards it, and the transaction is gone with it
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection c = reads.getConnection()) {
            Session session = new Session(c, false);
            try {
                return work.run(session);
            } finally {
                session.release();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Whether the pools are open; whether PostgreSQL answers shows in the writes themselves. */
    @Override
    public java.util.Optional<String> health() {
        if (!writes.isRunning() || !reads.isRunning()) {
            return java.util.Optional.of("the PostgreSQL connection pools are closed");
        }
        return java.util.Optional.ofNullable(unreachable);
    }

    @Override
    public void close() {
        probe.interrupt();
        reads.close();
        writes.close();
    }
}
