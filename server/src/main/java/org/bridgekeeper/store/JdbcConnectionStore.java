package org.bridgekeeper.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.AuthParameters;
import org.bridgekeeper.connections.AuthorizationType;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.ConnectionState;
import org.bridgekeeper.connections.ConnectionStore;
import org.bridgekeeper.connections.Connectivity;
import org.bridgekeeper.secrets.Envelope;

/**
 * Connections in a relational database. The secret (the full authorization parameters) is sealed
 * by the {@link Envelope} before it is bound to a statement; only the redacted copy is stored in
 * plaintext, for Describe.
 */
public final class JdbcConnectionStore implements ConnectionStore {

    private static final String COLUMNS = "account, region, name, uuid, description, authorization_type, state, "
            + "state_reason, secret_id, kms_key_identifier, invocation_resource_configuration_arn, "
            + "invocation_resource_association_arn, auth_public, creation_time, last_modified_time, "
            + "last_authorized_time, settle_at, version";

    /** The state a reader sees: a DEAUTHORIZING row whose settle time passed is DEAUTHORIZED (see Connection.at). */
    private static final String EFFECTIVE_STATE =
            "CASE WHEN state = 'DEAUTHORIZING' AND settle_at <= ? THEN 'DEAUTHORIZED' ELSE state END";

    private final Database db;
    private final Envelope envelope;

    public JdbcConnectionStore(Database db, Envelope envelope) {
        this.db = db;
        this.envelope = envelope;
    }

