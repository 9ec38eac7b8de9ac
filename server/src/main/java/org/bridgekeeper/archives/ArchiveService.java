package org.bridgekeeper.archives;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scheduler;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.PageTokens;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.rules.EventArchive;
import org.bridgekeeper.rules.EventBus;
import org.bridgekeeper.rules.EventService;
import org.bridgekeeper.rules.PatternIndex;
import org.bridgekeeper.rules.RuleService;
import software.amazon.event.ruler.Machine;

/**
 * Archives and replays. Every event that arrives on a bus (put, sent by another bus's rule, or
 * emitted by Bridgekeeper; never a replayed one, as AWS's archive rule excludes {@code
 * replay-name}) is stored in each archive of the bus whose pattern it matches, as it arrived and
 * with its own time, in a write of its own right after the event's deliveries are committed and
 * before PutEvents answers. Retention is applied by {@link #purge()}, run hourly.
 *
 * <p>A replay starts {@code STARTING}, runs a second later on the server's {@link Scheduler}
 * ({@code RUNNING}), puts the archive's events of its time window back on the bus in time order,
 * a batch at a time, each with a new id and AWS's {@code replay-name} field, to the rules named in
 * {@code FilterArns} (or every rule) through the same durable deliveries as PutEvents, and ends
 * {@code COMPLETED}. CancelReplay makes it {@code CANCELLING}, and the next batch {@code CANCELLED}.
 * Its progress is stored after each batch, so a replay resumes after a restart.
 */
public final class ArchiveService implements EventArchive {

    /** AWS's quota of replays under way at once per account and Region (recorded: the eleventh is refused). */
    static final int ACTIVE_REPLAYS = 10;
    static final int BATCH = 100;
    static final int DEFAULT_PAGE_SIZE = 100;
    private static final System.Logger LOG = System.getLogger("bridgekeeper.archives");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A StartReplay request; times as given. */
    public record StartReplay(String name, String description, String archiveArn, Instant eventStartTime,
                              Instant eventEndTime, String destinationArn, List<String> filterArns) {}

    private record BusKey(Scope scope, String bus) {}

    /** The archives of a bus with a machine of those that have a pattern. */
    private record Compiled(long generation, List<Archive> all, Machine machine, Set<String> unfiltered) {}

    private final ArchiveStore store;
    private final RuleService rules;
    private final EventService events;
    private final PageTokens tokens;
    private final Scheduler time;
    private final Clock clock;
    private final Ids ids;
    private final Map<BusKey, Compiled> compiled = new ConcurrentHashMap<>();

    public ArchiveService(ArchiveStore store, RuleService rules, EventService events, PageTokens tokens, Scheduler time,
                          Ids ids) {
        this.store = store;
        this.rules = rules;
        this.events = events;
        this.tokens = tokens;
        this.time = time;
        this.clock = time.clock();
        this.ids = ids;
    }

    // ---- archives ---------------------------------------------------------------------------------

    public Archive create(Scope scope, String name, String eventSourceArn, String description, String eventPattern,
                          Integer retentionDays, String kmsKeyIdentifier) {
        String bus = bus(scope, eventSourceArn);
        PatternIndex.check(eventPattern);
        Archive archive = new Archive(scope, name, bus, emptyToNull(description), eventPattern, retentionDays,
                emptyToNull(kmsKeyIdentifier), clock.instant().truncatedTo(ChronoUnit.SECONDS), 0, 0);
        if (!store.insertArchive(archive)) {
            throw Errors.archiveExists(name);
        }
        compiled.remove(new BusKey(scope, bus));
        return archive;
    }

    public Archive describe(Scope scope, String name) {
        return store.findArchive(scope, name).orElseThrow(() -> Errors.archiveNotFound(name));
    }

    /** Members not given stay; an empty Description clears it. */
    public Archive update(Scope scope, String name, String description, String eventPattern, Integer retentionDays,
                          String kmsKeyIdentifier) {
        if (description == null && eventPattern == null && retentionDays == null && kmsKeyIdentifier == null) {
            throw Errors.archiveUpdateNeedsSomething();
        }
        Archive archive = describe(scope, name);
        PatternIndex.check(eventPattern);
        Archive updated = archive.with(description == null ? archive.description() : emptyToNull(description),
                eventPattern == null ? archive.eventPattern() : eventPattern,
                retentionDays == null ? archive.retentionDays() : retentionDays,
                kmsKeyIdentifier == null ? archive.kmsKeyIdentifier() : emptyToNull(kmsKeyIdentifier));
        store.updateArchive(updated);
        compiled.remove(new BusKey(scope, archive.bus()));
        return updated;
    }

    public void delete(Scope scope, String name) {
        Archive archive = describe(scope, name);
        store.deleteArchive(scope, name);
        compiled.remove(new BusKey(scope, archive.bus()));
    }

