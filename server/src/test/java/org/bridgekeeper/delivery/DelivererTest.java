package org.bridgekeeper.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * The delivery engine on a real SQLite database and the test clock (issue 13): an outcome that
 * could not be written is attempted again once the lease expires, without a restart; a slow target
 * holds only its share of the slots; a target without rate budget holds no slot at all.
 */
class DelivererTest {

    static final Scope SCOPE = new Scope("000000000000", "us-east-1");
    static final String SLOW = "arn:aws:events:us-east-1:000000000000:api-destination/slow/1";
    static final String FAST = "arn:aws:events:us-east-1:000000000000:api-destination/fast/1";
    static final Duration LEASE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    DataDir dataDir;
    Database db;
    DeliveryStore store;
    final TestClock clock = new TestClock();
    final List<Deliverer> engines = new ArrayList<>();

    @BeforeEach
    void open() {
        dataDir = DataDir.lock(dir.resolve("data"), DataDir.Role.SERVER);
        db = Database.open(dataDir, 2);
        store = db.deliveries(true);
    }

    @AfterEach
    void close() {
        engines.forEach(Deliverer::close);
        clock.close();
        db.close();
        dataDir.close();
    }

    Deliverer engine(DeliveryStore on, Deliverer.Sender sender, int slots) {
        Deliverer d = new Deliverer(on, sender, clock, new Deliverer.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(10), slots, LEASE, Duration.ofMillis(500), 1_000_000), DeliveryObserver.NONE,
                "node-test");
        engines.add(d);
        d.start();
        return d;
    }

    Delivery delivery(String id, String target, Instant due) {
        return new Delivery(id, SCOPE, "event-" + id, "default", "r", "t", target, "{}", null, 0, 3, 86_400,
                clock.instant(), due, null, 0);
    }

    void enqueue(Deliverer engine, Delivery... deliveries) {
        store.enqueue(List.of(deliveries));
        engine.enqueued(deliveries.length);
    }

    static final Outcome OK = new Outcome.Delivered(200, null);

    @Test
    void anOutcomeThatCouldNotBeWrittenIsAttemptedAgainOnceTheLeaseExpires() {
        // The real store, except that the first outcome write ("settle") fails as a full disk would fail it.
        AtomicBoolean failed = new AtomicBoolean();
        DeliveryStore failingOnce = (DeliveryStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DeliveryStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("settle") && failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("disk full");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AtomicInteger attempts = new AtomicInteger();
        Deliverer engine = engine(failingOnce, d -> {
            attempts.incrementAndGet();
            return OK;
        }, 4);

        enqueue(engine, delivery("d1", FAST, clock.instant()));
        Await.until("the first attempt, its outcome lost", () -> attempts.get() == 1 && failed.get());
        Await.until("the slot given back", () -> engineIdle(engine));
        assertEquals(1, store.pendingCount(), "the row stays, leased");

        clock.advance(LEASE.minusSeconds(1));
        assertEquals(1, attempts.get(), "not again while the lease holds");
        Await.until("attempted again after the lease, and recorded", clock, Duration.ofSeconds(1),
                () -> attempts.get() == 2 && store.pendingCount() == 0);
    }

    /** The real store, with its settle calls recorded, the first of them held until {@code release} opens. */
    DeliveryStore recording(List<List<String>> calls, CountDownLatch release, Set<String> poison) {
        return (DeliveryStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DeliveryStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("settle")) {
                        @SuppressWarnings("unchecked")
                        List<Settlement> group = (List<Settlement>) args[0];
                        calls.add(group.stream().map(x -> x.claim().delivery().id()).toList());
                        release.await();
                        if (group.stream().anyMatch(x -> poison.contains(x.claim().delivery().id()))) {
                            throw new IllegalStateException("constraint failed");
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void outcomesFinishingTogetherAreWrittenInOneCallAndABadOneFailsAlone() throws Exception {
        List<List<String>> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        Outcomes outcomes = new Outcomes(recording(calls, release, Set.of("d3")));
        Instant now = clock.instant();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            store.enqueue(List.of(delivery("d" + i, FAST, now.minusSeconds(10 - i))));
        }
        claims.addAll(store.claim("node-test", now, now.plus(LEASE), 5, Set.of(), t -> 10));
        assertEquals(5, claims.size());
        ConcurrentHashMap<String, Object> answers = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (Claim c : claims) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    answers.put(c.delivery().id(), outcomes.settle(new Settlement.Delivered(c,
                            new Attempt(1, now, 200, Duration.ZERO, Attempt.Result.DELIVERED, null, null, null, null))));
                } catch (RuntimeException e) {
                    answers.put(c.delivery().id(), e.getMessage());
                }
            }));
            if (threads.size() == 1) {
                Await.until("the first outcome being written alone, at once", () -> calls.size() == 1);
            }
        }
        Await.until("the other four waiting behind it", () -> outcomes.waiting() == 4);
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertEquals(1, calls.get(0).size(), "a lone outcome is not held back for company");
        assertEquals(4, calls.get(1).size(), "the four that came meanwhile in one call: " + calls);
        assertEquals(List.of(List.of("d3")), calls.subList(2, calls.size()).stream().filter(g -> g.contains("d3")).toList(),
                "after the group failed, each alone: " + calls);
        assertEquals("constraint failed", answers.get("d3"));
        for (String id : List.of("d0", "d1", "d2", "d4")) {
            assertEquals(Boolean.TRUE, answers.get(id), id);
        }
        assertEquals(List.of("d3"), store.pending(10).stream().map(Delivery::id).toList());
    }

    /** No delivery of this engine holds a slot. */
    static boolean engineIdle(Deliverer engine) {
        return engine.holding() == 0;
    }

    @Test
    void aSlowTargetHoldsOnlyItsShareOfTheSlots() {
        CountDownLatch slowAnswers = new CountDownLatch(1);
        AtomicInteger slowStarted = new AtomicInteger();
        java.util.Queue<String> slowIds = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Set<String> fastDelivered = ConcurrentHashMap.newKeySet();
        Deliverer engine = engine(store, d -> {
            if (d.targetArn().equals(SLOW)) {
                slowStarted.incrementAndGet();
                slowIds.add(d.id() + "@" + Thread.currentThread());
                slowAnswers.await();
            } else {
                fastDelivered.add(d.id());
            }
            return OK;
        }, 4); // a share of max(1, 4 / 4) = 1 slot per target
        Instant now = clock.instant();
        List<Delivery> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slow.add(delivery("slow-" + i, SLOW, now.minusSeconds(60 - i))); // older than the fast ones
        }
        enqueue(engine, slow.toArray(Delivery[]::new));
        enqueue(engine, delivery("fast-1", FAST, now), delivery("fast-2", FAST, now), delivery("fast-3", FAST, now));

        // Delivered and recorded: only the slow backlog is left.
        Await.until("the fast target's events delivered", () -> fastDelivered.size() == 3 && store.pendingCount() == 20);
        assertEquals(1, slowStarted.get(), "the slow target holds one slot, not all four");

        slowAnswers.countDown();
        Await.until("the slow backlog delivered in turn", () -> store.pendingCount() == 0);
        assertEquals(20, slowStarted.get(), slowIds.toString());
    }

    @Test
    void aTargetWithoutRateBudgetHoldsNoSlotAndIsNotAttempted() {
        AtomicLong budgetSecond = new AtomicLong(Long.MIN_VALUE);
        AtomicInteger slowSent = new AtomicInteger();
        AtomicInteger fastSent = new AtomicInteger();
        Deliverer.Sender sender = new Deliverer.Sender() {
            @Override
            public Outcome send(Delivery d) {
                (d.targetArn().equals(SLOW) ? slowSent : fastSent).incrementAndGet();
                return OK;
            }

            @Override
            public Instant notBefore(Delivery d) {
                if (!d.targetArn().equals(SLOW)) {
                    return null;
                }
                long second = clock.instant().getEpochSecond(); // one call per second of the clock
                return budgetSecond.getAndSet(second) == second ? Instant.ofEpochSecond(second + 1) : null;
            }
        };
        Deliverer engine = engine(store, sender, 1); // one slot: a slow delivery waiting in it would block all
        Instant now = clock.instant();
        for (int i = 0; i < 5; i++) {
            enqueue(engine, delivery("slow-" + i, SLOW, now.minusSeconds(10 - i)));
        }
        enqueue(engine, delivery("fast", FAST, now));

        Await.until("the fast event delivered beside the rate-limited backlog",
                () -> fastSent.get() == 1 && store.pendingCount() == 4);
        assertEquals(1, slowSent.get(), "one slow call in this second of the clock");
        assertTrue(store.pending(10).stream().allMatch(d -> d.attempts() == 0), "waiting for budget is no attempt");

        Await.until("one more slow call per second", clock, Duration.ofSeconds(1), () -> slowSent.get() == 5);
        Await.until("all delivered", () -> store.pendingCount() == 0);
    }
}
