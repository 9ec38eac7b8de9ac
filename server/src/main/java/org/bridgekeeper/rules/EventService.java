package org.bridgekeeper.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.common.TraceContext;
import org.bridgekeeper.delivery.Deliverer;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.delivery.DeliveryStore;
import org.bridgekeeper.delivery.Handoff;
import org.bridgekeeper.error.Errors;

/**
 * PutEvents: each entry is checked as AWS checks it (a bad entry fails alone, in the response),
 * wrapped in AWS's event envelope and matched against the enabled rules of its bus; one delivery
 * per matching target is stored, all in one transaction, before the call answers, and handed to
 * the {@link Deliverer}, which never blocks this call (when it has room and no backlog, the
 * deliveries are stored already leased to it and started after the commit: {@link Handoff}).
 */
public final class EventService {

    /** One PutEvents entry as given. */
    public record Entry(Instant time, String source, List<String> resources, String detailType, String detail,
                        String eventBus) {}

    /** The entry's event id, or its error. */
    public record Result(String eventId, String errorCode, String errorMessage) {}

    /** AWS's limit on the total size of a PutEvents request's entries. */
    static final int MAX_ENTRIES_BYTES = 256 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuleService rules;
    private final PatternIndex index;
    private final DeliveryStore deliveries;
    private final Deliverer deliverer;
    private final Clock clock;
    private final Ids ids;
    private volatile EventArchive archive = EventArchive.NONE;

    public EventService(RuleService rules, PatternIndex index, DeliveryStore deliveries, Deliverer deliverer, Clock clock, Ids ids) {
        this.rules = rules;
        this.index = index;
        this.deliveries = deliveries;
        this.deliverer = deliverer;
        this.clock = clock;
        this.ids = ids;
    }

    /** Where the events that arrive on buses are archived (set once, at start). */
    public void archiveTo(EventArchive archive) {
        this.archive = archive;
    }

    public List<Result> put(Scope scope, List<Entry> entries) {
        if (entries.stream().mapToLong(EventService::size).sum() > MAX_ENTRIES_BYTES) {
            throw Errors.entriesTooLarge();
        }
        if (!accepting()) {
            throw Errors.throttled(); // back-pressure; clients retry, and it clears as the backlog drains
        }
        List<Result> results = new ArrayList<>(entries.size());
        Map<String, String> events = new HashMap<>();
        Batch batch = new Batch(events);
        String trace = TraceContext.incoming();
        java.util.Map<EventBus, List<ObjectNode>> arrived = new java.util.LinkedHashMap<>();
        Lookups lookups = new Lookups();
        for (Entry entry : entries) {
            results.add(accept(scope, entry, false, batch, arrived, events, trace, lookups));
        }
        batch.store();
        arrived.forEach(archive::archive); // after the deliveries' commit, before the answer
        return results;
    }

    /**
     * Puts an event of Bridgekeeper's own ({@code aws.events}, as AWS's service events are) on the
     * default bus of the scope. Best effort: a failure is the caller's to log, not to report.
     */
    public void emit(Scope scope, String detailType, List<String> resources, JsonNode detail) {
        Map<String, String> events = new HashMap<>();
        Batch batch = new Batch(events);
        java.util.Map<EventBus, List<ObjectNode>> arrived = new java.util.LinkedHashMap<>();
        accept(scope, new Entry(null, "aws.events", resources, detailType, detail.toString(), null), true, batch, arrived,
                events, null, new Lookups());
        batch.store();
        arrived.forEach(archive::archive);
    }

    /** A scheduled rule's "Scheduled Event", put to the rule's targets (not matched against patterns). */
    void fire(Rule rule, Instant now) {
        ObjectNode event = envelope(ids.uuid(), "Scheduled Event", "aws.events", rule.scope(), now, List.of(rule.arn()),
                JSON.createObjectNode());
        List<Delivery> accepted = new ArrayList<>();
        String ingestion = TIME.format(now);
        Instant first = now.truncatedTo(ChronoUnit.MILLIS);
        String trace = TraceContext.child(null);
        for (Target target : rules.targetsOf(rule)) {
            accepted.add(delivery(rule, target, event, ingestion, first, trace));
        }
        store(accepted, Map.of(event.get("id").asText(), event.toString()));
    }

    /**
     * An event another bus's rule sent to {@code bus} (an event bus target; {@link EventBusTargets}):
     * matched against that bus's rules as it is, its deliveries stored in one transaction. As AWS,
     * an event that came from another bus is not sent on to a third one: event bus targets of the
     * matching rules are skipped.
     */
    void putForwarded(EventBus bus, ObjectNode event) {
        Instant now = clock.instant();
        String ingestion = TIME.format(now);
        Instant first = now.truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> forwarded = Map.of(event.path("id").asText(), event.toString());
        Batch batch = new Batch(forwarded);
        String trace = TraceContext.child(null); // (the forwarding delivery's own context is not passed on yet)
        for (PatternIndex.Match match : index.matches(bus.scope(), bus.name(), event)) {
            for (Target target : match.targets()) {
                if (!EventBusTargets.isEventBus(target.arn())) {
                    batch.add(delivery(match.rule(), target, event, ingestion, first, trace));
                }
            }
        }
        batch.store();
        archive.archive(bus, List.of(event));
    }

