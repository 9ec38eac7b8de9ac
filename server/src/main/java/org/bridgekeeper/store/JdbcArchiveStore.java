package org.bridgekeeper.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgekeeper.archives.Archive;
import org.bridgekeeper.archives.ArchiveStore;
import org.bridgekeeper.archives.ArchivedEvent;
import org.bridgekeeper.archives.Replay;
import org.bridgekeeper.common.Scope;

/**
 * Archives, archived events and replays. An archive's EventCount and SizeBytes are counted from
 * its events when it is read; a replay is kept as JSON, with its state and archive beside it for
 * the list filters. A replay position is {@code <event time>:<archived time>:<id>}.
 */
final class JdbcArchiveStore implements ArchiveStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARCHIVE = "a.name, a.bus, a.description, a.event_pattern, a.retention_days, "
            + "a.kms_key_identifier, a.creation_time";
    private static final String COUNTS = ", (SELECT COUNT(*) FROM archived_events e WHERE e.account = a.account AND "
            + "e.region = a.region AND e.archive = a.name), (SELECT COALESCE(SUM(e.size), 0) FROM archived_events e "
            + "WHERE e.account = a.account AND e.region = a.region AND e.archive = a.name)";

    private final Database db;

    JdbcArchiveStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insertArchive(Archive a) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO archives (account, region, name, bus, description, event_pattern, "
                    + "retention_days, kms_key_identifier, creation_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            s.setString(1, a.scope().account());
            s.setString(2, a.scope().region());
            s.setString(3, a.name());
            s.setString(4, a.bus());
            bindArchive(s, 5, a);
            s.setLong(9, a.creationTime().toEpochMilli());
            if (s.executeUpdate() != 1) {
                return false;
            }
            BusVersions.bump(tx, a.scope(), a.bus());
            return true;
        });
    }

    /** Description, pattern, retention and key from {@code index}. */
    private static void bindArchive(PreparedStatement s, int index, Archive a) throws SQLException {
        s.setString(index, a.description());
        s.setString(index + 1, a.eventPattern());
        if (a.retentionDays() == null) {
            s.setNull(index + 2, Types.INTEGER);
        } else {
            s.setInt(index + 2, a.retentionDays());
        }
        s.setString(index + 3, a.kmsKeyIdentifier());
    }

    @Override
    public Optional<Archive> findArchive(Scope scope, String name) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + ARCHIVE + COUNTS + " FROM archives a WHERE a.account = ? AND "
                    + "a.region = ? AND a.name = ?");
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(archive(scope, rs, true)) : Optional.empty();
            }
        });
    }

    @Override
    public void updateArchive(Archive a) {
        db.write(tx -> {
            PreparedStatement s = tx.prepare("UPDATE archives SET description = ?, event_pattern = ?, retention_days = ?, "
                    + "kms_key_identifier = ? WHERE account = ? AND region = ? AND name = ?");
            bindArchive(s, 1, a);
            s.setString(5, a.scope().account());
            s.setString(6, a.scope().region());
            s.setString(7, a.name());
            BusVersions.bump(tx, a.scope(), a.bus());
            return s.executeUpdate();
        });
    }

    @Override
    public boolean deleteArchive(Scope scope, String name) {
        return db.write(tx -> {
            PreparedStatement events = tx.prepare("DELETE FROM archived_events WHERE account = ? AND region = ? AND archive = ?");
            PreparedStatement archive = tx.prepare("DELETE FROM archives WHERE account = ? AND region = ? AND name = ?");
            for (PreparedStatement s : List.of(events, archive)) {
                s.setString(1, scope.account());
                s.setString(2, scope.region());
                s.setString(3, name);
            }
            PreparedStatement bus = tx.prepare("SELECT bus FROM archives WHERE account = ? AND region = ? AND name = ?");
            bus.setString(1, scope.account());
            bus.setString(2, scope.region());
            bus.setString(3, name);
            try (ResultSet rs = bus.executeQuery()) {
                if (rs.next()) {
                    BusVersions.bump(tx, scope, rs.getString(1));
                }
            }
            events.executeUpdate();
            return archive.executeUpdate() == 1;
        });
    }

    @Override
    public List<Archive> listArchives(Scope scope, String namePrefix, String bus, String afterName, int limit) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + ARCHIVE + COUNTS + " FROM archives a WHERE a.account = ? AND "
                    + "a.region = ? AND (? IS NULL OR a.bus = ?) AND a.name > ? AND a.name >= ? AND a.name < ? "
                    + "ORDER BY a.name LIMIT ?");
            String prefix = namePrefix == null ? "" : namePrefix;
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, bus);
            q.setString(4, bus);
            q.setString(5, afterName == null ? "" : afterName);
            q.setString(6, prefix);
            q.setString(7, prefix + '\u007f');
            q.setInt(8, limit);
            List<Archive> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(archive(scope, rs, true));
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
    public List<Archive> archivesOf(Scope scope, String bus) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT " + ARCHIVE + " FROM archives a WHERE a.account = ? AND a.region = ? "
                    + "AND a.bus = ?");
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, bus);
            List<Archive> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(archive(scope, rs, false));
                }
            }
            return out;
        });
    }

    private static Archive archive(Scope scope, ResultSet rs, boolean counts) throws SQLException {
        int retention = rs.getInt(5);
        Integer retentionDays = rs.wasNull() ? null : retention;
        return new Archive(scope, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), retentionDays,
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), counts ? rs.getLong(8) : 0, counts ? rs.getLong(9) : 0);
    }

    @Override
    public void append(Scope scope, List<ArchivedEvent> events) {
        db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO archived_events (id, account, region, archive, event_time, "
                    + "archived_time, size, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (ArchivedEvent e : events) {
                s.setString(1, e.id());
                s.setString(2, scope.account());
                s.setString(3, scope.region());
                s.setString(4, e.archive());
                s.setLong(5, e.eventTime().toEpochMilli());
                s.setLong(6, e.archivedTime().toEpochMilli());
                s.setLong(7, e.event().getBytes(StandardCharsets.UTF_8).length);
                s.setString(8, e.event());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int purge(Instant now) {
        return db.write(tx -> {
            PreparedStatement d = tx.prepare("DELETE FROM archived_events WHERE EXISTS (SELECT 1 FROM archives a WHERE "
                    + "a.account = archived_events.account AND a.region = archived_events.region AND "
                    + "a.name = archived_events.archive AND a.retention_days > 0 AND "
                    + "archived_events.archived_time < ? - a.retention_days * CAST(86400000 AS BIGINT))");
            // BIGINT: on PostgreSQL an INTEGER product overflows past 24 days of retention.
            d.setLong(1, now.toEpochMilli());
            return d.executeUpdate();
        });
    }

    @Override
    public List<ArchivedEvent> events(Scope scope, String archive, Instant from, Instant to, String after, int limit) {
        long afterEvent = Long.MIN_VALUE;
        long afterArchived = Long.MIN_VALUE;
        String afterId = "";
        if (after != null) {
            String[] parts = after.split(":", 3);
            afterEvent = Long.parseLong(parts[0]);
            afterArchived = Long.parseLong(parts[1]);
            afterId = parts[2];
        }
        long e = afterEvent;
        long a = afterArchived;
        String id = afterId;
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT id, archive, event_time, archived_time, event FROM archived_events "
                    + "WHERE account = ? AND region = ? AND archive = ? AND event_time >= ? AND event_time <= ? AND "
                    + "(event_time > ? OR (event_time = ? AND (archived_time > ? OR (archived_time = ? AND id > ?)))) "
                    + "ORDER BY event_time, archived_time, id LIMIT ?");
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, archive);
            q.setLong(4, from.toEpochMilli());
            q.setLong(5, to.toEpochMilli());
            q.setLong(6, e);
            q.setLong(7, e);
            q.setLong(8, a);
            q.setLong(9, a);
            q.setString(10, id);
            q.setInt(11, limit);
            List<ArchivedEvent> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new ArchivedEvent(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)));
                }
            }
            return out;
        });
    }

    @Override
    public boolean insertReplay(Replay replay) {
        return db.write(tx -> {
            PreparedStatement s = tx.prepare("INSERT INTO replays (account, region, name, definition, state, archive_arn) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            s.setString(1, replay.scope().account());
            s.setString(2, replay.scope().region());
            s.setString(3, replay.name());
            s.setString(4, json(replay));
            s.setString(5, replay.state().name());
            s.setString(6, replay.archiveArn());
            return s.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<Replay> findReplay(Scope scope, String name) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT name, definition FROM replays WHERE account = ? AND region = ? AND name = ?");
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(replay(scope, rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }

    @Override
    public void updateReplay(Replay replay) {
        db.write(tx -> {
            PreparedStatement s = tx.prepare("UPDATE replays SET definition = ?, state = ? WHERE account = ? AND region = ? "
                    + "AND name = ?");
            s.setString(1, json(replay));
            s.setString(2, replay.state().name());
            s.setString(3, replay.scope().account());
            s.setString(4, replay.scope().region());
            s.setString(5, replay.name());
            return s.executeUpdate();
        });
    }

    @Override
    public List<Replay> listReplays(Scope scope, String namePrefix, String state, String archiveArn, String afterName,
                                    int limit) {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT name, definition FROM replays WHERE account = ? AND region = ? AND "
                    + "(? IS NULL OR state = ?) AND (? IS NULL OR archive_arn = ?) AND name > ? AND name >= ? AND name < ? "
                    + "ORDER BY name LIMIT ?");
            String prefix = namePrefix == null ? "" : namePrefix;
            q.setString(1, scope.account());
            q.setString(2, scope.region());
            q.setString(3, state);
            q.setString(4, state);
            q.setString(5, archiveArn);
            q.setString(6, archiveArn);
            q.setString(7, afterName == null ? "" : afterName);
            q.setString(8, prefix);
            q.setString(9, prefix + '\u007f');
            q.setInt(10, limit);
            List<Replay> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(replay(scope, rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        });
    }

    @Override
    public List<Replay> activeReplays() {
        return db.read(tx -> {
            PreparedStatement q = tx.prepare("SELECT account, region, name, definition FROM replays WHERE state IN "
                    + "('STARTING', 'RUNNING', 'CANCELLING')");
            List<Replay> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(replay(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    private static String json(Replay r) {
        ObjectNode node = JSON.createObjectNode()
                .put("archiveArn", r.archiveArn())
                .put("destinationArn", r.destinationArn())
                .put("eventStartTime", r.eventStartTime().toEpochMilli())
                .put("eventEndTime", r.eventEndTime().toEpochMilli())
                .put("state", r.state().name())
                .put("replayStartTime", r.replayStartTime().toEpochMilli());
        r.filterArns().forEach(node.putArray("filterArns")::add);
        putIfSet(node, "description", r.description());
        putIfSet(node, "stateReason", r.stateReason());
        putIfSet(node, "cursor", r.cursor());
        if (r.replayEndTime() != null) {
            node.put("replayEndTime", r.replayEndTime().toEpochMilli());
        }
        if (r.eventLastReplayedTime() != null) {
            node.put("eventLastReplayedTime", r.eventLastReplayedTime().toEpochMilli());
        }
        return node.toString();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static Replay replay(Scope scope, String name, String definition) {
        JsonNode n;
        try {
            n = JSON.readTree(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored replay is not JSON", e);
        }
        List<String> filters = new ArrayList<>();
        n.path("filterArns").forEach(f -> filters.add(f.asText()));
        return new Replay(scope, name, n.get("archiveArn").asText(), text(n, "description"), n.get("destinationArn").asText(),
                List.copyOf(filters), Instant.ofEpochMilli(n.get("eventStartTime").asLong()),
                Instant.ofEpochMilli(n.get("eventEndTime").asLong()), Replay.State.valueOf(n.get("state").asText()),
                text(n, "stateReason"), Instant.ofEpochMilli(n.get("replayStartTime").asLong()), instant(n, "replayEndTime"),
                instant(n, "eventLastReplayedTime"), text(n, "cursor"));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.ofEpochMilli(n.get(field).asLong()) : null;
    }
}
