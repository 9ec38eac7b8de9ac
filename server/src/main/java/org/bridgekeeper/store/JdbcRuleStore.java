package org.bridgekeeper.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.rules.EventBus;
import org.bridgekeeper.rules.Rule;
import org.bridgekeeper.rules.RuleStore;
import org.bridgekeeper.rules.Tag;
import org.bridgekeeper.rules.Target;

/**
 * Event buses, rules, targets and tags in the relational database; rule and target definitions and
 * bus settings as JSON text.
 */
final class JdbcRuleStore implements RuleStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;

    JdbcRuleStore(Database db) {
        this.db = db;
    }

    private static final String BUS_COLUMNS = "name, description, creation_time, last_modified_time, settings, policy";

    @Override
    public boolean insertBus(EventBus bus, List<Tag> tags) {
        return db.write(tx -> {
            if (!writeBus(tx, bus, false)) {
                return false;
            }
            addTags(tx, new Tagged(bus.scope(), bus.name(), null), tags);
            return true;
        });
    }

    /** Inserts the bus, or (when {@code replace}) inserts or replaces it; false when it was there and not replaced. */
    private static boolean writeBus(Database.Session tx, EventBus bus, boolean replace) throws SQLException {
        PreparedStatement s = tx.prepare("INSERT INTO event_buses (account, region, name, description, creation_time, "
                + "last_modified_time, settings, policy) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, name) "
                + (replace ? "DO UPDATE SET description = excluded.description, last_modified_time = excluded.last_modified_time, "
                        + "settings = excluded.settings, policy = excluded.policy" : "DO NOTHING"));
        s.setString(1, bus.scope().account());
        s.setString(2, bus.scope().region());
        s.setString(3, bus.name());
        s.setString(4, bus.description());
        s.setLong(5, bus.creationTime().toEpochMilli());
        s.setLong(6, bus.lastModifiedTime().toEpochMilli());
        s.setString(7, settingsJson(bus));
        s.setString(8, bus.policy());
        return s.executeUpdate() == 1;
    }

    @Override
    public Optional<EventBus> findBus(Scope scope, String name) {
        return db.read(tx -> findBus(tx, scope, name));
    }

    private static Optional<EventBus> findBus(Database.Session tx, Scope scope, String name) throws SQLException {
        PreparedStatement q = tx.prepare("SELECT " + BUS_COLUMNS + " FROM event_buses WHERE account = ? AND region = ? AND name = ?");
        bindScope(q, scope);
        q.setString(3, name);
        try (ResultSet rs = q.executeQuery()) {
            return rs.next() ? Optional.of(bus(scope, rs)) : Optional.empty();
        }
    }

    @Override
    public Optional<EventBus> updateBus(Scope scope, String name, EventBus ifMissing, UnaryOperator<EventBus> change) {
        return db.write(tx -> {
            Optional<EventBus> stored = findBus(tx, scope, name);
            if (stored.isEmpty() && ifMissing == null) {
                return Optional.empty();
            }
            EventBus changed = change.apply(stored.orElse(ifMissing));
            writeBus(tx, changed, true);
            return Optional.of(changed);
        });
    }

    @Override
    public int countCustomBuses(Scope scope) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT COUNT(*) FROM event_buses WHERE account = ? AND region = ? AND name <> ?");
            bindScope(q, scope);
            q.setString(3, EventBus.DEFAULT);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public boolean deleteBus(Scope scope, String name) {
        return db.write(tx -> {
            for (String table : List.of("targets", "rules", "tags")) {
                PreparedStatement d = tx.prepare("DELETE FROM " + table + " WHERE account = ? AND region = ? AND bus = ?");
                bindScope(d, scope);
                d.setString(3, name);
                d.executeUpdate();
            }
            BusVersions.bump(tx, scope, name);
            PreparedStatement d = tx.prepare("DELETE FROM event_buses WHERE account = ? AND region = ? AND name = ?");
            bindScope(d, scope);
            d.setString(3, name);
            return d.executeUpdate() == 1;
        });
    }

    @Override
    public List<EventBus> listBuses(Scope scope, String namePrefix, String afterName, int limit) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + BUS_COLUMNS + " FROM event_buses "
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
    public PutRuleResult putRule(Rule rule, int ruleQuota, List<Tag> tags, int tagQuota) {
        try {
            return db.write(tx -> {
                PreparedStatement count = tx.prepare("SELECT COUNT(*) FROM rules WHERE account = ? AND region = ? AND bus = ? AND name <> ?");
                bindScope(count, rule.scope());
                count.setString(3, rule.bus());
                count.setString(4, rule.name());
                try (ResultSet rs = count.executeQuery()) {
                    if (rs.next() && rs.getInt(1) >= ruleQuota) {
                        return PutRuleResult.RULE_QUOTA;
                    }
                }
                writeRule(tx, rule);
                BusVersions.bump(tx, rule.scope(), rule.bus());
                Tagged tagged = new Tagged(rule.scope(), rule.bus(), rule.name());
                addTags(tx, tagged, tags);
                if (tagCount(tx, tagged) > tagQuota) {
                    throw new QuotaExceeded(); // undone by the savepoint this write runs in
                }
                return PutRuleResult.DONE;
            });
        } catch (QuotaExceeded e) {
            return PutRuleResult.TAG_QUOTA;
        }
    }

    private static void writeRule(Database.Session tx, Rule rule) throws SQLException {
        PreparedStatement s = tx.prepare("INSERT INTO rules (account, region, bus, name, definition) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (account, region, bus, name) DO UPDATE SET definition = excluded.definition");
        bindScope(s, rule.scope());
        s.setString(3, rule.bus());
        s.setString(4, rule.name());
        s.setString(5, ruleJson(rule));
        s.executeUpdate();
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
            if (d.executeUpdate() != 1) {
                return DeleteResult.NOT_FOUND;
            }
            BusVersions.bump(tx, scope, bus);
            PreparedStatement t = tx.prepare("DELETE FROM tags WHERE account = ? AND region = ? AND bus = ? AND rule = ?");
            bindScope(t, scope);
            t.setString(3, bus);
            t.setString(4, name);
            t.executeUpdate();
            return DeleteResult.DELETED;
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
    public long generation(Scope scope, String bus) {
        return BusVersions.read(db, scope, bus);
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
            BusVersions.bump(tx, scope, bus);
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
            if (!removed.isEmpty()) {
                BusVersions.bump(tx, scope, bus);
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

    @Override
    public List<String> ruleNamesByTarget(Scope scope, String bus, String targetArn, String afterName, int limit) {
        return db.read(tx -> {
            // A bus has at most rules x targets rows (1,500 with AWS's quotas): the ARN is read from the definitions.
            PreparedStatement q = tx.prepare("SELECT rule, definition FROM targets WHERE account = ? AND region = ? AND bus = ? "
                    + "AND rule > ? ORDER BY rule, id");
            bindScope(q, scope);
            q.setString(3, bus);
            q.setString(4, afterName == null ? "" : afterName);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    String rule = rs.getString(1);
                    if (targetArn.equals(parse(rs.getString(2)).path("Arn").asText()) && !out.contains(rule)) {
                        out.add(rule);
                    }
                }
            }
            return out;
        });
    }

    // ---- tags ------------------------------------------------------------------------------------

    @Override
    public TagResult tag(Tagged resource, List<Tag> tags, int quota) {
        try {
            return db.write(tx -> {
                if (!exists(tx, resource)) {
                    return TagResult.NOT_FOUND;
                }
                addTags(tx, resource, tags);
                if (tagCount(tx, resource) > quota) {
                    throw new QuotaExceeded(); // undone by the savepoint this write runs in
                }
                return TagResult.DONE;
            });
        } catch (QuotaExceeded e) {
            return TagResult.TOO_MANY;
        }
    }

    @Override
    public boolean untag(Tagged resource, List<String> keys) {
        return db.write(tx -> {
            if (!exists(tx, resource)) {
                return false;
            }
            PreparedStatement d = tx.prepare("DELETE FROM tags WHERE account = ? AND region = ? AND bus = ? AND rule = ? "
                    + "AND tag_key = ?");
            for (String key : keys) {
                bindTagged(d, resource);
                d.setString(5, key);
                d.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<List<Tag>> tags(Tagged resource) {
        return db.read(tx -> {
            if (!exists(tx, resource)) {
                return Optional.empty();
            }
            PreparedStatement q = tx.prepare("SELECT tag_key, tag_value FROM tags WHERE account = ? AND region = ? AND bus = ? "
                    + "AND rule = ? ORDER BY position");
            bindTagged(q, resource);
            List<Tag> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tag(rs.getString(1), rs.getString(2)));
                }
            }
            return Optional.of(out);
        });
    }

    /** The default bus always exists; another bus or a rule when it has a row. */
    private static boolean exists(Database.Session tx, Tagged resource) throws SQLException {
        if (resource.rule() == null && resource.bus().equals(EventBus.DEFAULT)) {
            return true;
        }
        PreparedStatement q = tx.prepare(resource.rule() == null
                ? "SELECT 1 FROM event_buses WHERE account = ? AND region = ? AND name = ?"
                : "SELECT 1 FROM rules WHERE account = ? AND region = ? AND bus = ? AND name = ?");
        bindScope(q, resource.scope());
        q.setString(3, resource.bus());
        if (resource.rule() != null) {
            q.setString(4, resource.rule());
        }
        try (ResultSet rs = q.executeQuery()) {
            return rs.next();
        }
    }

    /** A key already there takes the new value in its place; a new key goes last. */
    private static void addTags(Database.Session tx, Tagged resource, List<Tag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        PreparedStatement update = tx.prepare("UPDATE tags SET tag_value = ? WHERE account = ? AND region = ? AND bus = ? "
                + "AND rule = ? AND tag_key = ?");
        PreparedStatement insert = tx.prepare("INSERT INTO tags (account, region, bus, rule, tag_key, tag_value, position) "
                + "SELECT ?, ?, ?, ?, ?, ?, COALESCE(MAX(position), 0) + 1 FROM tags WHERE account = ? AND region = ? "
                + "AND bus = ? AND rule = ?");
        for (Tag tag : tags) {
            update.setString(1, tag.value());
            update.setString(2, resource.scope().account());
            update.setString(3, resource.scope().region());
            update.setString(4, resource.bus());
            update.setString(5, ruleKey(resource));
            update.setString(6, tag.key());
            if (update.executeUpdate() == 0) {
                bindTagged(insert, resource);
                insert.setString(5, tag.key());
                insert.setString(6, tag.value());
                insert.setString(7, resource.scope().account());
                insert.setString(8, resource.scope().region());
                insert.setString(9, resource.bus());
                insert.setString(10, ruleKey(resource));
                insert.executeUpdate();
            }
        }
    }

    private static int tagCount(Database.Session tx, Tagged resource) throws SQLException {
        PreparedStatement q = tx.prepare("SELECT COUNT(*) FROM tags WHERE account = ? AND region = ? AND bus = ? AND rule = ?");
        bindTagged(q, resource);
        try (ResultSet rs = q.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Binds account, region, bus and rule ('' for the bus itself) from 1. */
    private static void bindTagged(PreparedStatement s, Tagged resource) throws SQLException {
        bindScope(s, resource.scope());
        s.setString(3, resource.bus());
        s.setString(4, ruleKey(resource));
    }

    private static String ruleKey(Tagged resource) {
        return resource.rule() == null ? "" : resource.rule();
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

    /** A row of {@code SELECT BUS_COLUMNS}. */
    private static EventBus bus(Scope scope, ResultSet rs) throws SQLException {
        String settings = rs.getString(5);
        ObjectNode node = settings == null ? JSON.createObjectNode() : (ObjectNode) parse(settings);
        JsonNode dlq = node.get("deadLetterConfig");
        JsonNode logs = node.get("logConfig");
        return new EventBus(scope, rs.getString(1), rs.getString(2), text(node, "kmsKeyIdentifier"),
                dlq == null ? null : new EventBus.DeadLetterConfig(text((ObjectNode) dlq, "arn")),
                logs == null ? null : new EventBus.LogConfig(text((ObjectNode) logs, "includeDetail"),
                        text((ObjectNode) logs, "level")),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)));
    }

    private static String settingsJson(EventBus bus) {
        ObjectNode node = JSON.createObjectNode();
        if (bus.kmsKeyIdentifier() != null) {
            node.put("kmsKeyIdentifier", bus.kmsKeyIdentifier());
        }
        if (bus.deadLetterConfig() != null) {
            ObjectNode dlq = node.putObject("deadLetterConfig");
            if (bus.deadLetterConfig().arn() != null) {
                dlq.put("arn", bus.deadLetterConfig().arn());
            }
        }
        if (bus.logConfig() != null) {
            ObjectNode logs = node.putObject("logConfig");
            if (bus.logConfig().includeDetail() != null) {
                logs.put("includeDetail", bus.logConfig().includeDetail());
            }
            if (bus.logConfig().level() != null) {
                logs.put("level", bus.logConfig().level());
            }
        }
        return node.isEmpty() ? null : node.toString();
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

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored definition is not JSON", e);
        }
    }
}