    /**
     * Replayed events (each carries its {@code replay-name}) put back on {@code bus}: matched against
     * the bus's rules, only those whose ARN is in {@code ruleArns} when that is not null, through
     * the same durable deliveries; not archived again. How many deliveries it made.
     */
    public int putReplayed(EventBus bus, List<ObjectNode> events, java.util.Set<String> ruleArns) {
        Instant now = clock.instant();
        String ingestion = TIME.format(now);
        Instant first = now.truncatedTo(ChronoUnit.MILLIS);
        int made = 0;
        Map<String, String> put = new HashMap<>();
        Batch batch = new Batch(put);
        for (ObjectNode event : events) {
            String trace = TraceContext.child(null);
            for (PatternIndex.Match match : index.matches(bus.scope(), bus.name(), event)) {
                if (ruleArns == null || ruleArns.contains(match.rule().arn())) {
                    for (Target target : match.targets()) {
                        put.putIfAbsent(event.path("id").asText(), event.toString());
                        batch.add(delivery(match.rule(), target, event, ingestion, first, trace));
                        made++;
                    }
                }
            }
        }
        batch.store();
        return made;
    }

    /**
     * Whether the pending backlog is under --max-pending-deliveries. Only what clients put is
     * refused over it (PutEvents: ThrottlingException); event bus targets wait as retried deliveries
     * ({@link EventBusTargets}); what Bridgekeeper puts itself (scheduled rules, connection state
     * events, archive replays) is let through: it is bounded by the rules and connections, not by
     * clients, and a scheduled fire refused would be lost, not retried.
     */
    boolean accepting() {
        return deliverer.accepting();
    }

    /** A new event id, for an event that crosses to another Region. */
    String newEventId() {
        return ids.uuid();
    }

