package org.bridgekeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.bridgekeeper.Await;
import org.bridgekeeper.TestClock;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.invoke.Invoker.Outcome;
import org.bridgekeeper.store.DataDir;
import org.bridgekeeper.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-off at enqueue ({@link Handoff}) on a real SQLite database and the test clock: fresh
 * deliveries are inserted leased to an idle engine and delivered without a claim; not while the
 * engine holds a backlog, past its hold limit, or for a target at its cap or without rate budget;
 * reservations are given back when the insert fails; a dead node's hand-off lease expires and
 * another engine delivers the row.
 */
class HandoffTest {

    static final Scope SCOPE = new Scope("000000000000", "us-east-1");
    static final String T1 = "arn:aws:events:us-east-1:000000000000:api-destination/t1/1";
    static final String T2 = "arn:aws:events:us-east-1:000000000000:api-destination/t2/1";
    static final String T3 = "arn:aws:events:us-east-1:000000000000:api-destination/t3/1";
    static final String T4 = "arn:aws:events:us-east-1:000000000000:api-destination/t4/1";
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Outcome OK = new Outcome.Delivered(200, null);

    @TempDir
    Path dir;
    DataDir dataDir;
    Database db;
    DeliveryStore store;
    final TestClock clock = new TestClock();
    final List<Deliverer> engines = new ArrayList<>();
    final AtomicInteger claims = new AtomicInteger();
    final Set<String> delivered = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch answer = new CountDownLatch(0);

    @BeforeEach
    void open() {
        dataDir = DataDir.lock(dir.resolve("data"), DataDir.Role.SERVER);
        db = Database.open(dataDir, 2);
        store = db.deliveries(true);
    }

    @AfterEach
    void close() {
        answer.countDown();
        engines.forEach(Deliverer::close);
        clock.close();
        db.close();
        dataDir.close();
    }

