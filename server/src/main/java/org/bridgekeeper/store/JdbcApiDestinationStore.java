package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.destinations.ApiDestination;
import org.bridgekeeper.destinations.ApiDestinationStore;

/** API destinations in the relational database; quota counted in scope_counts like connections. */
final class JdbcApiDestinationStore implements ApiDestinationStore {

    private static final String COLUMNS = "account, region, name, uuid, description, connection_arn, invocation_endpoint, "
            + "http_method, rate_limit, creation_time, last_modified_time";
    private static final String COUNT = """
            INSERT INTO scope_counts (account, region, connections, api_destinations) VALUES (?, ?, 0, 1)
            ON CONFLICT (account, region) DO UPDATE SET api_destinations = scope_counts.api_destinations + 1
            WHERE scope_counts.api_destinations < ?""";

    private final Database db;

    JdbcApiDestinationStore(Database db) {
        this.db = db;
    }

    @Override
    public InsertResult insert(ApiDestination d, int quota) {
        return db.write(tx -> {
            PreparedStatement insert = tx.prepare("INSERT INTO api_destinations (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            bind(insert, d);
            if (insert.executeUpdate() == 0) {
                return InsertResult.NAME_TAKEN;
            }
            PreparedStatement count = tx.prepare(COUNT);
            count.setString(1, d.scope().account());
            count.setString(2, d.scope().region());
            count.setInt(3, quota);
            if (count.executeUpdate() == 0) {
                deleteRow(tx, d.scope(), d.name());
                return InsertResult.QUOTA_EXCEEDED;
            }
            return InsertResult.CREATED;
        });
    }

    @Override
    public Optional<ApiDestination> find(Scope scope, String name) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + COLUMNS + " FROM api_destinations WHERE account = ? AND region = ? AND name = ?");
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean update(ApiDestination d) {
        return db.write(tx -> {
            PreparedStatement u = tx.prepare("UPDATE api_destinations SET description = ?, connection_arn = ?, "
                    + "invocation_endpoint = ?, http_method = ?, rate_limit = ?, last_modified_time = ? "
                    + "WHERE account = ? AND region = ? AND name = ?");
            u.setString(1, d.description());
            u.setString(2, d.connectionArn());
            u.setString(3, d.invocationEndpoint());
            u.setString(4, d.httpMethod());
            u.setInt(5, d.invocationRateLimitPerSecond());
            u.setLong(6, d.lastModifiedTime().toEpochMilli());
            u.setString(7, d.scope().account());
            u.setString(8, d.scope().region());
            u.setString(9, d.name());
            return u.executeUpdate() == 1;
        });
    }

    @Override
    public boolean delete(Scope scope, String name) {
        return db.write(tx -> {
            if (!deleteRow(tx, scope, name)) {
                return false;
            }
            PreparedStatement u = tx.prepare(
                    "UPDATE scope_counts SET api_destinations = api_destinations - 1 WHERE account = ? AND region = ?");
            u.setString(1, scope.account());
            u.setString(2, scope.region());
            u.executeUpdate();
            return true;
        });
    }

    @Override
    public List<ApiDestination> list(Scope scope, String namePrefix, String connectionArn, String afterName, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM api_destinations WHERE account = ? AND region = ?");
        List<Object> args = new ArrayList<>(List.of(scope.account(), scope.region()));
        if (afterName != null) {
            sql.append(" AND name > ?");
            args.add(afterName);
        }
        if (namePrefix != null) {
            sql.append(" AND name >= ? AND name < ?"); // names are ASCII below '{': exactly the prefix
            args.add(namePrefix);
            args.add(namePrefix + '\u007f');
        }
        if (connectionArn != null) {
            sql.append(" AND connection_arn = ?");
            args.add(connectionArn);
        }
        sql.append(" ORDER BY name LIMIT ?");
        args.add(limit);
        return db.read(tx -> {
            PreparedStatement q = tx.prepare(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                q.setObject(i + 1, args.get(i));
            }
            List<ApiDestination> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static boolean deleteRow(Database.Session tx, Scope scope, String name) throws SQLException {
        PreparedStatement d = tx.prepare("DELETE FROM api_destinations WHERE account = ? AND region = ? AND name = ?");
        d.setString(1, scope.account());
        d.setString(2, scope.region());
        d.setString(3, name);
        return d.executeUpdate() == 1;
    }

    private static void bind(PreparedStatement s, ApiDestination d) throws SQLException {
        s.setString(1, d.scope().account());
        s.setString(2, d.scope().region());
        s.setString(3, d.name());
        s.setString(4, d.uuid());
        s.setString(5, d.description());
        s.setString(6, d.connectionArn());
        s.setString(7, d.invocationEndpoint());
        s.setString(8, d.httpMethod());
        s.setInt(9, d.invocationRateLimitPerSecond());
        s.setLong(10, d.creationTime().toEpochMilli());
        s.setLong(11, d.lastModifiedTime().toEpochMilli());
    }

    private static ApiDestination row(ResultSet rs) throws SQLException {
        return new ApiDestination(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)));
    }
}
