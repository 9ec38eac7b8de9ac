package org.bridgekeeper.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.AuthParameters;
import org.bridgekeeper.connections.AuthorizationType;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.SecretJson;
import org.bridgekeeper.connections.ConnectionState;
import org.bridgekeeper.connections.ConnectionStore;
import org.bridgekeeper.connections.Connectivity;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.store.Database.Session;

/**
 * Connections in a relational database. The secret (the full authorization parameters) is sealed
 * by the {@link Envelope} before it is bound to a statement; only the redacted copy is stored in
 * plaintext, for Describe. The SQL is kept to what SQLite and PostgreSQL both accept.
 */
final class JdbcConnectionStore implements ConnectionStore {

    /** The columns every query reads, in the order {@link #row} reads them (secret last, when read). */
    private static final String COLUMNS = "account, region, name, uuid, description, authorization_type, state, "
            + "state_reason, secret_id, kms_key_identifier, invocation_resource_configuration_arn, "
            + "invocation_resource_association_arn, auth_public, creation_time, last_modified_time, "
            + "last_authorized_time, settle_at, version";

    /**
     * What a list page shows, and no more: reading all columns (and parsing the public auth JSON)
     * for 100 rows was over a third of ListConnections' CPU time (JFR, bench/README.md).
     */
    private static final String LIST_COLUMNS = "name, uuid, authorization_type, state, state_reason, creation_time, "
            + "last_modified_time, last_authorized_time, settle_at";

