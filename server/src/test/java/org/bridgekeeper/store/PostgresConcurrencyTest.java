package org.bridgekeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bridgekeeper.connections.ConnectionStore;
import org.bridgekeeper.destinations.ApiDestinationStore;
import org.bridgekeeper.rules.RuleStore;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.KeyRing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link Database} instances on one PostgreSQL database, as two nodes would have: the
 * database decides name clashes and quotas, whatever the interleaving (SERIALIZABLE writes, run
 * again on a serialization failure).
 */
class PostgresConcurrencyTest {

    private static final int WRITERS = 16;

    private Database nodeA;
    private Database nodeB;
    private ExecutorService pool;

    @BeforeEach
    void twoNodes() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(TestPostgres.newDatabase(), null, null);
        // Both start at once: the advisory lock lets one migrate while the other waits, then finds it done.
        pool = Executors.newFixedThreadPool(WRITERS);
        Future<Database> a = pool.submit(() -> Database.open(url, 2, 8));
        Future<Database> b = pool.submit(() -> Database.open(url, 2, 8));
        nodeA = a.get();
        nodeB = b.get();
        assertEquals(Schema.latest(), (int) nodeA.read(tx -> {
            try (var rs = tx.prepare("SELECT COUNT(*) FROM schema_version").executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }), "each version applied once");
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        nodeA.close();
        nodeB.close();
    }

    private <T> Map<T, Long> race(Function<Database, Callable<T>> create) throws Exception {
        List<Future<T>> results = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            results.add(pool.submit(create.apply(i % 2 == 0 ? nodeA : nodeB)));
        }
        List<T> outcomes = new ArrayList<>();
        for (Future<T> f : results) {
            outcomes.add(f.get());
        }
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void concurrentSameNameCreatesOneWins() throws Exception {
        Envelope envelope = new Envelope(KeyRing.fromMasterKey(StoreContractTest.MASTER_KEY));
        assertEquals(Map.of(ConnectionStore.InsertResult.CREATED, 1L, ConnectionStore.InsertResult.NAME_TAKEN, 15L),
                race(db -> () -> db.connections(envelope).insert(
                        StoreContractTest.connection(StoreContractTest.SCOPE, "same", "p"), 100, StoreContractTest.T0)));
        assertEquals(Map.of(ApiDestinationStore.InsertResult.CREATED, 1L, ApiDestinationStore.InsertResult.NAME_TAKEN, 15L),
                race(db -> () -> db.apiDestinations().insert(
                        StoreContractTest.destination(StoreContractTest.SCOPE, "same"), 100)));
        assertEquals(Map.of(true, 1L, false, 15L), race(db -> () -> db.rules().insertBus(
                org.bridgekeeper.rules.EventBus.plain(StoreContractTest.SCOPE, "same", StoreContractTest.T0), List.of())));
    }

    @Test
    void concurrentCreatesDoNotExceedTheQuota() throws Exception {
        Envelope envelope = new Envelope(KeyRing.fromMasterKey(StoreContractTest.MASTER_KEY));
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        assertEquals(Map.of(ConnectionStore.InsertResult.CREATED, 5L, ConnectionStore.InsertResult.QUOTA_EXCEEDED, 11L),
                race(db -> {
                    String name = "c" + n.incrementAndGet();
                    return () -> db.connections(envelope).insert(
                            StoreContractTest.connection(StoreContractTest.SCOPE, name, "p"), 5, StoreContractTest.T0);
                }));
        assertEquals(Map.of(ApiDestinationStore.InsertResult.CREATED, 3L, ApiDestinationStore.InsertResult.QUOTA_EXCEEDED, 13L),
                race(db -> {
                    String name = "d" + n.incrementAndGet();
                    return () -> db.apiDestinations().insert(StoreContractTest.destination(StoreContractTest.SCOPE, name), 3);
                }));
        // Rules: counted with a SELECT before the insert, which only SERIALIZABLE keeps right across nodes.
        assertEquals(Map.of(RuleStore.PutRuleResult.DONE, 4L, RuleStore.PutRuleResult.RULE_QUOTA, 12L),
                race(db -> {
                    String name = "r" + n.incrementAndGet();
                    return () -> db.rules().putRule(StoreContractTest.rule("default", name, null), 4, List.of(), 50);
                }));
        assertEquals(4, nodeB.rules().rules(StoreContractTest.SCOPE, "default").size());
    }

