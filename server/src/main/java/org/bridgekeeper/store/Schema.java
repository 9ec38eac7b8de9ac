package org.bridgekeeper.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as numbered versions applied in order at start, on both engines. The statements are
 * written once, with SQLite's type names ({@code TEXT}, {@code BLOB}, {@code INTEGER},
 * {@code BIGINT}) and in the SQL both accept; {@link Dialect#ddl} turns them into PostgreSQL's
 * ({@code BYTEA}, byte-ordered {@code TEXT}). The list is append-only: a new version goes last.
 * Times are epoch milliseconds.
 */
final class Schema {

    private Schema() {}

    private static final List<List<String>> VERSIONS = List.of(
            List.of("""
                    CREATE TABLE connections (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        name TEXT NOT NULL,
                        uuid TEXT NOT NULL,
                        description TEXT,
                        authorization_type TEXT NOT NULL,
                        state TEXT NOT NULL,
                        state_reason TEXT,
                        secret_id TEXT,
                        kms_key_identifier TEXT,
                        invocation_resource_configuration_arn TEXT,
                        invocation_resource_association_arn TEXT,
                        auth_public TEXT,
                        secret BLOB,
                        creation_time BIGINT NOT NULL,
                        last_modified_time BIGINT NOT NULL,
                        last_authorized_time BIGINT NOT NULL,
                        settle_at BIGINT,
                        version BIGINT NOT NULL,
                        PRIMARY KEY (account, region, name)
                    )""",
                    "CREATE INDEX connections_settle ON connections (settle_at)",
                    """
                    CREATE TABLE scope_counts (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        connections BIGINT NOT NULL,
                        PRIMARY KEY (account, region)
                    )"""),
            // 2: the OAuth access token of an authorized connection, sealed like the secret.
            List.of("ALTER TABLE connections ADD COLUMN token BLOB",
                    "ALTER TABLE connections ADD COLUMN token_expires_at BIGINT"),
            // 3: customer managed keys (material sealed by the master key) and their aliases.
            List.of("""
                    CREATE TABLE kms_keys (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        description TEXT NOT NULL,
                        state TEXT NOT NULL,
                        creation_time BIGINT NOT NULL,
                        deletion_time BIGINT,
                        tags TEXT NOT NULL,
                        material BLOB NOT NULL,
                        PRIMARY KEY (account, region, key_id)
                    )""",
                    """
                    CREATE TABLE kms_aliases (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        alias_name TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        creation_time BIGINT NOT NULL,
                        PRIMARY KEY (account, region, alias_name)
                    )"""),
            // 4: API destinations, counted per scope beside connections.
            List.of("""
                    CREATE TABLE api_destinations (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        name TEXT NOT NULL,
                        uuid TEXT NOT NULL,
                        description TEXT,
                        connection_arn TEXT NOT NULL,
                        invocation_endpoint TEXT NOT NULL,
                        http_method TEXT NOT NULL,
                        rate_limit INTEGER NOT NULL,
                        creation_time BIGINT NOT NULL,
                        last_modified_time BIGINT NOT NULL,
                        PRIMARY KEY (account, region, name)
                    )""",
                    "ALTER TABLE scope_counts ADD COLUMN api_destinations BIGINT NOT NULL DEFAULT 0"),
            // 5: event buses, rules and their targets (definitions as JSON: they are echoed, not
            // queried), accepted deliveries waiting for their target, and the dead letters.
            List.of("""
                    CREATE TABLE event_buses (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        name TEXT NOT NULL,
                        description TEXT,
                        creation_time BIGINT NOT NULL,
                        last_modified_time BIGINT NOT NULL,
                        PRIMARY KEY (account, region, name)
                    )""",
                    """
                    CREATE TABLE rules (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        name TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        PRIMARY KEY (account, region, bus, name)
                    )""",
                    """
                    CREATE TABLE targets (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        id TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        PRIMARY KEY (account, region, bus, rule, id)
                    )""",
                    """
                    CREATE TABLE deliveries (
                        id TEXT NOT NULL PRIMARY KEY,
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        target_id TEXT NOT NULL,
                        target_arn TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        http_parameters TEXT,
                        attempts INTEGER NOT NULL,
                        max_attempts INTEGER NOT NULL,
                        max_age_seconds INTEGER NOT NULL,
                        first_time BIGINT NOT NULL,
                        due_time BIGINT NOT NULL,
                        last_reason TEXT,
                        last_status INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE dead_letters (
                        id TEXT NOT NULL PRIMARY KEY,
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        target_id TEXT NOT NULL,
                        target_arn TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        http_parameters TEXT,
                        attempts INTEGER NOT NULL,
                        max_attempts INTEGER NOT NULL,
                        max_age_seconds INTEGER NOT NULL,
                        first_time BIGINT NOT NULL,
                        failed_time BIGINT NOT NULL,
                        reason TEXT NOT NULL,
                        status INTEGER NOT NULL
                    )""",
                    "CREATE INDEX dead_letters_scope ON dead_letters (account, region, failed_time, id)"),
            // 6: an event bus's settings (KMS key, dead-letter queue, logs: JSON, echoed) and resource
            // policy; the tags of buses (rule '') and rules, in the order their keys were first added.
            List.of("ALTER TABLE event_buses ADD COLUMN settings TEXT",
                    "ALTER TABLE event_buses ADD COLUMN policy TEXT",
                    """
                    CREATE TABLE tags (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        tag_key TEXT NOT NULL,
                        tag_value TEXT NOT NULL,
                        position BIGINT NOT NULL,
                        PRIMARY KEY (account, region, bus, rule, tag_key)
                    )"""),
            // 7 (routing breadth): archives, their events (as they arrived, with the event's own time and
            // the arrival, for retention), replays with their progress, scheduled rules' next fires.
            List.of("""
                    CREATE TABLE archives (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        name TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        description TEXT,
                        event_pattern TEXT,
                        retention_days INTEGER,
                        kms_key_identifier TEXT,
                        creation_time BIGINT NOT NULL,
                        PRIMARY KEY (account, region, name)
                    )""",
                    """
                    CREATE TABLE archived_events (
                        id TEXT NOT NULL PRIMARY KEY,
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        archive TEXT NOT NULL,
                        event_time BIGINT NOT NULL,
                        archived_time BIGINT NOT NULL,
                        size BIGINT NOT NULL,
                        event TEXT NOT NULL
                    )""",
                    "CREATE INDEX archived_events_order ON archived_events (account, region, archive, event_time, archived_time, id)",
                    """
                    CREATE TABLE replays (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        name TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        state TEXT NOT NULL,
                        archive_arn TEXT NOT NULL,
                        PRIMARY KEY (account, region, name)
                    )""",
                    // and the next fire of each scheduled rule, so that schedules go on across restarts.
                    """
                    CREATE TABLE schedule_fires (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        expression TEXT NOT NULL,
                        next_fire BIGINT NOT NULL,
                        PRIMARY KEY (account, region, bus, rule)
                    )"""),
            // 8: a key's policy (null: KMS's default policy) and rotation period (null: rotation off),
            // and when an alias was last pointed at a key.
            List.of("ALTER TABLE kms_keys ADD COLUMN policy TEXT",
                    "ALTER TABLE kms_keys ADD COLUMN rotation_period_days INTEGER",
                    "ALTER TABLE kms_aliases ADD COLUMN last_updated_time BIGINT"),
            // 9 (issue 16): the W3C trace context of a delivery; the delivery history (one row per
            // delivery, kept after it is delivered or dead until --delivery-history-retention) and
            // each of its attempts.
            List.of("ALTER TABLE deliveries ADD COLUMN traceparent TEXT",
                    "ALTER TABLE dead_letters ADD COLUMN traceparent TEXT",
                    """
                    CREATE TABLE delivery_history (
                        id TEXT NOT NULL PRIMARY KEY,
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        target_id TEXT NOT NULL,
                        target_arn TEXT NOT NULL,
                        event TEXT,
                        payload TEXT NOT NULL,
                        traceparent TEXT,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        created_time BIGINT NOT NULL,
                        updated_time BIGINT NOT NULL,
                        next_time BIGINT,
                        last_status INTEGER NOT NULL,
                        last_reason TEXT,
                        request TEXT
                    )""",
                    // One index: the lists read it newest first, and the purge scope by scope (no second
                    // index to keep up on the hot path).
                    "CREATE INDEX delivery_history_scope ON delivery_history (account, region, created_time, id)",
                    """
                    CREATE TABLE delivery_attempts (
                        delivery_id TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        time BIGINT NOT NULL,
                        status INTEGER NOT NULL,
                        latency_ms BIGINT,
                        result TEXT NOT NULL,
                        reason TEXT,
                        next_time BIGINT,
                        response TEXT,
                        PRIMARY KEY (delivery_id, number)
                    )"""),
            // 10 (issue 13): leased claims. A node claims due rows by setting lease_owner (its id) and
            // lease_until; a row whose lease expired (its node died, or could not write the outcome) is
            // claimed again. A row deferred for want of rate budget has lease_until but no owner. The
            // index serves "due and not leased, oldest due first" from the index alone, and MIN(due_time).
            // Dead letters expire (--dead-letter-retention): their purge reads failed_time across scopes.
            List.of("ALTER TABLE deliveries ADD COLUMN lease_owner TEXT",
                    "ALTER TABLE deliveries ADD COLUMN lease_until BIGINT",
                    "CREATE INDEX deliveries_due ON deliveries (due_time, lease_until)",
                    "CREATE INDEX dead_letters_failed ON dead_letters (failed_time)"),
            // 11 (issue 13, several nodes on one database): the node registry (a row per running
            // server, kept fresh by its heartbeat); a generation per event bus, bumped in the same
            // transaction as every change to its rules, targets or archives, so that a node's
            // compiled machines are checked against it before use; and the leases that let one node
            // at a time refresh a connection's token or run its background authorization.
            List.of("""
                    CREATE TABLE nodes (
                        node_id TEXT NOT NULL PRIMARY KEY,
                        started_at BIGINT NOT NULL,
                        heartbeat_at BIGINT NOT NULL,
                        address TEXT
                    )""",
                    """
                    CREATE TABLE bus_versions (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        bus TEXT NOT NULL,
                        generation BIGINT NOT NULL,
                        PRIMARY KEY (account, region, bus)
                    )""",
                    """
                    CREATE TABLE connection_leases (
                        account TEXT NOT NULL,
                        region TEXT NOT NULL,
                        name TEXT NOT NULL,
                        purpose TEXT NOT NULL,
                        holder TEXT NOT NULL,
                        held_until BIGINT NOT NULL,
                        PRIMARY KEY (account, region, name, purpose)
                    )"""));

    /**
     * Applies the versions {@code connection}'s database lacks, in one transaction. On PostgreSQL
     * the transaction first takes an advisory lock, so that of two nodes starting at once one
     * migrates and the other then finds the versions there ({@code connection} must read
     * committed for that). A database with a newer schema than this build knows is refused.
     */
    static void migrate(Connection connection, Dialect dialect) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                s.execute("SELECT pg_advisory_xact_lock(" + PostgresEngine.MIGRATION_LOCK + ")");
            }
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current = 0;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            if (current > VERSIONS.size()) {
                throw new SQLException("the database has schema version " + current
                        + ", newer than this Bridgekeeper knows (" + VERSIONS.size() + "): upgrade Bridgekeeper");
            }
            for (int v = current; v < VERSIONS.size(); v++) {
                for (String statement : VERSIONS.get(v)) {
                    s.execute(dialect.ddl(statement));
                }
                s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The number of versions this build knows (the newest version). */
    static int latest() {
        return VERSIONS.size();
    }
}
