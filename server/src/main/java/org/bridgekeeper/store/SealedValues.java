package org.bridgekeeper.store;

import java.sql.ResultSet;
import java.util.List;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.SealedKeys;

/**
 * Every value the database holds sealed by {@link Envelope}, counted by wrapping key. The start
 * check needs to know which master keys the database depends on; the envelope's header names
 * the key that wraps each value's data key, so the answer is read from the values themselves
 * (their first {@link Envelope#PREFIX_BYTES} bytes: the header and the wrapped data key, never
 * a payload), not from a list kept beside them that could drift from what is really there.
 *
 * <p>{@link #COLUMNS} lists every sealed column; {@code SealedValuesTest} fails when the schema
 * gains a BLOB column that is not listed, and {@link Rewrap} goes through the same columns.
 */
final class SealedValues {

    /** Every column that holds sealed values, as {@code table.column}. */
    static final List<String> COLUMNS = List.of("connections.secret", "connections.token", "kms_keys.material");

    private SealedValues() {}

    static SealedKeys inventory(Database db) {
        int prefix = Envelope.PREFIX_BYTES;
        return db.read(tx -> {
            SealedKeys keys = new SealedKeys();
            try (ResultSet rs = tx.prepare("SELECT account, region, name, secret_id, substr(secret, 1, " + prefix
                    + "), substr(token, 1, " + prefix + ") FROM connections "
                    + "WHERE secret IS NOT NULL OR token IS NOT NULL").executeQuery()) {
                while (rs.next()) {
                    byte[] secret = rs.getBytes(5);
                    byte[] token = rs.getBytes(6);
                    String account = rs.getString(1);
                    String region = rs.getString(2);
                    String name = rs.getString(3);
                    String secretId = rs.getString(4);
                    java.util.function.Supplier<String> secretArn = () -> String.valueOf(
                            Connection.secretArn(new Scope(account, region), name, secretId));
                    if (secret != null) {
                        keys.add(secret, secretArn);
                    }
                    if (token != null) {
                        keys.add(token, () -> secretArn.get() + "#oauth-token");
                    }
                }
            }
            try (ResultSet rs = tx.prepare("SELECT account, region, key_id, substr(material, 1, " + prefix
                    + ") FROM kms_keys").executeQuery()) {
                while (rs.next()) {
                    Scope scope = new Scope(rs.getString(1), rs.getString(2));
                    String keyId = rs.getString(3);
                    keys.add(rs.getBytes(4), () -> scope.arn("kms", "key/" + keyId));
                }
            }
            return keys;
        });
    }
}