    /** TestEventPattern: the Event must be an event envelope as AWS checks it. */
    public boolean test(String pattern, String event) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw Errors.eventNotValid();
        }
        for (String field : List.of("id", "account", "source", "time", "region", "detail-type")) {
            if (parsed == null || !parsed.isObject() || !parsed.hasNonNull(field)) {
                throw Errors.eventNotValid();
            }
        }
        return PatternIndex.matches(pattern, parsed);
    }

    /**
     * Stores the deliveries and hands them to the deliverer. {@code events} (event id to the event
     * envelope as JSON) is for the delivery history, beside each payload made from it.
     */
    private void store(List<Delivery> accepted, Map<String, String> events) {
        if (accepted.isEmpty()) {
            return;
        }
        // What the engine can start at once is inserted leased to it and started after the commit,
        // without a claim transaction or a read of the payload; the rest is claimed at once, woken.
        Handoff handoff = deliverer.reserve(accepted);
        try {
            deliveries.enqueue(accepted, events, handoff); // one dead on arrival goes straight to the dead letters
        } catch (RuntimeException e) {
            handoff.cancel();
            throw e;
        }
        deliverer.enqueued(accepted.size(), handoff);
    }

    /**
     * How much payload one call holds before its deliveries are stored: one PutEvents can fan out
     * to 10 entries x 300 rules x 5 targets, each with a payload of up to 256 KB (several GB), so
     * they are stored in chunks as they are made instead of all at the end.
     */
    static final long FLUSH_PAYLOAD_CHARS = 4L * 1024 * 1024;

    /**
     * The deliveries one call made and has not stored yet, with their payloads' length: stored once
     * that passes {@link #FLUSH_PAYLOAD_CHARS}, and the rest at the call's end. {@code events} is
     * the history's (see {@link #store}).
     */
    private final class Batch {
        private final List<Delivery> held = new ArrayList<>();
        private final Map<String, String> events;
        private long chars;

        Batch(Map<String, String> events) {
            this.events = events;
        }

        void add(Delivery delivery) {
            held.add(delivery);
            chars += delivery.payload().length();
            if (chars >= FLUSH_PAYLOAD_CHARS) {
                store();
            }
        }

        void store() {
            EventService.this.store(List.copyOf(held), events);
            held.clear();
            chars = 0;
        }
    }

    /**
     * What the entries of one call look up once for them all, as they are put at one moment: each
     * bus they name, and its rules (a bus and a generation read per entry were two reads of ten
     * per event in a call of ten entries).
     */
    private static final class Lookups {
        final Map<String, Object> buses = new HashMap<>(); // the bus, or the AwsException naming it gave
        final Map<String, PatternIndex.Matcher> rules = new HashMap<>();
    }

    private EventBus bus(Scope scope, String nameOrArn, Lookups lookups) {
        Object known = lookups.buses.computeIfAbsent(nameOrArn, n -> {
            try {
                return rules.describeBus(scope, n);
            } catch (org.bridgekeeper.error.AwsException e) {
                return e;
            }
        });
        if (known instanceof org.bridgekeeper.error.AwsException e) {
            throw e;
        }
        return (EventBus) known;
    }

    private Result accept(Scope scope, Entry entry, boolean internal, Batch batch,
                          java.util.Map<EventBus, List<ObjectNode>> arrived, Map<String, String> events, String incomingTrace,
                          Lookups lookups) {
        if (entry.source() == null) {
            return invalid("Parameter Source is not valid. Reason: Source is a required argument.");
        }
        if (entry.detailType() == null || entry.detailType().isEmpty()) { // AWS refuses "" alike (recorded)
            return invalid("Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        }
        if (entry.detail() == null) {
            return invalid("Parameter Detail is not valid. Reason: Detail is a required argument.");
        }
        if (!internal && entry.source().startsWith("aws.")) {
            return new Result(null, "NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        JsonNode detail;
        try {
            detail = JSON.readTree(entry.detail());
        } catch (JsonProcessingException e) {
            detail = null;
        }
        if (detail == null || !detail.isObject()) {
            return new Result(null, "MalformedDetail", "Detail is malformed.");
        }
        EventBus bus;
        try {
            bus = bus(scope, entry.eventBus(), lookups);
        } catch (org.bridgekeeper.error.AwsException e) {
            return new Result(null, e.code(), e.getMessage());
        }
        Instant now = clock.instant();
        String eventId = ids.uuid();
        ObjectNode event = envelope(eventId, entry.detailType(), entry.source(), scope,
                entry.time() != null ? entry.time() : now, entry.resources(), detail);
        String ingestion = TIME.format(now);
        Instant first = now.truncatedTo(ChronoUnit.MILLIS);
        String trace = null;
        EventBus matched = bus;
        for (PatternIndex.Match match : lookups.rules.computeIfAbsent(bus.name(), n -> index.matcher(scope, matched.name()))
                .matches(event)) {
            for (Target target : match.targets()) {
                if (trace == null) {
                    trace = TraceContext.child(incomingTrace);
                    events.put(eventId, event.toString());
                }
                batch.add(delivery(match.rule(), target, event, ingestion, first, trace));
            }
        }
        arrived.computeIfAbsent(bus, b -> new ArrayList<>()).add(event);
        return new Result(eventId, null, null);
    }

    /** AWS's event envelope, its keys in AWS's order. */
    private static ObjectNode envelope(String id, String detailType, String source, Scope scope, Instant time,
                                       List<String> resources, JsonNode detail) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", id)
                .put("detail-type", detailType)
                .put("source", source)
                .put("account", scope.account())
                .put("time", TIME.format(time))
                .put("region", scope.region());
        var list = event.putArray("resources");
        if (resources != null) {
            resources.forEach(list::add);
        }
        event.set("detail", detail);
        return event;
    }

    /**
     * The delivery of {@code event} to {@code target}. One whose transformed payload would be over
     * AWS's limit is made dead on arrival ({@link Delivery#deadOnArrival}): no payload, and the reason.
     */
    private Delivery delivery(Rule rule, Target target, JsonNode event, String ingestion, Instant first, String trace) {
        String payload;
        try {
            payload = Transform.payload(target.definition(), rule, event, ingestion);
        } catch (Transform.PayloadTooLarge e) {
            return new Delivery(ids.uuid(), rule.scope(), event.get("id").asText(), rule.bus(), rule.name(),
                    target.id(), target.arn(), "", ServiceParameters.json(target, event), 0,
                    target.maximumRetryAttempts() + 1, target.maximumEventAgeSeconds(), first,
                    first, e.getMessage(), 0, trace);
        }
        return new Delivery(ids.uuid(), rule.scope(), event.get("id").asText(), rule.bus(), rule.name(), target.id(),
                target.arn(), payload, ServiceParameters.json(target, event), 0, target.maximumRetryAttempts() + 1,
                target.maximumEventAgeSeconds(), first, first, null, 0, trace);
    }

    private static Result invalid(String message) {
        return new Result(null, "InvalidArgument", message);
    }

    /** AWS's entry size: Time counts 14 bytes; Source, DetailType, Detail and each resource their UTF-8 bytes. */
    static long size(Entry entry) {
        long size = entry.time() != null ? 14 : 0;
        size += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
        if (entry.resources() != null) {
            for (String r : entry.resources()) {
                size += utf8(r);
            }
        }
        return size;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
