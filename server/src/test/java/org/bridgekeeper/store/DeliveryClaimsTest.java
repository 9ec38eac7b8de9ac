package org.bridgekeeper.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.delivery.Attempt;
import org.bridgekeeper.delivery.Claim;
import org.bridgekeeper.delivery.DeadLetter;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryHistory;
import org.bridgekeeper.delivery.DeliveryStore;
import org.bridgekeeper.delivery.Settlement;
import org.bridgekeeper.observe.Counts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliveries' store contract (issue 13), on both engines (SqliteDeliveryClaimsTest,
 * PostgresDeliveryClaimsTest): oldest due first, never a row leased and not expired, fair shares
 * per target, outcomes only under the claim's own lease, deferral without an attempt, dead
 * letters, redrive, the history, and the dead letters' purge.
 */
abstract class DeliveryClaimsTest {

    static final Scope SCOPE = new Scope("000000000000", "us-east-1");
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(60);
    static final String A = "arn:aws:events:us-east-1:000000000000:api-destination/a/1";
    static final String B = "arn:aws:events:us-east-1:000000000000:api-destination/b/1";

    @TempDir
    Path dir;
    Database db;
    DeliveryStore store;

    /** A fresh database with the schema applied and nothing in it. */
    abstract Database open(Path dir);

