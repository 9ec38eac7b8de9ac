package org.bridgekeeper.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.bridgekeeper.common.Scope;

/**
 * The generation of each event bus's routing (its rules, their targets, its archives): bumped in
 * the same transaction as every change to them, on whatever node makes it, so that a node that
 * compiled a machine at one generation sees, with one point read, that it must compile again.
 * A bus that never changed has generation 0; a deleted bus's row stays (bumped), so that a bus
 * created again under the name never repeats a generation a node may still hold.
 */
final class BusVersions {

    private BusVersions() {}

    private static final String BUMP = "INSERT INTO bus_versions (account, region, bus, generation) VALUES (?, ?, ?, 1) "
            + "ON CONFLICT (account, region, bus) DO UPDATE SET generation = bus_versions.generation + 1";
    private static final String READ = "SELECT generation FROM bus_versions WHERE account = ? AND region = ? AND bus = ?";

    static void bump(Database.Session tx, Scope scope, String bus) throws SQLException {
        PreparedStatement s = tx.prepare(BUMP);
        s.setString(1, scope.account());
        s.setString(2, scope.region());
        s.setString(3, bus);
        s.executeUpdate();
    }

    static long read(Database db, Scope scope, String bus) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare(READ);
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, bus);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }
}
