package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.secrets.Envelope;

/**
 * Rewraps every value sealed under an older master key with the current primary, in one
 * transaction: connection secrets and tokens, and the material of customer managed keys. Run
 * while the server is stopped (it holds the key ring it started with).
 */
final class Rewrap {

    /** How many sealed values were rewrapped, per kind. */
    public record Counts(int secrets, int tokens, int keyMaterials) {}

    private Rewrap() {}

    public static Counts run(Database db, Envelope envelope) {
        return db.write(tx -> {
            int secrets = 0;
            int tokens = 0;
            List<Object[]> updates = new ArrayList<>();
            try (ResultSet rs = tx.prepare("SELECT account, region, name, secret_id, secret, token FROM connections "
                    + "WHERE secret IS NOT NULL OR token IS NOT NULL").executeQuery()) {
                while (rs.next()) {
                    Scope scope = new Scope(rs.getString(1), rs.getString(2));
                    String secretArn = Connection.secretArn(scope, rs.getString(3), rs.getString(4));
                    byte[] secret = rs.getBytes(5);
                    byte[] token = rs.getBytes(6);
                    byte[] newSecret = secret == null ? null : envelope.rewrap(secret, secretArn);
                    byte[] newToken = token == null ? null : envelope.rewrap(token, secretArn + "#oauth-token");
                    secrets += newSecret != secret ? 1 : 0;
                    tokens += newToken != token ? 1 : 0;
                    updates.add(new Object[] {newSecret, newToken, scope.account(), scope.region(), rs.getString(3)});
                }
            }
            PreparedStatement u = tx.prepare("UPDATE connections SET secret = ?, token = ? "
                    + "WHERE account = ? AND region = ? AND name = ?");
            for (Object[] row : updates) {
                for (int i = 0; i < row.length; i++) {
                    u.setObject(i + 1, row[i]);
                }
                u.executeUpdate();
            }
            int materials = 0;
            List<Object[]> keyUpdates = new ArrayList<>();
            try (ResultSet rs = tx.prepare("SELECT account, region, key_id, material FROM kms_keys").executeQuery()) {
                while (rs.next()) {
                    Scope scope = new Scope(rs.getString(1), rs.getString(2));
                    byte[] material = rs.getBytes(4);
                    byte[] rewrapped = envelope.rewrap(material, scope.arn("kms", "key/" + rs.getString(3)));
                    materials += rewrapped != material ? 1 : 0;
                    keyUpdates.add(new Object[] {rewrapped, scope.account(), scope.region(), rs.getString(3)});
                }
            }
            PreparedStatement k = tx.prepare("UPDATE kms_keys SET material = ? WHERE account = ? AND region = ? AND key_id = ?");
            for (Object[] row : keyUpdates) {
                for (int i = 0; i < row.length; i++) {
                    k.setObject(i + 1, row[i]);
                }
                k.executeUpdate();
            }
            return new Counts(secrets, tokens, materials);
        });
    }
}