    @BeforeEach
    void open() {
        db = open(dir);
        store = db.deliveries(true);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Delivery delivery(String id, String target, Instant due) {
        return new Delivery(id, SCOPE, "event-" + id, "default", "r", "t", target, "{}", null, 0, 3, 3600, T0, due,
                null, 0);
    }

    static Attempt attempt(Delivery d, Attempt.Result result) {
        return new Attempt(d.attempts() + 1, T0, 200, Duration.ofMillis(1), result, null, null, null, null);
    }

    List<Claim> claim(String owner, Instant now, int limit) {
        return store.claim(owner, now, now.plus(LEASE), limit, Set.of(), t -> Integer.MAX_VALUE);
    }

    static List<String> ids(List<Claim> claims) {
        return claims.stream().map(c -> c.delivery().id()).toList();
    }

    @Test
    void claimsTheDueRowsOldestFirstAndNeverALeasedOne() {
        store.enqueue(List.of(delivery("d3", A, T0.plusSeconds(3)), delivery("d1", A, T0.plusSeconds(1)),
                delivery("d2", A, T0.plusSeconds(2)), delivery("later", A, T0.plusSeconds(100))));
        Instant now = T0.plusSeconds(10);

        assertEquals(List.of("d1", "d2"), ids(claim("n1", now, 2)));
        assertEquals(List.of("d3"), ids(claim("n2", now, 10)), "the leased rows are skipped, the later one is not due");
        assertEquals(List.of(), ids(claim("n2", now, 10)));
        assertTrue(store.inFlight(SCOPE, "d1", now));
        assertFalse(store.inFlight(SCOPE, "later", now));
        assertEquals(T0.plusSeconds(100), store.nextDue(now).orElseThrow());
        assertEquals(4, store.pendingCount());
    }

    @Test
    void anExpiredLeaseIsClaimedAgainAndTheOldClaimCannotWriteItsOutcome() {
        Delivery d = delivery("d1", A, T0);
        store.enqueue(List.of(d));
        Claim first = claim("n1", T0, 1).getFirst();

        assertEquals(List.of(), ids(claim("n2", T0.plus(LEASE).minusMillis(1), 1)), "not before the lease expires");
        Claim second = claim("n2", T0.plus(LEASE), 1).getFirst();
        assertEquals("n2", second.owner());

        assertFalse(store.delivered(first, attempt(d, Attempt.Result.DELIVERED)), "the first claim lost its lease");
        assertFalse(store.retry(first, d, attempt(d, Attempt.Result.RETRY)));
        assertFalse(store.deadLetter(first, new DeadLetter(d, T0, "no", 500), attempt(d, Attempt.Result.DEAD)));
        assertEquals(1, store.pendingCount(), "nothing the first claim wrote took effect");
        assertTrue(store.delivered(second, attempt(d, Attempt.Result.DELIVERED)));
        assertEquals(0, store.pendingCount());
    }

    @Test
    void aRetryFreesTheLeaseAndKeepsTheRowUntilItIsDueAgain() {
        Delivery d = delivery("d1", A, T0);
        store.enqueue(List.of(d));
        Claim c = claim("n1", T0, 1).getFirst();
        Delivery next = new Delivery("d1", SCOPE, "event-d1", "default", "r", "t", A, "{}", null, 1, 3, 3600, T0,
                T0.plusSeconds(5), "HTTP 503", 503);

        assertTrue(store.retry(c, next, attempt(d, Attempt.Result.RETRY)));
        assertFalse(store.inFlight(SCOPE, "d1", T0));
        assertEquals(List.of(), ids(claim("n1", T0.plusSeconds(4), 1)));
        Claim again = claim("n2", T0.plusSeconds(5), 1).getFirst();
        assertEquals(1, again.delivery().attempts());
        assertEquals("HTTP 503", again.delivery().lastReason());
    }

    @Test
    void aGroupOfOutcomesIsWrittenTogetherExceptTheOneWhoseLeaseWasLost() {
        store.enqueue(List.of(delivery("lost", A, T0.minusSeconds(4)), delivery("ok", A, T0.minusSeconds(3)),
                delivery("again", B, T0.minusSeconds(2)), delivery("dead", B, T0.minusSeconds(1))));
        List<Claim> mine = claim("n1", T0, 4);
        assertEquals(List.of("lost", "ok", "again", "dead"), ids(mine));
        Claim lost = mine.get(0);
        // "lost" outlived its lease and was claimed again by another node meanwhile (the oldest row)
        assertEquals(List.of("lost"), ids(claim("n2", T0.plus(LEASE), 1)));
        Delivery again = mine.get(2).delivery();
        Delivery next = new Delivery("again", SCOPE, "event-again", "default", "r", "t", B, "{}", null, 1, 3, 3600, T0,
                T0.plus(LEASE).plusSeconds(120), "HTTP 503", 503);

        boolean[] written = store.settle(List.of(
                new Settlement.Delivered(mine.get(1), attempt(mine.get(1).delivery(), Attempt.Result.DELIVERED)),
                new Settlement.Delivered(lost, attempt(lost.delivery(), Attempt.Result.DELIVERED)),
                new Settlement.Retry(mine.get(2), next, attempt(again, Attempt.Result.RETRY)),
                new Settlement.Dead(mine.get(3), new DeadLetter(mine.get(3).delivery(), T0, "gone", 400),
                        attempt(mine.get(3).delivery(), Attempt.Result.DEAD))));

        assertArrayEquals(new boolean[] {true, false, true, true}, written);
        assertEquals(List.of("lost", "again"), store.pending(10).stream().map(Delivery::id).toList(),
                "delivered and dead rows gone; the lost one's untouched");
        assertTrue(store.inFlight(SCOPE, "lost", T0.plus(LEASE)), "still the other node's");
        assertFalse(store.inFlight(SCOPE, "again", T0), "the retry freed its lease");
        assertEquals(List.of("dead"), store.deadLetters(SCOPE, null, null, null, 10).stream()
                .map(l -> l.delivery().id()).toList());
        DeliveryHistory history = db.deliveryHistory();
        assertEquals(DeliveryHistory.State.DELIVERED, history.describe(SCOPE, "ok").orElseThrow().entry().state());
        assertEquals(DeliveryHistory.State.PENDING, history.describe(SCOPE, "again").orElseThrow().entry().state());
        assertEquals(DeliveryHistory.State.DEAD, history.describe(SCOPE, "dead").orElseThrow().entry().state());
        for (String id : List.of("ok", "again", "dead")) {
            assertEquals(1, history.describe(SCOPE, id).orElseThrow().attempts().size(), id);
        }
        DeliveryHistory.Detail lostHistory = history.describe(SCOPE, "lost").orElseThrow();
        assertEquals(List.of(), lostHistory.attempts(), "no attempt recorded under a lost lease");
        assertEquals(DeliveryHistory.State.PENDING, lostHistory.entry().state());
    }

    @Test
    void aTargetAtItsShareIsSkippedSoOthersAreClaimed() {
        List<Delivery> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(delivery(String.format("a%02d", i), A, T0.plusMillis(i)));
        }
        rows.add(delivery("b1", B, T0.plusSeconds(1)));
        rows.add(delivery("b2", B, T0.plusSeconds(2)));
        store.enqueue(rows);
        Instant now = T0.plusSeconds(10);

        // A has room for 2 more: the claim takes those, and no more of A's, from the window of oldest rows it reads.
        List<Claim> batch = store.claim("n1", now, now.plus(LEASE), 5, Set.of(), t -> t.equals(A) ? 2 : 10);
        assertEquals(List.of("a00", "a01"), ids(batch));

        // A at its cap: excluded in SQL, so the claim reaches past A's 48 older rows to B's.
        List<Claim> next = store.claim("n1", now, now.plus(LEASE), 5, Set.of(A), t -> 10);
        assertEquals(List.of("b1", "b2"), ids(next));
    }

