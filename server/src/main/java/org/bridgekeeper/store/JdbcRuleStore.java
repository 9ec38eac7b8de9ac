package org.bridgekeeper.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.rules.EventBus;
import org.bridgekeeper.rules.Rule;
import org.bridgekeeper.rules.RuleStore;
import org.bridgekeeper.rules.Target;

/** Event buses, rules and targets in the relational database; rule and target definitions as JSON text. */
final class JdbcRuleStore implements RuleStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;

    JdbcRuleStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insertBus(EventBus bus) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO event_buses (account, region, name, description, creation_time, "
                    + "last_modified_time) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            s.setString(1, bus.scope().account());
            s.setString(2, bus.scope().region());
            s.setString(3, bus.name());
            s.setString(4, bus.description());
            s.setLong(5, bus.creationTime().toEpochMilli());
            s.setLong(6, bus.lastModifiedTime().toEpochMilli());
            return s.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<EventBus> findBus(Scope scope, String name) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT name, description, creation_time, last_modified_time FROM event_buses "
                    + "WHERE account = ? AND region = ? AND name = ?");
            bindScope(q, scope);
            q.setString(3, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(bus(scope, rs)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean deleteBus(Scope scope, String name) {
        return db.write(tx -> {
            for (String table : List.of("targets", "rules")) {
                PreparedStatement d = tx.prepare("DELETE FROM " + table + " WHERE account = ? AND region = ? AND bus = ?");
                bindScope(d, scope);
                d.setString(3, name);
                d.executeUpdate();
            }
            PreparedStatement d = tx.prepare("DELETE FROM event_buses WHERE account = ? AND region = ? AND name = ?");
            bindScope(d, scope);
            d.setString(3, name);
            return d.executeUpdate() == 1;
        });
    }

    @Override
    public List<EventBus> listBuses(Scope scope, String namePrefix, String afterName, int limit) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT name, description, creation_time, last_modified_time FROM event_buses "
                    + "WHERE account = ? AND region = ? AND name > ? AND name >= ? AND name < ? ORDER BY name LIMIT ?");
            bindScope(q, scope);
            bindPage(q, 3, namePrefix, afterName, limit);
            List<EventBus> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(bus(scope, rs));
                }
            }
            return out;
        });
    }

    @Override
    public boolean putRule(Rule rule, int quota) {
        return db.write(tx -> {
            PreparedStatement count = tx.prepare("SELECT COUNT(*) FROM rules WHERE account = ? AND region = ? AND bus = ? AND name <> ?");
            bindScope(count, rule.scope());
            count.setString(3, rule.bus());
            count.setString(4, rule.name());
            try (ResultSet rs = count.executeQuery()) {
                if (rs.next() && rs.getInt(1) >= quota) {
                    return false;
                }
            }
            PreparedStatement s = tx.prepare("INSERT INTO rules (account, region, bus, name, definition) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (account, region, bus, name) DO UPDATE SET definition = excluded.definition");
            bindScope(s, rule.scope());
            s.setString(3, rule.bus());
            s.setString(4, rule.name());
            s.setString(5, ruleJson(rule));
            s.executeUpdate();
            return true;
        });
    }

    @Override
    public Optional<Rule> findRule(Scope scope, String bus, String name) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT name, definition FROM rules WHERE account = ? AND region = ? AND bus = ? AND name = ?");
            bindScope(q, scope);
            q.setString(3, bus);
            q.setString(4, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rule(scope, bus, rs)) : Optional.empty();
            }
        });
    }

    @Override
    public DeleteResult deleteRule(Scope scope, String bus, String name, boolean withTargets) {
        return db.write(tx -> {
            PreparedStatement targets = tx.prepare(withTargets
                    ? "DELETE FROM targets WHERE account = ? AND region = ? AND bus = ? AND rule = ?"
                    : "SELECT 1 FROM targets WHERE account = ? AND region = ? AND bus = ? AND rule = ? LIMIT 1");
            bindScope(targets, scope);
            targets.setString(3, bus);
            targets.setString(4, name);
            if (withTargets) {
                targets.executeUpdate();
            } else {
                try (ResultSet rs = targets.executeQuery()) {
                    if (rs.next()) {
                        return DeleteResult.HAS_TARGETS;
                    }
                }
            }
            PreparedStatement d = tx.prepare("DELETE FROM rules WHERE account = ? AND region = ? AND bus = ? AND name = ?");
            bindScope(d, scope);
            d.setString(3, bus);
            d.setString(4, name);
            return d.executeUpdate() == 1 ? DeleteResult.DELETED : DeleteResult.NOT_FOUND;
        });
    }

    @Override
    public List<Rule> listRules(Scope scope, String bus, String namePrefix, String afterName, int limit) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT name, definition FROM rules WHERE account = ? AND region = ? AND bus = ? "
                    + "AND name > ? AND name >= ? AND name < ? ORDER BY name LIMIT ?");
            bindScope(q, scope);
            q.setString(3, bus);
            bindPage(q, 4, namePrefix, afterName, limit);
            List<Rule> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rule(scope, bus, rs));
                }
            }
            return out;
        });
    }

    @Override
    public List<Rule> rules(Scope scope, String bus) {
        return listRules(scope, bus, null, null, Integer.MAX_VALUE);
    }

    @Override
    public List<Rule> scheduledRules() {
        return db.read(tx -> {
            // Few rows have a schedule; the definition is JSON text, so a LIKE finds them.
            PreparedStatement q = tx.prepare("SELECT account, region, bus, name, definition FROM rules "
                    + "WHERE definition LIKE '%\"scheduleExpression\"%'");
            List<Rule> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rule(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return out;
        });
    }

    @Override
    public boolean putTargets(Scope scope, String bus, String rule, List<Target> targets, int quota) {
        try {
            return putTargetsOrThrow(scope, bus, rule, targets, quota);
        } catch (QuotaExceeded e) {
            return false;
        }
    }

    private boolean putTargetsOrThrow(Scope scope, String bus, String rule, List<Target> targets, int quota) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO targets (account, region, bus, rule, id, definition) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (account, region, bus, rule, id) DO UPDATE SET definition = excluded.definition");
            for (Target t : targets) {
                bindScope(s, scope);
                s.setString(3, bus);
                s.setString(4, rule);
                s.setString(5, t.id());
                s.setString(6, t.definition().toString());
                s.executeUpdate();
            }
            PreparedStatement count = tx.prepare("SELECT COUNT(*) FROM targets WHERE account = ? AND region = ? AND bus = ? AND rule = ?");
            bindScope(count, scope);
            count.setString(3, bus);
            count.setString(4, rule);
            try (ResultSet rs = count.executeQuery()) {
                if (rs.next() && rs.getInt(1) > quota) {
                    // Undone by the savepoint this write runs in.
                    throw new QuotaExceeded();
                }
            }
            return true;
        });
    }

    /** Thrown inside a write to roll it back; never leaves this class. */
    private static final class QuotaExceeded extends RuntimeException {
        QuotaExceeded() {
            super(null, null, false, false);
        }
    }

    @Override
    public List<String> removeTargets(Scope scope, String bus, String rule, List<String> ids) {
        return db.write(tx -> {
            PreparedStatement d = tx.prepare("DELETE FROM targets WHERE account = ? AND region = ? AND bus = ? AND rule = ? AND id = ?");
            List<String> removed = new ArrayList<>();
            for (String id : ids) {
                bindScope(d, scope);
                d.setString(3, bus);
                d.setString(4, rule);
                d.setString(5, id);
                if (d.executeUpdate() == 1) {
                    removed.add(id);
                }
            }
            return removed;
        });
    }

    @Override
    public List<Target> targets(Scope scope, String bus, String rule, String afterId, int limit) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT id, definition FROM targets WHERE account = ? AND region = ? AND bus = ? "
                    + "AND rule = ? AND id > ? ORDER BY id LIMIT ?");
            bindScope(q, scope);
            q.setString(3, bus);
            q.setString(4, rule);
            q.setString(5, afterId == null ? "" : afterId);
            q.setInt(6, limit);
            List<Target> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Target(rs.getString(1), parse(rs.getString(2))));
                }
            }
            return out;
        });
    }

    private static void bindScope(PreparedStatement s, Scope scope) throws SQLException {
        s.setString(1, scope.account());
        s.setString(2, scope.region());
    }

    /** Binds "name > after AND name >= prefix AND name < prefix+DEL" and the limit, from {@code index}. */
    private static void bindPage(PreparedStatement s, int index, String prefix, String after, int limit) throws SQLException {
        String p = prefix == null ? "" : prefix;
        s.setString(index, after == null ? "" : after);
        s.setString(index + 1, p);
        s.setString(index + 2, p + '\u007f'); // names are ASCII below DEL: exactly the prefix
        s.setInt(index + 3, limit);
    }

    private static EventBus bus(Scope scope, ResultSet rs) throws SQLException {
        return new EventBus(scope, rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)));
    }

    private static String ruleJson(Rule rule) {
        ObjectNode node = JSON.createObjectNode().put("state", rule.state());
        if (rule.eventPattern() != null) {
            node.put("eventPattern", rule.eventPattern());
        }
        if (rule.scheduleExpression() != null) {
            node.put("scheduleExpression", rule.scheduleExpression());
        }
        if (rule.description() != null) {
            node.put("description", rule.description());
        }
        if (rule.roleArn() != null) {
            node.put("roleArn", rule.roleArn());
        }
        return node.toString();
    }

    /** A row of {@code SELECT name, definition}. */
    private static Rule rule(Scope scope, String bus, ResultSet rs) throws SQLException {
        return rule(scope, bus, rs.getString(1), rs.getString(2));
    }

    private static Rule rule(Scope scope, String bus, String name, String definition) {
        ObjectNode node = (ObjectNode) parse(definition);
        return new Rule(scope, bus, name, text(node, "eventPattern"), text(node, "scheduleExpression"),
                node.path("state").asText(), text(node, "description"), text(node, "roleArn"));
    }

    private static String text(ObjectNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored definition is not JSON", e);
        }
    }
}
