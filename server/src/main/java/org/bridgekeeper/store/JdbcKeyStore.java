package org.bridgekeeper.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.keys.Alias;
import org.bridgekeeper.keys.Key;
import org.bridgekeeper.keys.KeyStore;

/** Customer managed keys and aliases in the relational database; material arrives already sealed. */
final class JdbcKeyStore implements KeyStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_COLUMNS = "account, region, key_id, description, state, creation_time, deletion_time, tags, "
            + "policy, rotation_period_days";
    private static final String ALIAS_COLUMNS = "alias_name, key_id, creation_time, last_updated_time";

    private final Database db;

    JdbcKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(Key key, byte[] sealedMaterial) {
        db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO kms_keys (" + KEY_COLUMNS + ", material) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            bindKey(s, key);
            s.setBytes(11, sealedMaterial);
            return s.executeUpdate();
        });
    }

    @Override
    public Optional<Key> find(Scope scope, String keyId) {
        return db.read(tx -> {
            PreparedStatement s = tx.prepare("SELECT " + KEY_COLUMNS + " FROM kms_keys WHERE account = ? AND region = ? AND key_id = ?");
            s.setString(1, scope.account());
            s.setString(2, scope.region());
            s.setString(3, keyId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(key(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<byte[]> sealedMaterial(Scope scope, String keyId) {
        return db.read(tx -> {
            PreparedStatement s = tx.prepare("SELECT material FROM kms_keys WHERE account = ? AND region = ? AND key_id = ?");
            s.setString(1, scope.account());
            s.setString(2, scope.region());
            s.setString(3, keyId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        });
    }

    @Override
    public void update(Key key) {
        db.write(tx -> {
            PreparedStatement s = tx.prepare("UPDATE kms_keys SET state = ?, deletion_time = ?, tags = ?, description = ?, "
                    + "policy = ?, rotation_period_days = ? WHERE account = ? AND region = ? AND key_id = ?");
            s.setString(1, key.state().name());
            s.setObject(2, key.deletionDate() == null ? null : key.deletionDate().toEpochMilli());
            s.setString(3, tags(key.tags()));
            s.setString(4, key.description());
            s.setString(5, key.policy());
            s.setObject(6, key.rotationPeriodInDays());
            s.setString(7, key.scope().account());
            s.setString(8, key.scope().region());
            s.setString(9, key.keyId());
            return s.executeUpdate();
        });
    }

    @Override
    public List<Key> list(Scope scope, String afterKeyId, int limit) {
        return db.read(tx -> {
            PreparedStatement s = tx.prepare("SELECT " + KEY_COLUMNS + " FROM kms_keys WHERE account = ? AND region = ? "
                    + "AND key_id > ? ORDER BY key_id LIMIT ?");
            s.setString(1, scope.account());
            s.setString(2, scope.region());
            s.setString(3, afterKeyId == null ? "" : afterKeyId);
            s.setInt(4, limit);
            List<Key> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(key(rs));
                }
            }
            return out;
        });
    }

    @Override
    public boolean insert(Alias alias) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO kms_aliases (account, region, " + ALIAS_COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            s.setString(1, alias.scope().account());
            s.setString(2, alias.scope().region());
            s.setString(3, alias.name());
            s.setString(4, alias.targetKeyId());
            s.setLong(5, alias.creationDate().toEpochMilli());
            s.setLong(6, alias.lastUpdatedDate().toEpochMilli());
            return s.executeUpdate() == 1;
        });
    }

    @Override
    public boolean update(Alias alias) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("UPDATE kms_aliases SET key_id = ?, last_updated_time = ? "
                    + "WHERE account = ? AND region = ? AND alias_name = ?");
            s.setString(1, alias.targetKeyId());
            s.setLong(2, alias.lastUpdatedDate().toEpochMilli());
            s.setString(3, alias.scope().account());
            s.setString(4, alias.scope().region());
            s.setString(5, alias.name());
            return s.executeUpdate() == 1;
        });
    }

    @Override
    public boolean deleteAlias(Scope scope, String name) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("DELETE FROM kms_aliases WHERE account = ? AND region = ? AND alias_name = ?");
            s.setString(1, scope.account());
            s.setString(2, scope.region());
            s.setString(3, name);
            return s.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<Alias> alias(Scope scope, String name) {
        return db.read(tx -> {
            PreparedStatement s = tx.prepare("SELECT " + ALIAS_COLUMNS + " FROM kms_aliases "
                    + "WHERE account = ? AND region = ? AND alias_name = ?");
            s.setString(1, scope.account());
            s.setString(2, scope.region());
            s.setString(3, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(alias(scope, rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<Alias> aliases(Scope scope, String keyId, String afterName, int limit) {
        return db.read(tx -> {
            PreparedStatement s = tx.prepare("SELECT " + ALIAS_COLUMNS + " FROM kms_aliases "
                    + "WHERE account = ? AND region = ? AND alias_name > ? AND (? IS NULL OR key_id = ?) "
                    + "ORDER BY alias_name LIMIT ?");
            s.setString(1, scope.account());
            s.setString(2, scope.region());
            s.setString(3, afterName == null ? "" : afterName);
            s.setString(4, keyId);
            s.setString(5, keyId);
            s.setInt(6, limit);
            List<Alias> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(alias(scope, rs));
                }
            }
            return out;
        });
    }

    private static void bindKey(PreparedStatement s, Key key) throws SQLException {
        s.setString(1, key.scope().account());
        s.setString(2, key.scope().region());
        s.setString(3, key.keyId());
        s.setString(4, key.description());
        s.setString(5, key.state().name());
        s.setLong(6, key.creationDate().toEpochMilli());
        s.setObject(7, key.deletionDate() == null ? null : key.deletionDate().toEpochMilli());
        s.setString(8, tags(key.tags()));
        s.setString(9, key.policy());
        s.setObject(10, key.rotationPeriodInDays());
    }

    /** An alias from {@link #ALIAS_COLUMNS}; one stored before version 6 was last updated when it was created. */
    private static Alias alias(Scope scope, ResultSet rs) throws SQLException {
        Instant created = Instant.ofEpochMilli(rs.getLong(3));
        long updated = rs.getLong(4);
        return new Alias(scope, rs.getString(1), rs.getString(2), created, rs.wasNull() ? created : Instant.ofEpochMilli(updated));
    }

    private static Key key(ResultSet rs) throws SQLException {
        long deletion = rs.getLong(7);
        Instant deletionDate = rs.wasNull() ? null : Instant.ofEpochMilli(deletion);
        Map<String, String> tags;
        try {
            tags = JSON.readValue(rs.getString(8), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new SQLException("stored tags are not valid JSON");
        }
        int period = rs.getInt(10);
        Integer rotation = rs.wasNull() ? null : period;
        return new Key(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                Key.KeyState.valueOf(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6)), deletionDate, tags,
                rs.getString(9), rotation);
    }

    private static String tags(Map<String, String> tags) {
        try {
            return JSON.writeValueAsString(tags);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