    /** The real store, its claims counted. */
    DeliveryStore counted() {
        return (DeliveryStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DeliveryStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("claim")) {
                        claims.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    Deliverer engine(String node, int slots, Deliverer.Sender sender) {
        Deliverer d = new Deliverer(counted(), sender, clock, new Deliverer.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(10), slots, LEASE, Duration.ofMillis(500), 1_000_000), DeliveryObserver.NONE, node);
        engines.add(d);
        d.start();
        Await.until("the first claim found the table drained", d::drained);
        return d;
    }

    /** Records each delivery, after waiting for {@link #answer}. */
    Outcome send(Delivery d) throws InterruptedException {
        answer.await();
        delivered.add(d.id());
        return OK;
    }

    Delivery delivery(String id, String target) {
        return new Delivery(id, SCOPE, "event-" + id, "default", "r", "t", target, "{}", null, 0, 3, 86_400,
                clock.instant(), clock.instant(), null, 0);
    }

    static List<String> ids(Handoff h, List<Delivery> of) {
        return of.stream().filter(d -> h.claimOf(d) != null).map(Delivery::id).toList();
    }

    @Test
    void freshDeliveriesAreInsertedLeasedAndDeliveredWithoutAClaim() {
        answer = new CountDownLatch(1);
        // 1 per target: each reaches its cap, and a hold given back at the cap wakes a claim only when
        // rows of that target were left in the table (none here)
        Deliverer engine = engine("node-a", 4, this::send);
        int claimed = claims.get();
        List<Delivery> fresh = List.of(delivery("d1", T1), delivery("d2", T2));

        Handoff h = engine.reserve(fresh);
        assertEquals(List.of("d1", "d2"), ids(h, fresh));
        assertEquals(2, engine.holding(), "held from the reservation");
        store.enqueue(fresh, Map.of(), h);
        assertTrue(store.inFlight(SCOPE, "d1", clock.instant()), "inserted leased");
        assertEquals(List.of(), store.claim("node-b", clock.instant(), clock.instant().plus(LEASE), 10, Set.of(),
                t -> 10), "no other node can claim them");
        engine.enqueued(2, h);
        answer.countDown();

        Await.until("both delivered and settled", () -> delivered.size() == 2 && store.pendingCount() == 0);
        Await.until("the holds given back", () -> engine.holding() == 0);
        assertEquals(claimed, claims.get(), "no claim transaction");
        assertEquals(1, db.deliveryHistory().describe(SCOPE, "d1").orElseThrow().attempts().size());
    }

    @Test
    void notHandedOffWhileTheEngineHoldsABacklog() {
        answer = new CountDownLatch(1);
        Deliverer engine = engine("node-a", 1, this::send); // holds 2 claims at most, 1 per target
        List<Delivery> backlog = List.of(delivery("b1", T1), delivery("b2", T2), delivery("b3", T3));
        store.enqueue(backlog);
        engine.enqueued(3);
        Await.until("two claimed, the third waits in the table", () -> engine.holding() == 2 && !engine.drained());

        Delivery fresh = delivery("f1", T4);
        assertTrue(engine.reserve(List.of(fresh)).isEmpty(), "it would pass b3");
        assertEquals(2, engine.holding());
    }

    @Test
    void notPastTheHoldLimitNorATargetsShare() {
        answer = new CountDownLatch(1);
        Deliverer engine = engine("node-a", 4, this::send); // holds 8 at most, 1 per target
        List<Delivery> fresh = new ArrayList<>(List.of(delivery("t1-a", T1), delivery("t1-b", T1)));
        for (int i = 0; i < 8; i++) {
            fresh.add(delivery("other-" + i, "arn:aws:events:us-east-1:000000000000:api-destination/o" + i + "/1"));
        }

        Handoff h = engine.reserve(fresh);
        assertEquals(List.of("t1-a", "other-0", "other-1", "other-2", "other-3", "other-4", "other-5", "other-6"),
                ids(h, fresh), "T1 at its share after one; 8 held in all");
        assertEquals(8, engine.holding());
        assertFalse(engine.drained(), "rows left to claim");
        store.enqueue(fresh, Map.of(), h);
        engine.enqueued(fresh.size(), h);
        answer.countDown();
        Await.until("all delivered, the rest through claims", () -> store.pendingCount() == 0 && delivered.size() == 10);
    }

    @Test
    void notForATargetWithoutRateBudget() {
        AtomicInteger asked = new AtomicInteger();
        Deliverer engine = engine("node-a", 4, new Deliverer.Sender() {
            @Override
            public Outcome send(Delivery d) throws InterruptedException {
                return HandoffTest.this.send(d);
            }

            @Override
            public Instant notBefore(Delivery d) {
                if (d.targetArn().equals(T1)) {
                    asked.incrementAndGet();
                    return clock.instant().plusSeconds(10);
                }
                return null;
            }
        });
        store.enqueue(List.of(delivery("slow-1", T1)));
        engine.enqueued(1);
        Await.until("deferred for want of budget", () -> asked.get() == 1 && engine.holding() == 0 && engine.drained());

        List<Delivery> fresh = List.of(delivery("slow-2", T1), delivery("fast", T2));
        Handoff h = engine.reserve(fresh);
        assertEquals(List.of("fast"), ids(h, fresh));
        store.enqueue(fresh, Map.of(), h);
        engine.enqueued(2, h);
        Await.until("the fast one delivered", () -> delivered.contains("fast"));
        assertFalse(delivered.contains("slow-2"));
    }

    @Test
    void theReservationsAreGivenBackWhenTheInsertFails() {
        answer = new CountDownLatch(1);
        Deliverer engine = engine("node-a", 4, this::send);
        List<Delivery> fresh = List.of(delivery("d1", T1), delivery("d1", T2)); // one id twice: the insert fails

        Handoff h = engine.reserve(fresh);
        assertEquals(2, engine.holding());
        assertThrows(RuntimeException.class, () -> store.enqueue(fresh, Map.of(), h));
        h.cancel();
        assertEquals(0, engine.holding(), "given back");
        assertEquals(0, store.pendingCount(), "nothing stored");

        List<Delivery> again = List.of(delivery("d2", T1));
        Handoff next = engine.reserve(again);
        assertEquals(List.of("d2"), ids(next, again), "the shares given back too");
        next.cancel();
    }

    @Test
    void theHandOffLeaseOfADeadNodeExpiresAndAnotherEngineDeliversIt() {
        Deliverer dead = engine("node-dead", 4, this::send);
        List<Delivery> fresh = List.of(delivery("d1", T1));
        Handoff h = dead.reserve(fresh);
        store.enqueue(fresh, Map.of(), h); // committed, then the process died before starting it: never started

        Deliverer other = engine("node-b", 4, this::send);
        clock.advance(LEASE.minusSeconds(1));
        other.wake();
        Await.until("the other engine drained the table again", other::drained);
        assertTrue(delivered.isEmpty(), "not while the dead node's lease holds");
        Await.until("delivered by the other engine once the lease expired", clock, Duration.ofSeconds(1),
                () -> delivered.contains("d1") && store.pendingCount() == 0);
    }
}
