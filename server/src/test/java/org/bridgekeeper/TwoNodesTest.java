package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bridgekeeper.archives.ArchiveService;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.AuthorizationType;
import org.bridgekeeper.connections.Change.StateChange;
import org.bridgekeeper.connections.ConnectionRequests;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.connections.ConnectionState;
import org.bridgekeeper.connections.Connections;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.connections.OAuthTokens;
import org.bridgekeeper.connections.TokenExchange.Result;
import org.bridgekeeper.delivery.Deliverer;
import org.bridgekeeper.delivery.DeliveryStore;
import org.bridgekeeper.invoke.AddressRange;
import org.bridgekeeper.invoke.EgressPolicy;
import org.bridgekeeper.invoke.HttpTokenExchange;
import org.bridgekeeper.invoke.Invoker;
import org.bridgekeeper.invoke.Outbound;
import org.bridgekeeper.invoke.ResourceConfigurations;
import org.bridgekeeper.invoke.TrustedCertificates;
import org.bridgekeeper.keys.KeyService;
import org.bridgekeeper.nodes.Nodes;
import org.bridgekeeper.rules.EventBus;
import org.bridgekeeper.rules.EventService;
import org.bridgekeeper.rules.PatternIndex;
import org.bridgekeeper.rules.RuleService;
import org.bridgekeeper.rules.RuleStore;
import org.bridgekeeper.rules.Schedules;
import org.bridgekeeper.rules.Target;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.KeyRing;
import org.bridgekeeper.secrets.SealedPageTokens;
import org.bridgekeeper.store.Database;
import org.bridgekeeper.store.SharedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one database (issue 13): each node its own {@link Database} handle on one SQLite
 * file, its own clock, doors, caches and services, as two server processes have; a real token
 * endpoint counts the token requests. What each test shows holds because of the database (a
 * conditional write, a lease, a generation row), never because the two nodes share memory.
 */
class TwoNodesTest {

