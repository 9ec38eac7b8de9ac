package org.bridgekeeper.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgekeeper.archives.Archive;
import org.bridgekeeper.archives.ArchiveStore;
import org.bridgekeeper.archives.ArchivedEvent;
import org.bridgekeeper.archives.Replay;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.AuthParameters;
import org.bridgekeeper.connections.AuthorizationType;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.ConnectionState;
import org.bridgekeeper.connections.ConnectionStore;
import org.bridgekeeper.connections.ConnectionStore.InsertResult;
import org.bridgekeeper.connections.ConnectionStore.SecretWrite;
import org.bridgekeeper.connections.ConnectionStore.TokenWrite;
import org.bridgekeeper.connections.Connectivity;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.DeadLetter;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryHistory;
import org.bridgekeeper.delivery.DeliveryStore;
import org.bridgekeeper.destinations.ApiDestination;
import org.bridgekeeper.destinations.ApiDestinationStore;
import org.bridgekeeper.keys.Alias;
import org.bridgekeeper.keys.Key;
import org.bridgekeeper.keys.KeyStore;
import org.bridgekeeper.observe.Counts;
import org.bridgekeeper.rules.EventBus;
import org.bridgekeeper.rules.Rule;
import org.bridgekeeper.rules.RuleStore;
import org.bridgekeeper.rules.ScheduleStore;
import org.bridgekeeper.rules.Tag;
import org.bridgekeeper.rules.Target;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.KeyRing;
import org.bridgekeeper.secrets.MasterKey;
import org.bridgekeeper.secrets.Refusal;
import org.bridgekeeper.secrets.SealedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract, the same test methods on both engines: {@link SqliteStoreContractTest}
 * and {@link PostgresStoreContractTest} only say how a fresh, empty {@link Database} is opened.
 * Every store is driven through its domain package's interface, as the services use it.
 */
abstract class StoreContractTest {

    static final Scope SCOPE = new Scope("111122223333", "us-east-1");
    static final Scope OTHER = new Scope("444455556666", "us-east-1");
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Database db;
    Envelope envelope = new Envelope(KeyRing.fromMasterKey(MASTER_KEY));

    /** A fresh database with the schema applied and nothing in it. */
    abstract Database open(Path dir);