    private static final String INSERT = "INSERT INTO connections (" + COLUMNS + ", secret) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String COUNT = """
            INSERT INTO scope_counts (account, region, connections) VALUES (?, ?, 1)
            ON CONFLICT (account, region) DO UPDATE SET connections = scope_counts.connections + 1
            WHERE scope_counts.connections < ?""";
    private static final String FIND = "SELECT " + COLUMNS + ", secret FROM connections "
            + "WHERE account = ? AND region = ? AND name = ?";
    /** The columns every update sets, without the secret and its redacted copy (see {@link #bindState}). */
    private static final String UPDATE_COLUMNS = """
            UPDATE connections SET uuid = ?, description = ?, authorization_type = ?, state = ?,
                state_reason = ?, secret_id = ?, kms_key_identifier = ?,
                invocation_resource_configuration_arn = ?, invocation_resource_association_arn = ?,
                creation_time = ?, last_modified_time = ?, last_authorized_time = ?,
                settle_at = ?, version = ?""";
    private static final String SET_SECRET = ", auth_public = ?, secret = ?";
    private static final String SET_TOKEN = ", token = ?, token_expires_at = ?";
    private static final String UPDATE_WHERE = " WHERE account = ? AND region = ? AND name = ? AND version = ?";
    private static final String FIND_TOKEN =
            "SELECT token, token_expires_at, secret_id FROM connections WHERE account = ? AND region = ? AND name = ?";
    private static final String COUNT_PRIVATE = "SELECT COUNT(*) FROM connections WHERE account = ? AND region = ? "
            + "AND invocation_resource_configuration_arn IS NOT NULL";
    private static final String IN_STATE = "SELECT " + COLUMNS + " FROM connections WHERE state = ?";
    /** Rows whose transition has settled; found through the settle_at index, never by a scan. */
    private static final String SETTLED = "SELECT " + COLUMNS + " FROM connections WHERE settle_at <= ?";
    private static final String DELETE_SETTLED = "DELETE FROM connections "
            + "WHERE account = ? AND region = ? AND name = ? AND state = 'DELETING' AND settle_at <= ?";
    private static final String DELETE_ONE = "DELETE FROM connections WHERE account = ? AND region = ? AND name = ?";
    private static final String DELETE_VERSION = DELETE_ONE + " AND version = ?";
    private static final String DECREMENT =
            "UPDATE scope_counts SET connections = connections - ? WHERE account = ? AND region = ?";

    private final Database db;
    private final Envelope envelope;
    /** Secrets and tokens as last opened, by their sealed bytes: a delivery need not decrypt again. */
    private final OpenedSecrets<AuthParameters> secrets = new OpenedSecrets<>();
    private final OpenedSecrets<String> tokens = new OpenedSecrets<>();

    JdbcConnectionStore(Database db, Envelope envelope) {
        this.db = db;
        this.envelope = envelope;
    }

    @Override
    public InsertResult insert(Connection c, int quota, Instant now) {
        byte[] secret = seal(c);
        return db.write(tx -> {
            PreparedStatement insert = tx.prepare(INSERT);
            insert.setString(1, c.scope().account());
            insert.setString(2, c.scope().region());
            insert.setString(3, c.name());
            insert.setBytes(bindMutable(insert, c, 4), secret);
            // The insert first: reading the name's row before it would give PostgreSQL's serializable
            // transactions a read to conflict on for every create, where only a clash needs it.
            if (insert.executeUpdate() == 0
                    && (removeSettledDeleting(tx, c.scope(), c.name(), now) == 0 || insert.executeUpdate() == 0)) {
                return InsertResult.NAME_TAKEN; // the primary key decided
            }
            // At the quota, connections deleted but not yet swept must not count: sweep, then look again.
            if (!count(tx, c.scope(), quota) && (removeSettledDeleting(tx, now) == 0 || !count(tx, c.scope(), quota))) {
                bind(tx.prepare(DELETE_ONE), c.scope().account(), c.scope().region(), c.name()).executeUpdate();
                return InsertResult.QUOTA_EXCEEDED;
            }
            bind(tx.prepare(DROP_LEASES), c.scope().account(), c.scope().region(), c.name()).executeUpdate();
            return InsertResult.CREATED;
        });
    }

    @Override
    public Optional<Connection> find(Scope scope, String name, boolean withSecrets) {
        return db.read(tx -> {
            try (ResultSet rs = bind(tx.prepare(FIND), scope.account(), scope.region(), name).executeQuery()) {
                return rs.next() ? Optional.of(row(rs, withSecrets)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean update(Connection c, long expectedVersion, SecretWrite secretWrite, TokenWrite token) {
        boolean setSecret = secretWrite == SecretWrite.SEAL;
        byte[] secret = setSecret ? seal(c) : null;
        boolean setToken = !(token instanceof TokenWrite.Keep);
        OAuthToken newToken = token instanceof TokenWrite.Put put ? put.token() : null;
        byte[] sealedToken = newToken == null ? null : envelope.seal(newToken.accessToken().getBytes(StandardCharsets.UTF_8),
                tokenContext(c.scope(), c.name(), c.secretId()), c.scope(), c.kmsKeyIdentifier());
        String sql = UPDATE_COLUMNS + (setSecret ? SET_SECRET : "") + (setToken ? SET_TOKEN : "") + UPDATE_WHERE;
        return db.write(tx -> {
            PreparedStatement u = tx.prepare(sql);
            int i = bindState(u, c, 1);
            if (setSecret) {
                bindAt(u, i++, publicAuth(c));
                u.setBytes(i++, secret);
            }
            if (setToken) {
                u.setBytes(i++, sealedToken);
                bindAt(u, i++, newToken == null || newToken.expiresAt() == null ? null : newToken.expiresAt().toEpochMilli());
            }
            u.setString(i++, c.scope().account());
            u.setString(i++, c.scope().region());
            u.setString(i++, c.name());
            u.setLong(i, expectedVersion);
            return u.executeUpdate() == 1;
        });
    }

    @Override
    public boolean remove(Scope scope, String name, long expectedVersion) {
        return db.write(tx -> {
            int deleted = bind(tx.prepare(DELETE_VERSION), scope.account(), scope.region(), name, expectedVersion)
                    .executeUpdate();
            if (deleted > 0) {
                bind(tx.prepare(DECREMENT), deleted, scope.account(), scope.region()).executeUpdate();
            }
            return deleted > 0;
        });
    }

    // ---- leases (schema version 11): one node at a time refreshes a token or authorizes ------------

    /** A connection created under a name drops the leases left by a former one of that name. */
    private static final String DROP_LEASES = "DELETE FROM connection_leases WHERE account = ? AND region = ? AND name = ?";
    private static final String TAKE_LEASE = "INSERT INTO connection_leases (account, region, name, purpose, holder, "
            + "held_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, name, purpose) DO UPDATE SET "
            + "holder = excluded.holder, held_until = excluded.held_until WHERE connection_leases.held_until <= ?";
    private static final String RENEW_LEASE = "UPDATE connection_leases SET held_until = ? "
            + "WHERE account = ? AND region = ? AND name = ? AND purpose = ? AND holder = ?";
    private static final String RELEASE_LEASE = "DELETE FROM connection_leases "
            + "WHERE account = ? AND region = ? AND name = ? AND purpose = ? AND holder = ?";
    private static final String LEASED = "SELECT 1 FROM connection_leases "
            + "WHERE account = ? AND region = ? AND name = ? AND purpose = ? AND held_until > ?";

    @Override
    public boolean lease(Scope scope, String name, Lease purpose, String holder, Instant now, Instant until,
                         boolean renew) {
        // One statement, so that the database decides: of two nodes taking a free lease at once, one wins.
        return db.write(tx -> renew
                ? bind(tx.prepare(RENEW_LEASE), until.toEpochMilli(), scope.account(), scope.region(), name,
                        purpose.name(), holder).executeUpdate() == 1
                : bind(tx.prepare(TAKE_LEASE), scope.account(), scope.region(), name, purpose.name(), holder,
                        until.toEpochMilli(), now.toEpochMilli()).executeUpdate() == 1);
    }

    @Override
    public void release(Scope scope, String name, Lease purpose, String holder) {
        db.write(tx -> bind(tx.prepare(RELEASE_LEASE), scope.account(), scope.region(), name, purpose.name(), holder)
                .executeUpdate());
    }

    @Override
    public boolean leased(Scope scope, String name, Lease purpose, Instant now) {
        return db.read(tx -> {
            try (ResultSet rs = bind(tx.prepare(LEASED), scope.account(), scope.region(), name, purpose.name(),
                    now.toEpochMilli()).executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public List<Connection> settled(Instant now) {
        return db.read(tx -> {
            List<Connection> out = new ArrayList<>();
            try (ResultSet rs = bind(tx.prepare(SETTLED), now.toEpochMilli()).executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, false));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<OAuthToken> token(Scope scope, String name) {
        return db.read(tx -> {
            try (ResultSet rs = bind(tx.prepare(FIND_TOKEN), scope.account(), scope.region(), name).executeQuery()) {
                if (!rs.next() || rs.getBytes(1) == null) {
                    return Optional.empty();
                }
                byte[] sealed = rs.getBytes(1);
                long expires = rs.getLong(2);
                boolean noExpiry = rs.wasNull();
                String context = tokenContext(scope, name, rs.getString(3));
                String token = tokens.open(sealed, context,
                        s -> new String(envelope.open(s, context), StandardCharsets.UTF_8));
                return Optional.of(new OAuthToken(token, noExpiry ? null : Instant.ofEpochMilli(expires)));
            }
        });
    }

    @Override
    public int countPrivate(Scope scope) {
        return db.read(tx -> {
            try (ResultSet rs = bind(tx.prepare(COUNT_PRIVATE), scope.account(), scope.region()).executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public List<Connection> inState(ConnectionState state) {
        return db.read(tx -> {
            List<Connection> out = new ArrayList<>();
            try (ResultSet rs = bind(tx.prepare(IN_STATE), state.name()).executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, false));
                }
            }
            return out;
        });
    }

    /** The encryption context of a connection's token: bound to its secret, like the secret itself. */
    private static String tokenContext(Scope scope, String name, String secretId) {
        return Connection.secretArn(scope, name, secretId) + "#oauth-token";
    }

    @Override
    public List<Connection> list(Scope scope, String namePrefix, ConnectionState state, String afterName, int limit,
                                 Instant now) {
        StringBuilder sql = new StringBuilder("SELECT " + LIST_COLUMNS + " FROM connections WHERE account = ? AND region = ?");
        List<Object> args = new ArrayList<>(List.of(scope.account(), scope.region()));
        // Which rows show which state at now follows ConnectionState.settled(), the one settle rule.
        sql.append(" AND NOT (settle_at <= ? AND state IN (").append(quoted(settlingInto(null))).append("))");
        args.add(now.toEpochMilli());
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
            sql.append(" AND (state = ? AND (settle_at IS NULL OR settle_at > ?) OR settle_at <= ? AND state IN (")
                    .append(quoted(settlingInto(state))).append("))");
            args.addAll(List.of(state.name(), now.toEpochMilli(), now.toEpochMilli()));
        }
        sql.append(" ORDER BY name LIMIT ?");
        args.add(limit);
        return db.read(tx -> {
            List<Connection> out = new ArrayList<>();
            try (ResultSet rs = bind(tx.prepare(sql.toString()), args.toArray()).executeQuery()) {
                while (rs.next()) {
                    listRow(scope, rs).at(now).ifPresent(out::add);
                }
            }
            return out;
        });
    }

    /** The states whose settling leads to {@code state} (null: to nothing), the state itself included. */
    private static List<ConnectionState> settlingInto(ConnectionState state) {
        return java.util.Arrays.stream(ConnectionState.values()).filter(s -> s.settled() == state).toList();
    }

    /** Enum names as an SQL list; never empty ('' matches no state). */
    private static String quoted(List<ConnectionState> states) {
        return states.isEmpty() ? "''" : String.join(", ", states.stream().map(s -> "'" + s.name() + "'").toList());
    }

    /** Counts one more connection in the scope unless it already holds {@code quota}. */
    private static boolean count(Session tx, Scope scope, int quota) throws SQLException {
        return bind(tx.prepare(COUNT), scope.account(), scope.region(), quota).executeUpdate() == 1;
    }

    /**
     * Removes every DELETING row whose settle time has passed, in every scope: inside an insert's
     * transaction, so that a deleted connection's name and quota are free at once (the sweeper
     * may not have run yet).
     */
    private static int removeSettledDeleting(Session tx, Instant now) throws SQLException {
        List<String[]> settled = new ArrayList<>();
        try (ResultSet rs = bind(tx.prepare(SETTLED), now.toEpochMilli()).executeQuery()) {
            while (rs.next()) {
                if (ConnectionState.valueOf(rs.getString(7)).settled() == null) { // settled into nothing: gone
                    settled.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        int removed = 0;
        for (String[] row : settled) {
            removed += removeSettledDeleting(tx, new Scope(row[0], row[1]), row[2], now);
        }
        return removed;
    }

    /** Removes the named connection if it is DELETING and its settle time has passed, freeing name and quota. */
    private static int removeSettledDeleting(Session tx, Scope scope, String name, Instant now) throws SQLException {
        int deleted = bind(tx.prepare(DELETE_SETTLED), scope.account(), scope.region(), name, now.toEpochMilli())
                .executeUpdate();
        if (deleted > 0) {
            bind(tx.prepare(DECREMENT), deleted, scope.account(), scope.region()).executeUpdate();
        }
        return deleted;
    }

    private static PreparedStatement bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
        return s;
    }

    private byte[] seal(Connection c) {
        if (c.auth() == null) {
            return null;
        }
        return envelope.seal(SecretJson.write(c.auth()), c.secretArn(), c.scope(), c.kmsKeyIdentifier());
    }

    /** Binds the columns from uuid to version, starting at {@code i}, in {@link #COLUMNS}' order; returns the next index. */
    private static int bindMutable(PreparedStatement s, Connection c, int i) throws SQLException {
        Connectivity ic = c.invocationConnectivity();
        bindAt(s, i, c.uuid(), c.description(), c.type().name(), c.state().name(), c.stateReason(), c.secretId(),
                c.kmsKeyIdentifier(), ic == null ? null : ic.resourceConfigurationArn(),
                ic == null ? null : ic.resourceAssociationArn(), publicAuth(c),
                c.creationTime().toEpochMilli(), c.lastModifiedTime().toEpochMilli(),
                c.lastAuthorizedTime().toEpochMilli(), c.settleAt() == null ? null : c.settleAt().toEpochMilli(),
                c.version());
        return i + 15;
    }

    /** Binds {@link #UPDATE_COLUMNS}: everything but the secret and its redacted copy; returns the next index. */
    private static int bindState(PreparedStatement s, Connection c, int i) throws SQLException {
        Connectivity ic = c.invocationConnectivity();
        bindAt(s, i, c.uuid(), c.description(), c.type().name(), c.state().name(), c.stateReason(), c.secretId(),
                c.kmsKeyIdentifier(), ic == null ? null : ic.resourceConfigurationArn(),
                ic == null ? null : ic.resourceAssociationArn(),
                c.creationTime().toEpochMilli(), c.lastModifiedTime().toEpochMilli(),
                c.lastAuthorizedTime().toEpochMilli(), c.settleAt() == null ? null : c.settleAt().toEpochMilli(),
                c.version());
        return i + 14;
    }

    /** The redacted copy of the authorization parameters that Describe shows. */
    private static String publicAuth(Connection c) {
        return c.auth() == null ? null : new String(SecretJson.write(c.auth().redacted()), StandardCharsets.UTF_8);
    }

    private static void bindAt(PreparedStatement s, int first, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                s.setNull(first + i, java.sql.Types.NULL); // untyped: the column's type applies
            } else {
                s.setObject(first + i, values[i]);
            }
        }
    }

    /** Reads a row of {@link #COLUMNS} by position (a name lookup per column costs more than the query). */
    /** A row of {@link #LIST_COLUMNS}: no description, KMS key, connectivity, secret or auth parameters. */
    private static Connection listRow(Scope scope, ResultSet rs) throws SQLException {
        long settle = rs.getLong(9);
        Instant settleAt = rs.wasNull() ? null : Instant.ofEpochMilli(settle);
        return new Connection(scope, rs.getString(1), rs.getString(2), null, AuthorizationType.valueOf(rs.getString(3)),
                ConnectionState.valueOf(rs.getString(4)), rs.getString(5), null, null, null, null,
                Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8)),
                settleAt, 0);
    }

    private Connection row(ResultSet rs, boolean withSecrets) throws SQLException {
        Scope scope = new Scope(rs.getString(1), rs.getString(2));
        String name = rs.getString(3);
        AuthorizationType type = AuthorizationType.valueOf(rs.getString(6));
        String secretId = rs.getString(9);
        String configuration = rs.getString(11);
        Connectivity connectivity = configuration == null ? null : new Connectivity(configuration, rs.getString(12));
        String publicAuth = rs.getString(13);
        long settle = rs.getLong(17);
        Instant settleAt = rs.wasNull() ? null : Instant.ofEpochMilli(settle);
        AuthParameters auth = null;
        if (withSecrets) {
            byte[] sealed = rs.getBytes(19);
            if (sealed != null) {
                String context = Connection.secretArn(scope, name, secretId);
                // Keyed by the type too: it decides how the plaintext is read.
                auth = secrets.open(sealed, type + " " + context, s -> SecretJson.read(type, envelope.open(s, context)));
            }
        } else if (publicAuth != null) {
            auth = SecretJson.read(type, publicAuth.getBytes(StandardCharsets.UTF_8));
        }
        return new Connection(scope, name, rs.getString(4), rs.getString(5), type,
                ConnectionState.valueOf(rs.getString(7)), rs.getString(8), secretId, rs.getString(10), connectivity,
                auth, Instant.ofEpochMilli(rs.getLong(14)), Instant.ofEpochMilli(rs.getLong(15)),
                Instant.ofEpochMilli(rs.getLong(16)), settleAt, rs.getLong(18));
    }
}