    @Override
    public InsertResult insert(Connection c, int quota, Instant now) {
        byte[] secret = seal(c);
        return db.write(tx -> {
            removeSettledDeleting(tx, c.scope(), now);
            try (PreparedStatement insert = tx.prepareStatement("INSERT INTO connections (" + COLUMNS
                    + ", secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                int i = bind(insert, c);
                insert.setBytes(i, secret);
                if (insert.executeUpdate() == 0) {
                    return InsertResult.NAME_TAKEN; // the primary key decided
                }
            }
            try (PreparedStatement count = tx.prepareStatement("""
                    INSERT INTO scope_counts (account, region, connections) VALUES (?, ?, 1)
                    ON CONFLICT (account, region) DO UPDATE SET connections = scope_counts.connections + 1
                    WHERE scope_counts.connections < ?""")) {
                count.setString(1, c.scope().account());
                count.setString(2, c.scope().region());
                count.setInt(3, quota);
                if (count.executeUpdate() == 0) {
                    delete(tx, c.scope(), c.name());
                    return InsertResult.QUOTA_EXCEEDED;
                }
            }
            return InsertResult.CREATED;
        });
    }

    @Override
    public Optional<Connection> find(Scope scope, String name, boolean withSecrets) {
        return db.read(tx -> {
            try (PreparedStatement q = tx.prepareStatement("SELECT " + COLUMNS + ", secret FROM connections "
                    + "WHERE account = ? AND region = ? AND name = ?")) {
                q.setString(1, scope.account());
                q.setString(2, scope.region());
                q.setString(3, name);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs, withSecrets)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean update(Connection c) {
        byte[] secret = seal(c);
        return db.write(tx -> {
            try (PreparedStatement u = tx.prepareStatement("""
                    UPDATE connections SET uuid = ?, description = ?, authorization_type = ?, state = ?,
                        state_reason = ?, secret_id = ?, kms_key_identifier = ?,
                        invocation_resource_configuration_arn = ?, invocation_resource_association_arn = ?,
                        auth_public = ?, creation_time = ?, last_modified_time = ?, last_authorized_time = ?,
                        settle_at = ?, version = ?, secret = ?
                    WHERE account = ? AND region = ? AND name = ? AND version = ?""")) {
                int i = bindMutable(u, c, 1);
                u.setBytes(i++, secret);
                u.setString(i++, c.scope().account());
                u.setString(i++, c.scope().region());
                u.setString(i++, c.name());
                u.setLong(i, c.version() - 1);
                return u.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Connection> list(Scope scope, String namePrefix, ConnectionState state, String afterName, int limit,
                                 Instant now) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM connections WHERE account = ? AND region = ?"
                + " AND NOT (state = 'DELETING' AND settle_at <= ?)");
        List<Object> args = new ArrayList<>(List.of(scope.account(), scope.region(), now.toEpochMilli()));
        if (afterName != null) {
            sql.append(" AND name > ?");
            args.add(afterName);
        }
        if (namePrefix != null) {
            // Names are ASCII below '{' (pattern [.\-_A-Za-z0-9]+), so this range is exactly the prefix.
            sql.append(" AND name >= ? AND name < ?");
            args.add(namePrefix);
            args.add(namePrefix + '\u007f');
        }
        if (state != null) {
            sql.append(" AND ").append(EFFECTIVE_STATE).append(" = ?");
            args.add(now.toEpochMilli());
            args.add(state.name());
        }
        sql.append(" ORDER BY name LIMIT ?");
        args.add(limit);
        return db.read(tx -> {
            try (PreparedStatement q = tx.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    q.setObject(i + 1, args.get(i));
                }
                List<Connection> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        row(rs, false).at(now).ifPresent(out::add);
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int settle(Instant now) {
        return db.write(tx -> {
            int changed;
            try (PreparedStatement u = tx.prepareStatement("""
                    UPDATE connections SET state = 'DEAUTHORIZED', secret_id = NULL, secret = NULL, settle_at = NULL
                    WHERE state = 'DEAUTHORIZING' AND settle_at <= ?""")) {
                u.setLong(1, now.toEpochMilli());
                changed = u.executeUpdate();
            }
            List<Scope> scopes = new ArrayList<>();
            try (PreparedStatement q = tx.prepareStatement(
                    "SELECT DISTINCT account, region FROM connections WHERE state = 'DELETING' AND settle_at <= ?")) {
                q.setLong(1, now.toEpochMilli());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        scopes.add(new Scope(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            for (Scope scope : scopes) {
                try (PreparedStatement d = tx.prepareStatement("DELETE FROM connections "
                        + "WHERE account = ? AND region = ? AND state = 'DELETING' AND settle_at <= ?")) {
                    d.setString(1, scope.account());
                    d.setString(2, scope.region());
                    d.setLong(3, now.toEpochMilli());
                    int deleted = d.executeUpdate();
                    decrement(tx, scope, deleted);
                    changed += deleted;
                }
            }
            return changed;
        });
    }

    /**
     * Removes the scope's DELETING rows whose settle time has passed, so that neither their names
     * nor their quota are held until the sweeper runs. The settle_at index keeps this cheap.
     */
    private static void removeSettledDeleting(java.sql.Connection tx, Scope scope, Instant now) throws SQLException {
        try (PreparedStatement d = tx.prepareStatement("DELETE FROM connections "
                + "WHERE settle_at <= ? AND state = 'DELETING' AND account = ? AND region = ?")) {
            d.setLong(1, now.toEpochMilli());
            d.setString(2, scope.account());
            d.setString(3, scope.region());
            decrement(tx, scope, d.executeUpdate());
        }
    }

    private static void delete(java.sql.Connection tx, Scope scope, String name) throws SQLException {
        try (PreparedStatement d = tx.prepareStatement(
                "DELETE FROM connections WHERE account = ? AND region = ? AND name = ?")) {
            d.setString(1, scope.account());
            d.setString(2, scope.region());
            d.setString(3, name);
            d.executeUpdate();
        }
    }

    private static void decrement(java.sql.Connection tx, Scope scope, int by) throws SQLException {
        if (by == 0) {
            return;
        }
        try (PreparedStatement u = tx.prepareStatement(
                "UPDATE scope_counts SET connections = connections - ? WHERE account = ? AND region = ?")) {
            u.setInt(1, by);
            u.setString(2, scope.account());
            u.setString(3, scope.region());
            u.executeUpdate();
        }
    }

    private byte[] seal(Connection c) {
        if (c.auth() == null) {
            return null;
        }
        return envelope.seal(AuthJson.write(c.auth()), c.secretArn());
    }

    private static int bind(PreparedStatement s, Connection c) throws SQLException {
        s.setString(1, c.scope().account());
        s.setString(2, c.scope().region());
        s.setString(3, c.name());
        return bindMutable(s, c, 4);
    }

    /** Binds the columns from uuid to version, starting at {@code i}; returns the next index. */
    private static int bindMutable(PreparedStatement s, Connection c, int i) throws SQLException {
        s.setString(i++, c.uuid());
        s.setString(i++, c.description());
        s.setString(i++, c.type().name());
        s.setString(i++, c.state().name());
        s.setString(i++, c.stateReason());
        s.setString(i++, c.secretId());
        s.setString(i++, c.kmsKeyIdentifier());
        Connectivity ic = c.invocationConnectivity();
        s.setString(i++, ic == null ? null : ic.resourceConfigurationArn());
        s.setString(i++, ic == null ? null : ic.resourceAssociationArn());
        s.setString(i++, c.auth() == null ? null
                : new String(AuthJson.write(c.auth().redacted()), StandardCharsets.UTF_8));
        s.setLong(i++, c.creationTime().toEpochMilli());
        s.setLong(i++, c.lastModifiedTime().toEpochMilli());
        s.setLong(i++, c.lastAuthorizedTime().toEpochMilli());
        if (c.settleAt() == null) {
            s.setNull(i++, Types.BIGINT);
        } else {
            s.setLong(i++, c.settleAt().toEpochMilli());
        }
        s.setLong(i++, c.version());
        return i;
    }

    private Connection row(ResultSet rs, boolean withSecrets) throws SQLException {
        Scope scope = new Scope(rs.getString("account"), rs.getString("region"));
        String name = rs.getString("name");
        String secretId = rs.getString("secret_id");
        AuthorizationType type = AuthorizationType.valueOf(rs.getString("authorization_type"));
        String configuration = rs.getString("invocation_resource_configuration_arn");
        long settle = rs.getLong("settle_at");
        Instant settleAt = rs.wasNull() ? null : Instant.ofEpochMilli(settle);
        Connection c = new Connection(scope, name, rs.getString("uuid"), rs.getString("description"), type,
                ConnectionState.valueOf(rs.getString("state")), rs.getString("state_reason"), secretId,
                rs.getString("kms_key_identifier"),
                configuration == null ? null
                        : new Connectivity(configuration, rs.getString("invocation_resource_association_arn")),
                null, Instant.ofEpochMilli(rs.getLong("creation_time")),
                Instant.ofEpochMilli(rs.getLong("last_modified_time")),
                Instant.ofEpochMilli(rs.getLong("last_authorized_time")), settleAt, rs.getLong("version"));
        AuthParameters auth = null;
        if (withSecrets) {
            byte[] sealed = rs.getBytes("secret");
            if (sealed != null) {
                auth = AuthJson.read(type, envelope.open(sealed, c.secretArn()));
            }
        } else {
            String pub = rs.getString("auth_public");
            if (pub != null) {
                auth = AuthJson.read(type, pub.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Connection(scope, name, c.uuid(), c.description(), type, c.state(), c.stateReason(), secretId,
                c.kmsKeyIdentifier(), c.invocationConnectivity(), auth, c.creationTime(), c.lastModifiedTime(),
                c.lastAuthorizedTime(), settleAt, c.version());
    }
}