    @BeforeEach
    void openDatabase() {
        db = open(dir);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    // ---- connections ---------------------------------------------------------------------------

    static Connection connection(Scope scope, String name, String password) {
        return new Connection(scope, name, "uuid-" + name, "a description", AuthorizationType.BASIC,
                ConnectionState.AUTHORIZED, null, "secret-" + name, null, null,
                new AuthParameters(new Credentials.Basic("user", password), null, null), T0, T0, T0, null, 1);
    }

    @Test
    void aConnectionsSecretIsSealedAndOpensAgain() {
        ConnectionStore store = db.connections(envelope);
        assertEquals(InsertResult.CREATED, store.insert(connection(SCOPE, "c1", "s3cr3t-value"), 10, T0));
        Connection found = store.find(SCOPE, "c1", true).orElseThrow();
        assertEquals(new Credentials.Basic("user", "s3cr3t-value"), found.auth().credentials());
        Connection described = store.find(SCOPE, "c1", false).orElseThrow();
        assertNotEquals("s3cr3t-value", ((Credentials.Basic) described.auth().credentials()).password());
        // Nowhere in the row in plaintext.
        String raw = db.read(tx -> {
            try (var rs = tx.prepare("SELECT secret, auth_public FROM connections").executeQuery()) {
                rs.next();
                return new String(rs.getBytes(1), StandardCharsets.ISO_8859_1) + rs.getString(2);
            }
        });
        assertFalse(raw.contains("s3cr3t-value"));
        assertTrue(store.find(OTHER, "c1", false).isEmpty());
    }

    @Test
    void aSecretChangedThroughAnotherNodeIsReadAtOnce() {
        // Two stores on one database are two nodes, each remembering the secrets it opened: what one
        // remembers never hides a change made through the other (secret, token, or a new connection
        // of the same name).
        ConnectionStore a = db.connections(envelope);
        ConnectionStore b = db.connections(envelope);
        Connection c = connection(SCOPE, "c", "first");
        a.insert(c, 10, T0);
        Connection second = new Connection(SCOPE, "c", c.uuid(), null, c.type(), ConnectionState.AUTHORIZED, null,
                c.secretId(), null, null, null, T0, T0, T0, null, 2);
        assertTrue(a.update(second, 1, SecretWrite.KEEP, new TokenWrite.Put(new OAuthToken("tok-1", null))));
        for (int i = 0; i < 2; i++) { // the second read is the remembered one
            assertEquals(new Credentials.Basic("user", "first"), a.find(SCOPE, "c", true).orElseThrow().auth().credentials());
            assertEquals("tok-1", a.token(SCOPE, "c").orElseThrow().accessToken());
        }
        Connection changed = new Connection(SCOPE, "c", c.uuid(), null, c.type(), ConnectionState.AUTHORIZED, null,
                c.secretId(), null, null, new AuthParameters(new Credentials.Basic("user", "second"), null, null),
                T0, T0.plusSeconds(1), T0, null, 3);
        assertTrue(b.update(changed, 2, SecretWrite.SEAL, new TokenWrite.Put(new OAuthToken("tok-2", null))));
        assertEquals(new Credentials.Basic("user", "second"), a.find(SCOPE, "c", true).orElseThrow().auth().credentials());
        assertEquals("tok-2", a.token(SCOPE, "c").orElseThrow().accessToken());
        // Removed and created again under the same name and secret id: the new secret.
        assertTrue(b.remove(SCOPE, "c", 3));
        assertEquals(InsertResult.CREATED, b.insert(connection(SCOPE, "c", "third"), 10, T0));
        assertEquals(new Credentials.Basic("user", "third"), a.find(SCOPE, "c", true).orElseThrow().auth().credentials());
        // A sealed value altered in the row is not the one remembered: opened again, it fails as before.
        db.write(tx -> {
            byte[] sealed;
            try (var rs = tx.prepare("SELECT secret FROM connections WHERE name = 'c'").executeQuery()) {
                rs.next();
                sealed = rs.getBytes(1);
            }
            sealed[sealed.length - 1] ^= 1;
            var u = tx.prepare("UPDATE connections SET secret = ? WHERE name = 'c'");
            u.setBytes(1, sealed);
            return u.executeUpdate();
        });
        assertThrows(org.bridgekeeper.connections.SecretUnavailableException.class, () -> a.find(SCOPE, "c", true));
    }

    @Test
    void aConnectionNameIsTakenOnceAndTheQuotaHolds() {
        ConnectionStore store = db.connections(envelope);
        assertEquals(InsertResult.CREATED, store.insert(connection(SCOPE, "a", "p"), 2, T0));
        assertEquals(InsertResult.NAME_TAKEN, store.insert(connection(SCOPE, "a", "p"), 2, T0));
        assertEquals(InsertResult.CREATED, store.insert(connection(SCOPE, "b", "p"), 2, T0));
        assertEquals(InsertResult.QUOTA_EXCEEDED, store.insert(connection(SCOPE, "c", "p"), 2, T0));
        assertTrue(store.find(SCOPE, "c", false).isEmpty());
        assertEquals(InsertResult.CREATED, store.insert(connection(OTHER, "c", "p"), 2, T0)); // per scope
        // Removing one frees its name and a place in the quota.
        assertTrue(store.remove(SCOPE, "a", 1));
        assertEquals(InsertResult.CREATED, store.insert(connection(SCOPE, "c", "p"), 2, T0));
    }

    @Test
    void aConnectionUpdateIsConditionalOnItsVersion() {
        ConnectionStore store = db.connections(envelope);
        Connection c = connection(SCOPE, "c", "old");
        store.insert(c, 10, T0);
        Connection next = new Connection(SCOPE, "c", c.uuid(), "changed", c.type(), ConnectionState.DEAUTHORIZING, "why",
                c.secretId(), null, null, new AuthParameters(new Credentials.Basic("user", "new"), null, null),
                T0, T0.plusSeconds(1), T0, T0.plusSeconds(5), 2);
        assertTrue(store.update(next, 1, SecretWrite.SEAL, new TokenWrite.Put(new OAuthToken("tok-1", T0.plusSeconds(60)))));
        assertFalse(store.update(next, 1, SecretWrite.SEAL, new TokenWrite.Keep())); // version 1 is gone
        Connection stored = store.find(SCOPE, "c", true).orElseThrow();
        assertEquals(2, stored.version());
        assertEquals("changed", stored.description());
        assertEquals(new Credentials.Basic("user", "new"), stored.auth().credentials());
        assertEquals(Optional.of(new OAuthToken("tok-1", T0.plusSeconds(60))), store.token(SCOPE, "c"));
        // KEEP leaves the secret as stored; Clear removes the token.
        Connection third = new Connection(SCOPE, "c", c.uuid(), "third", c.type(), ConnectionState.AUTHORIZED, null,
                c.secretId(), null, null, null, T0, T0.plusSeconds(2), T0, null, 3);
        assertTrue(store.update(third, 2, SecretWrite.KEEP, new TokenWrite.Clear()));
        assertEquals(new Credentials.Basic("user", "new"), store.find(SCOPE, "c", true).orElseThrow().auth().credentials());
        assertTrue(store.token(SCOPE, "c").isEmpty());
        assertFalse(store.remove(SCOPE, "c", 2));
        assertTrue(store.remove(SCOPE, "c", 3));
    }

    @Test
    void connectionsListInByteOrderWithPrefixAndPages() {
        ConnectionStore store = db.connections(envelope);
        // Byte order: 'A' < 'B' < '_' < 'a'; a language collation would sort them otherwise.
        for (String name : List.of("a-1", "B", "_x", "A-2", "a.0", "ab")) {
            store.insert(connection(SCOPE, name, "p"), 100, T0);
        }
        assertEquals(List.of("A-2", "B", "_x", "a-1", "a.0", "ab"), names(store.list(SCOPE, null, null, null, 100, T0)));
        assertEquals(List.of("a-1", "a.0", "ab"), names(store.list(SCOPE, "a", null, null, 100, T0)));
        assertEquals(List.of("_x", "a-1"), names(store.list(SCOPE, null, null, "B", 2, T0)));
        assertEquals(List.of("ab"), names(store.list(SCOPE, "a", null, "a.0", 2, T0)));
        assertEquals(6, store.inState(ConnectionState.AUTHORIZED).size());
    }

    @Test
    void settledConnectionsAndPrivateCounts() {
        ConnectionStore store = db.connections(envelope);
        Connection c = connection(SCOPE, "going", "p");
        Connection deleting = new Connection(SCOPE, "going", c.uuid(), null, c.type(), ConnectionState.DELETING, null,
                c.secretId(), null, new Connectivity("arn:aws:vpc-lattice:us-east-1:111122223333:resourceconfiguration/rcfg-1",
                        "assoc"), c.auth(), T0, T0, T0, T0.plusSeconds(10), 1);
        assertEquals(InsertResult.CREATED, store.insert(deleting, 1, T0));
        assertEquals(1, store.countPrivate(SCOPE));
        assertTrue(store.settled(T0.plusSeconds(9)).isEmpty());
        assertEquals(List.of("going"), names(store.settled(T0.plusSeconds(10))));
        // Its settle time passed: the name and the quota are free again for an insert.
        assertEquals(InsertResult.CREATED, store.insert(connection(SCOPE, "going", "p"), 1, T0.plusSeconds(11)));
        assertEquals(0, store.countPrivate(SCOPE));
    }

    private static List<String> names(List<Connection> connections) {
        return connections.stream().map(Connection::name).toList();
    }

    // ---- API destinations ----------------------------------------------------------------------

    static ApiDestination destination(Scope scope, String name) {
        return new ApiDestination(scope, name, "uuid-" + name, null, "arn:conn", "https://example.com/" + name, "POST", 10,
                T0, T0);
    }

    @Test
    void apiDestinationsNamesQuotasAndPages() {
        ApiDestinationStore store = db.apiDestinations();
        assertEquals(ApiDestinationStore.InsertResult.CREATED, store.insert(destination(SCOPE, "d1"), 2));
        assertEquals(ApiDestinationStore.InsertResult.NAME_TAKEN, store.insert(destination(SCOPE, "d1"), 2));
        assertEquals(ApiDestinationStore.InsertResult.CREATED, store.insert(destination(SCOPE, "D0"), 2));
        assertEquals(ApiDestinationStore.InsertResult.QUOTA_EXCEEDED, store.insert(destination(SCOPE, "d2"), 2));
        assertTrue(store.find(SCOPE, "d2").isEmpty());
        ApiDestination changed = new ApiDestination(SCOPE, "d1", "uuid-d1", "now described", "arn:other",
                "https://example.com/x", "PUT", 3, T0, T0.plusSeconds(1));
        assertTrue(store.update(changed));
        assertEquals(changed, store.find(SCOPE, "d1").orElseThrow());
        assertEquals(List.of("D0", "d1"), store.list(SCOPE, null, null, null, 10).stream().map(ApiDestination::name).toList());
        assertEquals(List.of("d1"), store.list(SCOPE, "d", "arn:other", null, 10).stream().map(ApiDestination::name).toList());
        assertTrue(store.delete(SCOPE, "d1"));
        assertFalse(store.delete(SCOPE, "d1"));
        assertEquals(ApiDestinationStore.InsertResult.CREATED, store.insert(destination(SCOPE, "d2"), 2));
    }

    // ---- buses, rules, targets, tags, schedules -----------------------------------------------

    static Rule rule(String bus, String name, String schedule) {
        return new Rule(SCOPE, bus, name, schedule == null ? "{\"source\":[\"a\"]}" : null, schedule, Rule.ENABLED, null, null);
    }

    static Target target(String id, String arn) {
        return new Target(id, JSON.createObjectNode().put("Id", id).put("Arn", arn));
    }

    @Test
    void busesRulesTargetsAndTags() {
        RuleStore store = db.rules();
        EventBus bus = EventBus.plain(SCOPE, "orders", T0);
        assertTrue(store.insertBus(bus, List.of(new Tag("team", "a"))));
        assertFalse(store.insertBus(bus, List.of()));
        assertEquals(1, store.countCustomBuses(SCOPE));
        EventBus updated = store.updateBus(SCOPE, "orders", null, b -> new EventBus(b.scope(), b.name(), "described", null, null, null,
                "{\"Statement\":[]}", b.creationTime(), T0.plusSeconds(1)))
                .orElseThrow();
        assertEquals(updated, store.findBus(SCOPE, "orders").orElseThrow());
        assertTrue(store.updateBus(SCOPE, "missing", null, b -> b).isEmpty());

        assertEquals(RuleStore.PutRuleResult.DONE, store.putRule(rule("orders", "r1", null), 2, List.of(), 50));
        assertEquals(RuleStore.PutRuleResult.DONE, store.putRule(rule("orders", "r2", "rate(1 minute)"), 2, List.of(), 50));
        assertEquals(RuleStore.PutRuleResult.RULE_QUOTA, store.putRule(rule("orders", "r3", null), 2, List.of(), 50));
        assertEquals(RuleStore.PutRuleResult.DONE, store.putRule(rule("orders", "r1", null), 2, List.of(), 50)); // replaced
        assertEquals(List.of("r2"), store.scheduledRules().stream().map(Rule::name).toList());
        assertEquals(List.of("r1", "r2"), store.rules(SCOPE, "orders").stream().map(Rule::name).toList());
        assertEquals(List.of("r2"), store.listRules(SCOPE, "orders", null, "r1", 5).stream().map(Rule::name).toList());

        // Tags keep the order their keys were first added; over the quota nothing is written.
        RuleStore.Tagged r1 = new RuleStore.Tagged(SCOPE, "orders", "r1");
        assertEquals(RuleStore.TagResult.DONE, store.tag(r1, List.of(new Tag("z", "1"), new Tag("a", "2")), 3));
        assertEquals(RuleStore.TagResult.DONE, store.tag(r1, List.of(new Tag("z", "3")), 3));
        assertEquals(RuleStore.TagResult.TOO_MANY, store.tag(r1, List.of(new Tag("b", "4"), new Tag("c", "5")), 3));
        assertEquals(List.of(new Tag("z", "3"), new Tag("a", "2")), store.tags(r1).orElseThrow());
        assertEquals(RuleStore.TagResult.NOT_FOUND, store.tag(new RuleStore.Tagged(SCOPE, "orders", "nope"), List.of(), 3));
        assertTrue(store.untag(r1, List.of("z")));
        assertEquals(List.of(new Tag("a", "2")), store.tags(r1).orElseThrow());

        // Targets: upserted, counted against the quota in the same transaction.
        assertTrue(store.putTargets(SCOPE, "orders", "r1", List.of(target("t1", "arn:x"), target("t2", "arn:y")), 2));
        assertFalse(store.putTargets(SCOPE, "orders", "r1", List.of(target("t3", "arn:x")), 2));
        assertEquals(List.of("t1", "t2"), store.targets(SCOPE, "orders", "r1", null, 10).stream().map(Target::id).toList());
        assertEquals(List.of("r1"), store.ruleNamesByTarget(SCOPE, "orders", "arn:y", null, 10));
        assertEquals(RuleStore.DeleteResult.HAS_TARGETS, store.deleteRule(SCOPE, "orders", "r1", false));
        assertEquals(List.of("t2"), store.removeTargets(SCOPE, "orders", "r1", List.of("t2", "t9")));
        assertEquals(RuleStore.DeleteResult.DELETED, store.deleteRule(SCOPE, "orders", "r1", true));
        assertEquals(RuleStore.DeleteResult.NOT_FOUND, store.deleteRule(SCOPE, "orders", "r1", true));
        assertTrue(store.deleteBus(SCOPE, "orders"));
        assertTrue(store.rules(SCOPE, "orders").isEmpty());
        assertTrue(store.listBuses(SCOPE, null, null, 10).isEmpty());
    }

    @Test
    void aScheduledFireIsClaimedOnce() {
        ScheduleStore store = db.schedules();
        Rule r = rule("default", "tick", "rate(1 minute)");
        assertTrue(store.next(r).isEmpty());
        store.reset(r, T0);
        assertEquals(Optional.of(T0), store.next(r));
        assertTrue(store.claim(r, T0, T0.plusSeconds(60)));
        assertFalse(store.claim(r, T0, T0.plusSeconds(60))); // another node's claim of the same fire loses
        store.reset(r, Instant.MAX);
        assertEquals(Optional.of(Instant.MAX), store.next(r));
        store.retain(List.of());
        assertTrue(store.next(r).isEmpty());
    }

    // ---- deliveries, dead letters, history, counts ---------------------------------------------

    static Delivery delivery(String id, Instant due) {
        return new Delivery(id, SCOPE, "event-" + id, "default", "r", "t", "arn:aws:events:us-east-1:111122223333:"
                + "api-destination/d/u", "{\"n\":1}", null, 0, 3, 3600, T0, due, null, 0, "00-trace-01");
    }

    static Attempt attempt(int number, Instant time, Attempt.Result result, Instant next) {
        return new Attempt(number, time, result == Attempt.Result.DELIVERED ? 200 : 500, Duration.ofMillis(12), result,
                result == Attempt.Result.DELIVERED ? null : "HTTP 500", next, "body", null);
    }

    // The deliveries' contract (claims, leases, outcomes, dead letters, history) is DeliveryClaimsTest,
    // run on both engines as well (SqliteDeliveryClaimsTest, PostgresDeliveryClaimsTest).

    @Test
    void connectionCountsByStoredStateAndSettling() {
        ConnectionStore store = db.connections(envelope);
        store.insert(connection(SCOPE, "a", "p"), 10, T0);
        Connection c = connection(SCOPE, "b", "p");
        store.insert(new Connection(SCOPE, "b", c.uuid(), null, c.type(), ConnectionState.CREATING, null, c.secretId(), null,
                null, c.auth(), T0, T0, T0, T0.plusSeconds(1), 1), 10, T0);
        assertEquals(Map.of(new Counts.StoredState("AUTHORIZED", false), 1L, new Counts.StoredState("CREATING", true), 1L),
                db.counts().connections(T0.plusSeconds(2)));
    }

    // ---- keys ------------------------------------------------------------------------------------

    @Test
    void keysAndAliases() {
        KeyStore store = db.keys();
        Key key = new Key(SCOPE, "k-1", "d", Key.KeyState.Enabled, T0, null, Map.of("a", "b"), null, null);
        byte[] material = envelope.seal(new byte[32], SCOPE.arn("kms", "key/k-1"));
        store.insert(key, material);
        assertEquals(key, store.find(SCOPE, "k-1").orElseThrow());
        assertArrayEquals(material, store.sealedMaterial(SCOPE, "k-1").orElseThrow());
        Key pending = new Key(SCOPE, "k-1", "d2", Key.KeyState.PendingDeletion, T0, T0.plusSeconds(86400), Map.of(), "{}", 365);
        store.update(pending);
        assertEquals(pending, store.find(SCOPE, "k-1").orElseThrow());
        store.insert(new Key(SCOPE, "k-0", "", Key.KeyState.Enabled, T0, null, Map.of(), null, null), material);
        assertEquals(List.of("k-1"), store.list(SCOPE, "k-0", 10).stream().map(Key::keyId).toList());

        Alias alias = new Alias(SCOPE, "alias/one", "k-1", T0, T0);
        assertTrue(store.insert(alias));
        assertFalse(store.insert(alias)); // the unique constraint decides
        assertTrue(store.update(new Alias(SCOPE, "alias/one", "k-0", T0, T0.plusSeconds(1))));
        assertEquals("k-0", store.alias(SCOPE, "alias/one").orElseThrow().targetKeyId());
        assertEquals(1, store.aliases(SCOPE, "k-0", null, 10).size());
        assertTrue(store.aliases(SCOPE, "k-1", null, 10).isEmpty());
        assertTrue(store.deleteAlias(SCOPE, "alias/one"));
        assertFalse(store.deleteAlias(SCOPE, "alias/one"));
    }

    // ---- archives and replays --------------------------------------------------------------------

    @Test
    void archivesEventsRetentionAndReplays() {
        ArchiveStore store = db.archives();
        Archive archive = new Archive(SCOPE, "arch", "default", null, null, 30, null, T0, 0, 0);
        assertTrue(store.insertArchive(archive));
        assertFalse(store.insertArchive(archive));
        store.append(SCOPE, List.of(new ArchivedEvent("e1", "arch", T0, T0, "{\"a\":1}"),
                new ArchivedEvent("e2", "arch", T0.plusSeconds(1), T0.plusSeconds(1), "{\"b\":2}")));
        Archive found = store.findArchive(SCOPE, "arch").orElseThrow();
        assertEquals(2, found.eventCount());
        assertEquals(14, found.sizeBytes());
        List<ArchivedEvent> first = store.events(SCOPE, "arch", T0, T0.plusSeconds(10), null, 1);
        assertEquals("e1", first.get(0).id());
        String after = first.get(0).eventTime().toEpochMilli() + ":" + first.get(0).archivedTime().toEpochMilli() + ":e1";
        assertEquals(List.of("e2"), store.events(SCOPE, "arch", T0, T0.plusSeconds(10), after, 5).stream()
                .map(ArchivedEvent::id).toList());
        // 30 days of retention: the cut-off (30 x 86,400,000 ms) is past a 32-bit integer.
        assertEquals(0, store.purge(T0.plus(Duration.ofDays(29))));
        assertEquals(2, store.purge(T0.plus(Duration.ofDays(31))));

        Replay replay = new Replay(SCOPE, "rp", archive.arn(), null, "arn:bus", List.of(), T0, T0.plusSeconds(60),
                Replay.State.STARTING, null, T0, null, null, null);
        assertTrue(store.insertReplay(replay));
        assertFalse(store.insertReplay(replay));
        assertEquals(List.of("rp"), store.activeReplays().stream().map(Replay::name).toList());
        assertEquals(1, store.listReplays(SCOPE, "r", "STARTING", null, null, 10).size());
        assertEquals(List.of("arch"), store.listArchives(SCOPE, "a", "default", null, 10).stream().map(Archive::name).toList());
        assertTrue(store.deleteArchive(SCOPE, "arch"));
        assertTrue(store.archivesOf(SCOPE, "default").isEmpty());
    }

    // ---- sealed values: the start check and rotation ---------------------------------------------

    @Test
    void theStartCheckRefusesAKeyThatCannotOpenTheSealedValues() {
        db.connections(envelope).insert(connection(SCOPE, "c", "p"), 10, T0);
        SealedKeys sealed = db.sealedKeys();
        assertEquals(1, sealed.values());
        KeyRing.forSharedDatabase("test", MasterKey.parse(MASTER_KEY), sealed); // the right key opens them
        byte[] other = new byte[32];
        other[0] = 1;
        Refusal refusal = assertThrows(Refusal.class, () -> KeyRing.forSharedDatabase("test",
                MasterKey.parse(Base64.getEncoder().encodeToString(other)), db.sealedKeys()));
        assertTrue(refusal.getMessage().contains("cannot open the PostgreSQL database test"), refusal.getMessage());
    }

    @Test
    void rewrapSealsEverySecretTokenAndKeyMaterialUnderTheNewKey(@TempDir Path keys) {
        KeyRing ring = KeyRing.forDatabase(keys, null, new SealedKeys());
        Envelope before = new Envelope(ring);
        ConnectionStore connections = db.connections(before);
        Connection c = connection(SCOPE, "c", "pw");
        connections.insert(c, 10, T0);
        connections.update(c, 1, SecretWrite.KEEP, new TokenWrite.Put(new OAuthToken("tok", null)));
        db.keys().insert(new Key(SCOPE, "k", "", Key.KeyState.Enabled, T0, null, Map.of(), null, null),
                before.seal(new byte[32], SCOPE.arn("kms", "key/k")));
        KeyRing rotated = KeyRing.rotate(keys);
        assertEquals(new Rewrap.Counts(1, 1, 1), db.rewrap(new Envelope(rotated)));
        assertEquals(java.util.Set.of(rotated.primaryId()), db.sealedKeys().keyIds());
        assertEquals(new Credentials.Basic("user", "pw"),
                db.connections(new Envelope(rotated)).find(SCOPE, "c", true).orElseThrow().auth().credentials());
    }

    // ---- the engine ------------------------------------------------------------------------------

    @Test
    void aFailedWriteChangesNothing() {
        assertThrows(IllegalStateException.class, () -> db.write(tx -> {
            tx.prepare("INSERT INTO event_buses (account, region, name, creation_time, last_modified_time) "
                    + "VALUES ('1', 'r', 'b', 0, 0)").executeUpdate();
            throw new IllegalStateException("changed my mind");
        }));
        assertTrue(db.rules().findBus(new Scope("1", "r"), "b").isEmpty());
        Database.StoreException e = assertThrows(Database.StoreException.class,
                () -> db.write(tx -> tx.prepare("INSERT INTO nowhere VALUES (1)").executeUpdate()));
        assertFalse(e.getMessage().isEmpty());
    }
}