    private static final Scope SCOPE = new Scope("123456789012", "us-east-1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    private TokenServer auth;
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** One node: what Main wires, minus the HTTP API, on the shared database file. */
    private final class Node {
        final Scheduler time;
        final Database db;
        final Nodes nodes;
        final Connections door;
        final ConnectionService connections;
        final OAuthTokens tokens;
        final RuleStore ruleStore;
        final PatternIndex patterns;
        final RuleService rules;
        final List<StateChange> changes = new CopyOnWriteArrayList<>();

        /** {@code background}: runs authorizations (a direct executor makes them run in the caller). */
        Node(Scheduler time, java.util.concurrent.Executor background) {
            this(time, background, false);
        }

        /** {@code alone}: as the embedded database's one process, which takes over what dead ones left. */
        Node(Scheduler time, java.util.concurrent.Executor background, boolean alone) {
            this.time = time;
            db = SharedDatabase.open(dir.resolve("shared.db"));
            closing.add(db);
            nodes = Nodes.register(db.nodes(), time, Ids.secureRandom(), null, alone);
            closing.addFirst(nodes);
            KeyRing keys = KeyRing.fromMasterKey(MASTER_KEY); // nodes sharing a database share the master key
            KeyService customerKeys = new KeyService(db.keys(), new Envelope(keys), time.clock(), Ids.secureRandom());
            door = new Connections(db.connections(new Envelope(keys, customerKeys)), time, Runnable::run, nodes.id());
            door.listen(changes::add);
            ResourceConfigurations network = ResourceConfigurations.none(Duration.ofSeconds(5));
            Outbound outbound = new Outbound(EgressPolicy.of(AddressRange.parseList("127.0.0.0/8")), Duration.ofSeconds(5),
                    () -> TrustedCertificates.context(null));
            closing.addFirst(outbound::close);
            HttpTokenExchange exchange = new HttpTokenExchange(outbound, Duration.ofSeconds(5), true, network, time.clock());
            connections = new ConnectionService(door, new SealedPageTokens(keys), exchange, network, customerKeys,
                    background, time, Ids.secureRandom(),
                    new ConnectionService.Settings(SETTLE, 100, 10, 3, RETRY));
            tokens = new OAuthTokens(door, exchange, time, Duration.ofSeconds(15));
            ruleStore = db.rules();
            patterns = new PatternIndex(ruleStore);
            rules = new RuleService(ruleStore, patterns, new SealedPageTokens(keys), time.clock(), RuleService.Settings.AWS);
        }

        ConnectionState state(String name) {
            return connections.describe(SCOPE, name).state();
        }
    }

    @BeforeEach
    void endpoint() throws Exception {
        auth = new TokenServer();
        closing.add(auth);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private static ConnectionRequests.Create oauth(String name, String endpoint) {
        return new ConnectionRequests.Create(name, null, AuthorizationType.OAUTH_CLIENT_CREDENTIALS,
                new ConnectionRequests.Auth(null, new Credentials.OAuth("client", "s3cret", endpoint, "POST", null), null,
                        null, null), null, null);
    }

    private static ConnectionRequests.Create basic(String name) {
        return new ConnectionRequests.Create(name, null, AuthorizationType.BASIC,
                new ConnectionRequests.Auth(new Credentials.Basic("user", "pw"), null, null, null, null), null, null);
    }

    /** Runs every task at once (released together), returning their results. */
    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    // ---- 1. the node registry -----------------------------------------------------------------------

    @Test
    void eachNodeCountsTheLiveNodesAndADeadNodeDropsOut() {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        TestClock clockA = new TestClock(start);
        TestClock clockB = new TestClock(start);
        Node a = new Node(clockA, Runnable::run);
        Node b = new Node(clockB, Runnable::run);
        assertNotEquals(a.nodes.id(), b.nodes.id());
        clockA.advance(Nodes.HEARTBEAT);
        assertEquals(2, a.nodes.liveNodes());
        assertEquals(0.5, a.nodes.rateShare().getAsDouble());
        // B dies (its heartbeat stops): three heartbeats later A counts itself alone, and has removed B's row.
        clockA.advance(Nodes.LIVE);
        clockA.advance(Nodes.HEARTBEAT);
        assertEquals(1, a.nodes.liveNodes());
        assertEquals(1.0, a.nodes.rateShare().getAsDouble());
        // B comes back under its id (a long pause, not a death): it is counted again.
        clockB.advance(Nodes.LIVE.plus(Nodes.HEARTBEAT).plus(Nodes.HEARTBEAT));
        clockA.advance(Nodes.HEARTBEAT);
        assertEquals(2, a.nodes.liveNodes());
        // A node that stops cleanly leaves at once.
        b.nodes.close();
        clockA.advance(Nodes.HEARTBEAT);
        assertEquals(1, a.nodes.liveNodes());
    }

    // ---- 2. caches: a rule put through A matches the very next event put through B ----------------

    @Test
    void aRuleOrTargetChangedThroughOneNodeRoutesTheNextEventOnTheOther() throws Exception {
        TestClock clock = new TestClock();
        Node a = new Node(clock, Runnable::run);
        Node b = new Node(clock, Runnable::run);
        JsonNode event = JSON.readTree("{\"id\":\"1\",\"source\":\"app\",\"detail-type\":\"t\",\"account\":\""
                + SCOPE.account() + "\",\"region\":\"us-east-1\",\"time\":\"2026-12-02T10:00:00Z\",\"detail\":{}}");
        assertEquals(List.of(), b.patterns.matches(SCOPE, "default", event), "B compiles (and keeps) the empty bus");

        a.rules.putRule(SCOPE, new RuleService.PutRule("r1", null, "{\"source\":[\"app\"]}", null, null, null, null, null));
        a.rules.putTargets(SCOPE, "r1", null, List.of(new Target("t1", JSON.readTree(
                "{\"Id\":\"t1\",\"Arn\":\"arn:aws:events:us-east-1:123456789012:event-bus/other\"}"))));
        List<PatternIndex.Match> matched = b.patterns.matches(SCOPE, "default", event);
        assertEquals(1, matched.size(), "the next event through B matches the rule put through A");
        assertEquals("t1", matched.getFirst().targets().getFirst().id());

        a.rules.putTargets(SCOPE, "r1", null, List.of(new Target("t2", JSON.readTree(
                "{\"Id\":\"t2\",\"Arn\":\"arn:aws:events:us-east-1:123456789012:event-bus/third\"}"))));
        assertEquals(2, b.patterns.matches(SCOPE, "default", event).getFirst().targets().size(), "a target added through A");

        a.rules.setRuleState(SCOPE, "r1", null, false);
        assertEquals(List.of(), b.patterns.matches(SCOPE, "default", event), "disabled through A");
        b.rules.setRuleState(SCOPE, "r1", null, true);
        assertEquals(1, a.patterns.matches(SCOPE, "default", event).size(), "enabled through B, seen on A");

        a.rules.putRule(SCOPE, new RuleService.PutRule("r1", null, "{\"source\":[\"other\"]}", null, null, null, null, null));
        assertEquals(List.of(), b.patterns.matches(SCOPE, "default", event), "a new pattern through A");
        a.rules.deleteRule(SCOPE, "r1", null, true);
        b.rules.putRule(SCOPE, new RuleService.PutRule("r1", null, "{\"source\":[\"app\"]}", null, null, null, null, null));
        assertEquals(List.of(), a.patterns.matches(SCOPE, "default", event), "deleted with its targets through A");
    }

    @Test
    void anArchiveCreatedThroughOneNodeArchivesTheNextEventArrivingOnTheOther() throws Exception {
        TestClock clock = new TestClock();
        Node a = new Node(clock, Runnable::run);
        Node b = new Node(clock, Runnable::run);
        ArchiveService archivesA = archives(a, clock);
        ArchiveService archivesB = archives(b, clock);
        EventBus bus = EventBus.plain(SCOPE, "default", null);
        ObjectNode event = (ObjectNode) JSON.readTree("{\"id\":\"1\",\"source\":\"app\",\"detail-type\":\"t\","
                + "\"time\":\"2026-12-02T10:00:00Z\",\"detail\":{}}");
        archivesB.archive(bus, List.of(event)); // B compiles (and keeps) a bus without archives
        archivesA.create(SCOPE, "arch", bus.arn(), null, "{\"source\":[\"app\"]}", null, null);
        archivesB.archive(bus, List.of(event));
        assertEquals(1, archivesA.describe(SCOPE, "arch").eventCount(), "archived by B as soon as A created it");
        archivesA.update(SCOPE, "arch", null, "{\"source\":[\"other\"]}", null, null);
        archivesB.archive(bus, List.of(event));
        assertEquals(1, archivesA.describe(SCOPE, "arch").eventCount(), "B follows A's new pattern");
    }

    @Test
    void aPageTokenIssuedByOneNodeIsValidOnTheOther() {
        TestClock clock = new TestClock();
        Node a = new Node(clock, Runnable::run);
        Node b = new Node(clock, Runnable::run);
        for (String name : List.of("p1", "p2", "p3")) {
            a.connections.create(SCOPE, basic(name));
        }
        ConnectionService.Page first = a.connections.list(SCOPE, new ConnectionRequests.List(null, null, null, 2));
        ConnectionService.Page second = b.connections.list(SCOPE, new ConnectionRequests.List(null, null, first.nextToken(), 2));
        assertEquals(List.of("p3"), second.connections().stream().map(org.bridgekeeper.connections.Connection::name).toList());
    }

    // ---- 3. one token request per refresh across the nodes ---------------------------------------

    @Test
    void oneTokenRequestPerRefreshAcrossNodes() throws Exception {
        Scheduler timeA = Scheduler.system();
        Scheduler timeB = Scheduler.system();
        closing.add(timeA);
        closing.add(timeB);
        Node a = new Node(timeA, Runnable::run);
        Node b = new Node(timeB, Runnable::run);
        // The first token expires within the refresh margin (60 s): every look wants a new one.
        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"first\",\"expires_in\":30}");
        a.connections.create(SCOPE, oauth("c", auth.url("/token")));
        assertEquals(ConnectionState.AUTHORIZED, b.state("c"));
        assertEquals(1, auth.requests.size());

        // The refresh is slow, so that every caller on both nodes asks while it is out.
        auth.script = r -> new TokenServer.Answer(200, "{\"access_token\":\"second\",\"expires_in\":3600}", 500);
        List<Callable<Result>> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            callers.add(() -> a.tokens.token(SCOPE, "c"));
            callers.add(() -> b.tokens.token(SCOPE, "c"));
        }
        for (Result r : together(callers)) {
            assertEquals("second", assertInstanceOf(Result.Granted.class, r).token().accessToken());
        }
        assertEquals(2, auth.requests.size(), "one token request for the refresh, across both nodes");

        // After a 401 on both nodes with the same token: one new request.
        auth.script = r -> new TokenServer.Answer(200, "{\"access_token\":\"third\",\"expires_in\":3600}", 500);
        OAuthToken rejected = ((Result.Granted) a.tokens.token(SCOPE, "c")).token();
        List<Callable<Result>> rejecting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rejecting.add(() -> a.tokens.refreshAfterRejection(SCOPE, "c", rejected));
            rejecting.add(() -> b.tokens.refreshAfterRejection(SCOPE, "c", rejected));
        }
        for (Result r : together(rejecting)) {
            assertEquals("third", assertInstanceOf(Result.Granted.class, r).token().accessToken());
        }
        assertEquals(3, auth.requests.size(), "one token request after the rejection, across both nodes");
    }

    // ---- 4. background work once --------------------------------------------------------------------

    @Test
    void aSettledTransitionIsWrittenAndReportedOnceWhicheverNodesSettleIt() throws Exception {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        TestClock clockA = new TestClock(start);
        TestClock clockB = new TestClock(start);
        Node a = new Node(clockA, Runnable::run);
        Node b = new Node(clockB, Runnable::run);
        // The transitions start on a third node whose clock stands still: its timers never settle them,
        // so that the two sweeps below race for every row.
        Node c = new Node(new TestClock(start), Runnable::run);
        for (int i = 0; i < 20; i++) {
            c.connections.create(SCOPE, basic("gone-" + i));
            c.connections.create(SCOPE, basic("deauthorized-" + i));
            c.connections.delete(SCOPE, "gone-" + i);
            c.connections.deauthorize(SCOPE, "deauthorized-" + i);
        }
        clockA.advance(SETTLE.plusSeconds(1));
        clockB.advance(SETTLE.plusSeconds(1));
        List<Callable<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sweeps.add(a.connections::settle);
            sweeps.add(b.connections::settle);
        }
        assertEquals(40, together(sweeps).stream().mapToInt(Integer::intValue).sum(), "each row written once");
        List<StateChange> all = new ArrayList<>(a.changes);
        all.addAll(b.changes);
        assertEquals(20, all.stream().filter(change -> change.after() == null).count(), "one event per deletion");
        assertEquals(20, all.stream().filter(change -> change.after() != null
                && change.after().state() == ConnectionState.DEAUTHORIZED).count(), "one per settled de-authorization");
        assertTrue(b.connections.find(SCOPE, "gone-0").isEmpty());
    }

    @Test
    void theTimerOfTheNodeThatStartedATransitionAndTheSweepsSettleItOnce() {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        TestClock clockA = new TestClock(start);
        TestClock clockB = new TestClock(start);
        Node a = new Node(clockA, Runnable::run);
        Node b = new Node(clockB, Runnable::run);
        a.connections.create(SCOPE, basic("gone"));
        a.connections.delete(SCOPE, "gone");
        clockA.advance(SETTLE.plusSeconds(1)); // A's timer settles it at its time
        clockB.advance(SETTLE.plusSeconds(1));
        assertEquals(0, b.connections.settle());
        assertEquals(0, a.connections.settle());
        assertEquals(1, a.changes.stream().filter(change -> change.after() == null).count());
        assertEquals(0, b.changes.size());
    }

    @Test
    void aTransitionStartedByANodeThatDiedIsSettledAndReportedByAnother() {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        TestClock clockA = new TestClock(start);
        TestClock clockB = new TestClock(start);
        Node a = new Node(clockA, Runnable::run);
        Node b = new Node(clockB, Runnable::run);
        a.connections.create(SCOPE, basic("gone"));
        a.connections.delete(SCOPE, "gone");
        // A dies: its clock (and the timer it set for the settle) never moves again.
        clockB.advance(SETTLE.plusSeconds(1));
        assertEquals(1, b.connections.settle());
        assertEquals(1, b.changes.stream().filter(c -> c.after() == null).count());
        assertEquals(0, b.connections.settle());
        assertEquals(1, b.changes.stream().filter(c -> c.after() == null).count());
    }

    @Test
    void anAuthorizationRunsOnOneNodeAndAnotherResumesItOnlyOnceItsLeaseExpired() {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        TestClock clockA = new TestClock(start);
        TestClock clockB = new TestClock(start);
        // Authorizations run in the caller, so that each request is counted by the time the call returns.
        Node a = new Node(clockA, Runnable::run);
        Node b = new Node(clockB, Runnable::run);
        auth.script = r -> new TokenServer.Answer(503, "{}", 0); // retryable: A retries after RETRY
        a.connections.create(SCOPE, oauth("live", auth.url("/token")));
        assertEquals(1, auth.requests.size(), "A's first attempt");
        assertEquals(ConnectionState.AUTHORIZING, b.state("live"));

        // B's resume sweep (at start, and periodically) leaves alone what A is authorizing, its retry wait included;
        // so does A's own sweep.
        b.connections.resumeAuthorizations();
        clockB.advanceSeconds(30);
        b.connections.resumeAuthorizations();
        a.connections.resumeAuthorizations();
        assertEquals(1, auth.requests.size(), "no second attempt while A's lease runs");

        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok\",\"expires_in\":3600}");
        clockA.advance(RETRY);
        assertEquals(2, auth.requests.size(), "A's retry, at its time");
        assertEquals(ConnectionState.AUTHORIZED, b.state("live"));

        // A starts another authorization (at start + 5 s), its first attempt fails, and A dies before its
        // retry (its clock never moves again): its lease ends at start + 5 s + RETRY + the lease.
        auth.script = r -> new TokenServer.Answer(503, "{}", 0);
        a.connections.create(SCOPE, oauth("left", auth.url("/token")));
        assertEquals(3, auth.requests.size());
        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok\",\"expires_in\":3600}");
        Instant leaseEnd = start.plusSeconds(5).plus(RETRY).plusSeconds(60);
        clockB.advance(Duration.between(clockB.instant(), leaseEnd).minusSeconds(1));
        b.connections.resumeAuthorizations();
        assertEquals(3, auth.requests.size(), "B waits for the dead node's lease to expire");
        clockB.advanceSeconds(2);
        b.connections.resumeAuthorizations();
        assertEquals(4, auth.requests.size(), "B resumes the orphaned authorization");
        assertEquals(ConnectionState.AUTHORIZED, b.state("left"));
        b.connections.resumeAuthorizations();
        assertEquals(4, auth.requests.size(), "once");
        assertEquals(1, b.changes.stream().filter(c -> c.after() != null && c.after().name().equals("left")
                && c.after().state() == ConnectionState.AUTHORIZED).count());
    }

    @Test
    void aProcessAloneOnItsDatabaseResumesAtOnceWhatAKilledOneLeft() {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        TestClock clock = new TestClock(start);
        Node killed = new Node(clock, Runnable::run);
        auth.script = r -> new TokenServer.Answer(503, "{}", 0);
        killed.connections.create(SCOPE, oauth("c", auth.url("/token")));
        assertEquals(1, auth.requests.size());
        // kill -9: no clean stop, its lease stays. The next process on the embedded database is alone on it.
        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok\",\"expires_in\":3600}");
        Node next = new Node(new TestClock(start), Runnable::run, true);
        next.connections.resumeAuthorizations();
        assertEquals(2, auth.requests.size(), "resumed at start, not when the killed process's lease expires");
        assertEquals(ConnectionState.AUTHORIZED, next.state("c"));
        assertEquals(1, next.nodes.liveNodes());
    }

    @Test
    void aScheduledRuleFiresOncePerPeriodAcrossNodes() throws Exception {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        TestClock clockA = new TestClock(start);
        TestClock clockB = new TestClock(start);
        Node a = new Node(clockA, Runnable::run);
        Node b = new Node(clockB, Runnable::run);
        a.rules.putRule(SCOPE, new RuleService.PutRule("every", null, null, "rate(1 minute)", null, null, null, null));
        a.rules.putTargets(SCOPE, "every", null, List.of(new Target("t1", JSON.readTree(
                "{\"Id\":\"t1\",\"Arn\":\"arn:aws:events:us-east-1:123456789012:event-bus/other\"}"))));
        Schedules scheduleA = schedules(a, clockA);
        Schedules scheduleB = schedules(b, clockB);
        DeliveryStore deliveries = a.db.deliveries(false);
        together(List.<Callable<Void>>of(() -> { scheduleA.tick(); return null; }, () -> { scheduleB.tick(); return null; }));
        for (int period = 1; period <= 3; period++) {
            clockA.advance(Duration.ofMinutes(1));
            clockB.advance(Duration.ofMinutes(1));
            together(List.<Callable<Void>>of(() -> { scheduleA.tick(); return null; }, () -> { scheduleB.tick(); return null; }));
            together(List.<Callable<Void>>of(() -> { scheduleB.tick(); return null; }, () -> { scheduleA.tick(); return null; }));
            assertEquals(period, deliveries.pending(100).size(), "fires after period " + period);
        }
    }

    /** A node's schedules, its deliveries kept pending (the sender always fails, retryably) so that they count the fires. */
    private Schedules schedules(Node node, TestClock clock) {
        return new Schedules(node.ruleStore, events(node, clock), clock, Duration.ofMinutes(1), node.db.schedules());
    }

    private ArchiveService archives(Node node, TestClock clock) {
        return new ArchiveService(node.db.archives(), node.rules, events(node, clock),
                new SealedPageTokens(KeyRing.fromMasterKey(MASTER_KEY)), clock, Ids.secureRandom());
    }

    private EventService events(Node node, TestClock clock) {
        DeliveryStore store = node.db.deliveries(false);
        Deliverer deliverer = new Deliverer(store, d -> new Invoker.Outcome.Failed(503, "kept pending", true, null, null),
                clock, new Deliverer.Settings(Duration.ofHours(1), Duration.ofHours(1), 2));
        closing.addFirst(deliverer::close);
        return new EventService(node.rules, node.patterns, store, deliverer, clock, Ids.secureRandom());
    }
}