    @Test
    void aDeferredRowIsNotAnAttemptAndWaitsUntilItsTime() {
        Delivery d = delivery("d1", A, T0);
        store.enqueue(List.of(d));
        Claim c = claim("n1", T0, 1).getFirst();
        store.defer(c, T0.plusSeconds(1));

        assertFalse(store.inFlight(SCOPE, "d1", T0), "deferred, not in flight");
        assertEquals(List.of(), ids(claim("n1", T0.plusMillis(999), 1)));
        Claim again = claim("n1", T0.plusSeconds(1), 1).getFirst();
        assertEquals(0, again.delivery().attempts());
        assertEquals(T0, again.delivery().dueTime());
    }

    @Test
    void cancelAndRetryNowLeaveAnInFlightDeliveryAlone() {
        store.enqueue(List.of(delivery("d1", A, T0), delivery("d2", A, T0.plusSeconds(60))));
        claim("n1", T0, 1);

        assertTrue(store.cancel(SCOPE, "d1", T0, "cancelled").isEmpty());
        assertTrue(store.dueNow(SCOPE, "d1", T0).isEmpty());
        assertEquals(T0, store.dueNow(SCOPE, "d2", T0).orElseThrow().dueTime());
        assertEquals("cancelled", store.cancel(SCOPE, "d2", T0, "cancelled").orElseThrow().reason());
        assertTrue(store.cancel(SCOPE, "d1", T0.plus(LEASE), "cancelled").isPresent(), "once the lease expired");
    }

    @Test
    void releaseGivesBackEveryLeaseOfTheNode() {
        store.enqueue(List.of(delivery("d1", A, T0), delivery("d2", B, T0), delivery("d3", B, T0)));
        claim("n1", T0, 2);
        claim("n2", T0, 1);

        assertEquals(2, store.release("n1"));
        assertEquals(List.of("d1", "d2"), ids(claim("n3", T0, 5)));
    }

    @Test
    void releaseAllFreesTheLeasesAKilledProcessLeft() {
        store.enqueue(List.of(delivery("d1", A, T0), delivery("d2", B, T0)));
        Claim c = claim("killed", T0, 1).getFirst();
        store.defer(claim("killed", T0, 1).getFirst(), T0.plusSeconds(30));

        assertEquals(2, store.releaseAll());
        assertEquals(List.of("d1", "d2"), ids(claim("restarted", T0, 5)), "claimable at once, not after the lease");
        assertFalse(store.delivered(c, attempt(c.delivery(), Attempt.Result.DELIVERED)), "the old claim is void");
    }

    @Test
    void deadLettersArePurgedOldestFirstInShortBatches() {
        for (int i = 0; i < 7; i++) {
            Delivery d = delivery("d" + i, A, T0);
            store.enqueue(List.of(d));
            Instant failed = T0.plus(Duration.ofDays(i));
            Claim c = store.claim("n1", failed, failed.plus(LEASE), 1, Set.of(), t -> 1).getFirst();
            assertTrue(store.deadLetter(c, new DeadLetter(d, failed, "gone", 400), attempt(d, Attempt.Result.DEAD)));
        }
        Instant before = T0.plus(Duration.ofDays(5)); // d0..d4 failed before it
        assertEquals(3, store.purgeDeadLetters(before, 3));
        assertEquals(2, store.purgeDeadLetters(before, 3));
        assertEquals(0, store.purgeDeadLetters(before, 3));
        assertEquals(List.of("d5", "d6"), store.deadLetters(SCOPE, null, null, null, 10).stream()
                .map(l -> l.delivery().id()).toList());
    }

    // ---- the store contract's deliveries case, on claims ---------------------------------------
    // (StoreContractTest.deliveriesRetryDeliverDeadLetterAndRedrive of the PostgreSQL branch, with
    // each outcome written under a claim: this method can replace it there, to run on both engines.)

    static final Scope OTHER = new Scope("444455556666", "us-east-1");

    static Delivery contractDelivery(String id, Instant due) {
        return new Delivery(id, SCOPE, "event-" + id, "default", "r", "t", "arn:aws:events:us-east-1:111122223333:"
                + "api-destination/d/u", "{\"n\":1}", null, 0, 3, 3600, T0, due, null, 0, "00-trace-01");
    }