    public PageTokens.Page<Archive> list(Scope scope, String namePrefix, String eventSourceArn, String state,
                                         String nextToken, Integer limit) {
        String bus = eventSourceArn == null ? null : bus(scope, eventSourceArn);
        String binding = "archives\n" + scope.account() + "\n" + scope.region() + "\n" + Objects.toString(namePrefix, "")
                + "\n" + Objects.toString(bus, "") + "\n" + Objects.toString(state, "");
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        if (state != null && !state.equals(Archive.ENABLED)) {
            return new PageTokens.Page<>(List.of(), null); // archives here are always ENABLED
        }
        return tokens.page(binding, store.listArchives(scope, namePrefix, bus, after, size + 1), size, Archive::name);
    }

    /** The name of the bus an event-bus ARN names, in the request's scope; AWS's not-found error otherwise. */
    private String bus(Scope scope, String eventSourceArn) {
        Arn arn = Arn.parse(eventSourceArn).orElse(null);
        String name = RuleService.busName(eventSourceArn);
        if (arn == null || !arn.scope().equals(scope)) {
            throw Errors.eventBusNotFound(name);
        }
        return rules.describeBus(scope, name).name();
    }

    // ---- archiving (the rules' port) ----------------------------------------------------------------

    @Override
    public void archive(EventBus bus, List<ObjectNode> arrived) {
        Compiled archives = compiled(new BusKey(bus.scope(), bus.name()));
        if (archives.all().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<ArchivedEvent> rows = new ArrayList<>();
        for (ObjectNode event : arrived) {
            if (event.has("replay-name")) {
                continue;
            }
            Set<String> into = new HashSet<>(archives.unfiltered());
            into.addAll(archives.machine().rulesForJSONEvent(event));
            if (into.isEmpty()) {
                continue;
            }
            String json = event.toString();
            Instant eventTime = eventTime(event, now);
            for (String archive : into) {
                rows.add(new ArchivedEvent(ids.uuid(), archive, eventTime, now, json));
            }
        }
        if (!rows.isEmpty()) {
            store.append(bus.scope(), rows);
        }
    }

    private static Instant eventTime(JsonNode event, Instant fallback) {
        try {
            return Instant.parse(event.path("time").asText());
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /**
     * The bus's archives as a machine, checked against the bus's generation (one point read), which
     * any node that creates, updates or deletes an archive of the bus bumps in the same transaction.
     */
    private Compiled compiled(BusKey key) {
        long generation = store.generation(key.scope(), key.bus());
        Compiled cached = compiled.get(key);
        if (cached != null && cached.generation() == generation) {
            return cached;
        }
        Compiled built = build(key, generation);
        compiled.merge(key, built, (old, mine) -> old.generation() > mine.generation() ? old : mine);
        return built;
    }

    private Compiled build(BusKey k, long generation) {
        List<Archive> all = store.archivesOf(k.scope(), k.bus());
        Machine machine = Machine.builder().build();
        Set<String> unfiltered = new HashSet<>();
        for (Archive a : all) {
            if (a.eventPattern() == null) {
                unfiltered.add(a.name());
                continue;
            }
            try {
                machine.addRule(a.name(), a.eventPattern());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "archive " + a.name() + "'s pattern does not compile: " + e);
            }
        }
        return new Compiled(generation, all, machine, unfiltered);
    }

    /** Removes what has outlived its archive's RetentionDays. */
    public void purge() {
        int removed = store.purge(clock.instant());
        if (removed > 0) {
            LOG.log(System.Logger.Level.DEBUG, "removed " + removed + " archived events past their retention");
        }
    }

    // ---- replays ----------------------------------------------------------------------------------

    public Replay startReplay(Scope scope, StartReplay request) {
        if (!request.eventStartTime().isBefore(request.eventEndTime())) {
            throw Errors.replayTimesInvalid();
        }
        Arn archiveArn = Arn.parse(request.archiveArn()).orElse(null);
        String archiveName = archiveArn == null ? request.archiveArn() : Objects.requireNonNullElse(
                archiveArn.resourceAfter("archive"), request.archiveArn());
        Archive archive = archiveArn == null || !archiveArn.scope().equals(scope) ? null
                : store.findArchive(scope, archiveName).orElse(null);
        if (archive == null) {
            throw Errors.replayArchiveMissing(archiveName);
        }
        Arn destination = Arn.parse(request.destinationArn()).orElse(null);
        if (destination == null || !destination.scope().equals(scope)) {
            throw Errors.crossBusReplay();
        }
        String bus = rules.describeBus(scope, RuleService.busName(request.destinationArn())).name();
        if (!bus.equals(archive.bus())) {
            throw Errors.crossBusReplay();
        }
        if (store.findReplay(scope, request.name()).isPresent()) {
            throw Errors.replayExists(request.name()); // before the quota (the insert below decides a race)
        }
        if (store.listReplays(scope, null, null, null, null, Integer.MAX_VALUE).stream()
                .filter(r -> r.state().active()).count() >= ACTIVE_REPLAYS) {
            throw Errors.replayQuota();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Replay replay = new Replay(scope, request.name(), archive.arn(), emptyToNull(request.description()),
                request.destinationArn(), request.filterArns() == null ? List.of() : List.copyOf(request.filterArns()),
                request.eventStartTime(), request.eventEndTime(), Replay.State.STARTING, null, now, null, null, null);
        if (!store.insertReplay(replay)) {
            throw Errors.replayExists(request.name());
        }
        time.at(clock.instant().plus(Duration.ofSeconds(1)), () -> run(scope, request.name()));
        return replay;
    }

    public Replay describeReplay(Scope scope, String name) {
        return store.findReplay(scope, name).orElseThrow(() -> Errors.replayNotFound(name));
    }

    public PageTokens.Page<Replay> listReplays(Scope scope, String namePrefix, String state, String archiveArn,
                                               String nextToken, Integer limit) {
        String binding = "replays\n" + scope.account() + "\n" + scope.region() + "\n" + Objects.toString(namePrefix, "")
                + "\n" + Objects.toString(state, "") + "\n" + Objects.toString(archiveArn, "");
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        return tokens.page(binding, store.listReplays(scope, namePrefix, state, archiveArn, after, size + 1), size,
                Replay::name);
    }

    /** A replay under way becomes CANCELLING (its next batch makes it CANCELLED); one that has ended cannot be. */
    public Replay cancelReplay(Scope scope, String name) {
        Replay replay = describeReplay(scope, name);
        if (replay.state() != Replay.State.STARTING && replay.state() != Replay.State.RUNNING) {
            throw Errors.replayNotCancellable(name, replay.state().name());
        }
        Replay cancelling = replay.cancelling();
        store.updateReplay(cancelling);
        return cancelling;
    }

    /** Resumes the replays a previous run left under way. */
    public void resume() {
        for (Replay replay : store.activeReplays()) {
            time.at(clock.instant(), () -> run(replay.scope(), replay.name()));
        }
    }

    /** One batch of a replay, then the next, on the scheduler, until it ends. */
    private void run(Scope scope, String name) {
        Replay replay = store.findReplay(scope, name).orElse(null);
        if (replay == null || !replay.state().active()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (replay.state() == Replay.State.CANCELLING) {
            store.updateReplay(replay.ended(Replay.State.CANCELLED, null, now));
            return;
        }
        String archiveName = Arn.parse(replay.archiveArn()).map(a -> a.resourceAfter("archive")).orElse(null);
        if (archiveName == null || store.findArchive(scope, archiveName).isEmpty()) {
            store.updateReplay(replay.ended(Replay.State.FAILED, "Archive " + archiveName + " does not exist.", now));
            return;
        }
        EventBus bus;
        try {
            bus = rules.describeBus(scope, RuleService.busName(replay.destinationArn()));
        } catch (org.bridgekeeper.error.AwsException e) {
            store.updateReplay(replay.ended(Replay.State.FAILED, e.getMessage(), now));
            return;
        }
        List<ArchivedEvent> batch = store.events(scope, archiveName, replay.eventStartTime(), replay.eventEndTime(),
                replay.cursor(), BATCH);
        List<ObjectNode> again = new ArrayList<>(batch.size());
        for (ArchivedEvent archived : batch) {
            again.add(replayed(archived.event(), replay.name()));
        }
        events.putReplayed(bus, again, replay.filterArns().isEmpty() ? null : new HashSet<>(replay.filterArns()));
        Replay progressed = batch.isEmpty() ? replay.running(null, null)
                : replay.running(batch.getLast().eventTime(), batch.getLast().position());
        // A CancelReplay while the batch was put wins: the batch's deliveries stand, the replay ends CANCELLED.
        Replay latest = store.findReplay(scope, name).orElse(replay);
        if (latest.state() == Replay.State.CANCELLING) {
            store.updateReplay(progressed.ended(Replay.State.CANCELLED, null, now));
        } else if (batch.size() < BATCH) {
            store.updateReplay(progressed.ended(Replay.State.COMPLETED, null, now));
        } else {
            store.updateReplay(progressed);
            time.at(clock.instant(), () -> run(scope, name));
        }
    }

    /** The archived event with a new id and AWS's {@code replay-name} after {@code region}, as AWS was recorded sending. */
    private ObjectNode replayed(String json, String replayName) {
        ObjectNode original;
        try {
            original = (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an archived event is not JSON", e);
        }
        ObjectNode out = JSON.createObjectNode();
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        original.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        boolean placed = false;
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            out.set(e.getKey(), e.getKey().equals("id") ? JSON.getNodeFactory().textNode(ids.uuid()) : e.getValue());
            if (e.getKey().equals("region")) {
                out.put("replay-name", replayName);
                placed = true;
            }
        }
        if (!placed) {
            out.put("replay-name", replayName);
        }
        return out;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