    /**
     * The delivery engine's writes run at READ COMMITTED ({@link Database#writeRows}), everything
     * else SERIALIZABLE, also on a connection that just ran a row write (the level is set per
     * transaction, not left on the pooled connection).
     */
    @Test
    void rowWritesReadCommittedOtherWritesSerializable() {
        DatabaseUrl url = DatabaseUrl.parse(TestPostgres.newDatabase(), null, null);
        try (Database one = Database.open(url, 1, 1)) {
            Database.Work<String> level = tx -> {
                try (var rs = tx.prepare("SHOW transaction_isolation").executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            };
            assertEquals("serializable", one.write(level));
            assertEquals("read committed", one.writeRows(level));
            assertEquals("serializable", one.write(level), "the one pooled connection is back to serializable");
        }
    }

    /**
     * Two nodes claiming, each with several claimers, while PutEvents' rows keep arriving through
     * both, at READ COMMITTED: every row is claimed once (FOR UPDATE SKIP LOCKED and the
     * lease-conditional update), every outcome is written, and nothing is left.
     */
    @Test
    void concurrentClaimsWhileRowsArriveClaimEachRowOnce() throws Exception {
        int rows = 400;
        var stores = List.of(nodeA.deliveries(true), nodeB.deliveries(true));
        java.util.concurrent.ConcurrentHashMap<String, String> claimedBy = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger twice = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger unwritten = new java.util.concurrent.atomic.AtomicInteger();
        java.time.Instant now = DeliveryClaimsTest.T0.plusSeconds(1);
        List<Future<?>> work = new ArrayList<>();
        work.add(pool.submit(() -> {
            for (int i = 0; i < rows; i += 10) {
                List<org.bridgekeeper.delivery.Delivery> batch = new ArrayList<>();
                for (int k = i; k < i + 10; k++) {
                    batch.add(DeliveryClaimsTest.delivery("d" + k, k % 2 == 0 ? DeliveryClaimsTest.A : DeliveryClaimsTest.B,
                            DeliveryClaimsTest.T0));
                }
                stores.get(i / 10 % 2).enqueue(batch);
            }
            return null;
        }));
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        for (int c = 0; c < 8; c++) {
            String owner = "node-" + c;
            var store = stores.get(c % 2);
            work.add(pool.submit(() -> {
                while (claimedBy.size() < rows && System.nanoTime() < giveUp) {
                    var claims = store.claim(owner, now, now.plus(DeliveryClaimsTest.LEASE), 16, java.util.Set.of(),
                            t -> Integer.MAX_VALUE);
                    for (var claim : claims) {
                        if (claimedBy.putIfAbsent(claim.delivery().id(), owner) != null) {
                            twice.incrementAndGet();
                        }
                    }
                    List<org.bridgekeeper.delivery.Settlement> done = claims.stream()
                            .<org.bridgekeeper.delivery.Settlement>map(claim -> new org.bridgekeeper.delivery.Settlement.Delivered(
                                    claim, DeliveryClaimsTest.attempt(claim.delivery(), org.bridgekeeper.delivery.Attempt.Result.DELIVERED)))
                            .toList();
                    for (boolean written : store.settle(done)) {
                        if (!written) {
                            unwritten.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        assertEquals(rows, claimedBy.size(), "every row claimed");
        assertEquals(0, twice.get(), "no row claimed by two claimers");
        assertEquals(0, unwritten.get(), "every outcome written under its lease");
        assertEquals(0, nodeA.deliveries(true).pendingCount());
    }
}