    static Attempt attempt(int number, Instant time, Attempt.Result result, Instant next) {
        return new Attempt(number, time, result == Attempt.Result.DELIVERED ? 200 : 500, Duration.ofMillis(12), result,
                result == Attempt.Result.DELIVERED ? null : "HTTP 500", next, "body", null);
    }

    @Test
    void deliveriesRetryDeliverDeadLetterAndRedrive() {
        Counts counts = db.counts();
        store.enqueue(List.of(contractDelivery("d1", T0), contractDelivery("d2", T0.plusSeconds(1)),
                contractDelivery("d3", T0.plusSeconds(2))), java.util.Map.of("event-d1", "{\"original\":true}"));
        assertEquals(List.of("d1", "d2", "d3"), store.pending(10).stream().map(Delivery::id).toList());
        assertEquals(3, counts.pendingDeliveries());

        List<Claim> first = store.claim("n1", T0.plusSeconds(1), T0.plusSeconds(61), 2, Set.of(), t -> 10);
        assertEquals(List.of("d1", "d2"), ids(first));
        Delivery d1 = contractDelivery("d1", T0);
        Delivery later = new Delivery("d1", SCOPE, d1.eventId(), d1.bus(), d1.rule(), d1.targetId(), d1.targetArn(),
                d1.payload(), null, 1, 3, 3600, T0, T0.plusMillis(1500), "HTTP 500", 500, d1.traceparent());
        assertTrue(store.retry(first.get(0), later, attempt(1, T0, Attempt.Result.RETRY, later.dueTime())));
        Claim again = store.claim("n1", later.dueTime(), later.dueTime().plusSeconds(60), 1, Set.of(), t -> 10).getFirst();
        assertEquals("d1", again.delivery().id());
        assertTrue(store.delivered(again, attempt(2, T0.plusSeconds(30), Attempt.Result.DELIVERED, null)));
        assertTrue(store.deadLetter(first.get(1), new DeadLetter(contractDelivery("d2", T0), T0.plusSeconds(5), "HTTP 500",
                500), attempt(1, T0.plusSeconds(5), Attempt.Result.DEAD, null)));
        assertEquals(List.of("d3"), store.pending(10).stream().map(Delivery::id).toList());
        assertEquals(1, counts.deadLetters());
        assertFalse(store.retry(again, later, attempt(3, T0, Attempt.Result.RETRY, T0))); // gone: nothing recorded

        List<DeadLetter> dead = store.deadLetters(SCOPE, null, null, null, 10);
        assertEquals(1, dead.size());
        assertTrue(store.deadLetters(SCOPE, "default", "r", store.position(dead.get(0)), 10).isEmpty());
        assertEquals(List.of("d2"), store.redrive(SCOPE, null, T0.plusSeconds(60)).stream().map(Delivery::id).toList());
        assertEquals(0, counts.deadLetters());
        assertEquals(T0.plusSeconds(60), store.dueNow(SCOPE, "d3", T0.plusSeconds(60)).orElseThrow().dueTime());
        assertEquals("cancelled", store.cancel(SCOPE, "d3", T0.plusSeconds(61), "cancelled").orElseThrow().reason());
        assertTrue(store.cancel(OTHER, "d2", T0, "x").isEmpty());

        DeliveryHistory history = db.deliveryHistory();
        DeliveryHistory.Detail detail = history.describe(SCOPE, "d1").orElseThrow();
        assertEquals(DeliveryHistory.State.DELIVERED, detail.entry().state());
        assertEquals(List.of(1, 2), detail.attempts().stream().map(Attempt::number).toList());
        assertEquals("{\"original\":true}", detail.event());
        assertEquals(List.of("d3", "d2", "d1"), history.list(SCOPE, new DeliveryHistory.Filter(null, null, null, null, null),
                null, 10).stream().map(DeliveryHistory.Entry::id).toList()); // newest first (created d3 last)
        assertEquals(List.of("d1"), history.list(SCOPE, new DeliveryHistory.Filter("default", null, null, null,
                DeliveryHistory.State.DELIVERED), null, 10).stream().map(DeliveryHistory.Entry::id).toList());
        assertEquals(2, history.purge(T0.plusSeconds(1), 100)); // d1 delivered, d3 dead; d2 pending again stays
        assertTrue(history.describe(SCOPE, "d1").isEmpty());
        assertTrue(history.describe(SCOPE, "d2").isPresent());
    }
}
