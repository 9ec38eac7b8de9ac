package org.bridgekeeper.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgekeeper.error.Errors;

/**
 * Rules with a schedule: {@code rate(<n> minute|minutes|hour|hours|day|days)}, the first fire one
 * period after the rule is first seen (at its PutRule, or at start for rules stored before); or
 * {@code cron(...)} in AWS's dialect ({@link CronSchedule}), in UTC. Each enabled one puts AWS's
 * "Scheduled Event" to its targets when due. Fires missed while the server was down, or while the
 * clock jumped, are not made up one by one: the schedule fires once and goes on from now. Each
 * rule's next fire is kept in a {@link ScheduleStore}, so this holds across restarts too.
 */
public final class Schedules {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d{1,9}) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");

    /** When a schedule fires. */
    sealed interface Schedule {
        /** The first fire after {@code after} (the previous fire's due time, or when first seen); empty: never again. */
        Optional<Instant> next(Instant after);
    }

    record Rate(Duration every) implements Schedule {
        @Override
        public Optional<Instant> next(Instant after) {
            return Optional.of(after.plus(every));
        }
    }

    record Cron(CronSchedule cron) implements Schedule {
        @Override
        public Optional<Instant> next(Instant after) {
            return cron.next(after);
        }
    }

    private final RuleStore store;
    private final EventService events;
    private final Clock clock;
    private final Duration minute;
    private final ScheduleStore fires;
    private final Map<String, Schedule> parsed = new ConcurrentHashMap<>();
    private final Map<String, Instant> next = new ConcurrentHashMap<>();
    private Set<String> lastSeen = Set.of();

    /** {@code minute}: how long a rate schedule's minute lasts (a minute, except in demos). */
    public Schedules(RuleStore store, EventService events, Clock clock, Duration minute) {
        this(store, events, clock, minute, null);
    }

    /**
     * With {@code fires}, each rule's next fire is durable: a schedule goes on across restarts (a
     * rate's period is not started again; fires missed while the server was down fire once), and
     * a fire is claimed by a conditional write before it is put, so that nodes sharing a database
     * fire a period once.
     */
    public Schedules(RuleStore store, EventService events, Clock clock, Duration minute, ScheduleStore fires) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.minute = minute;
        this.fires = fires;
    }

    /** Checks a ScheduleExpression as PutRule must: AWS's ValidationException when it is not valid. */
    static void check(String expression) {
        parse(expression, Duration.ofMinutes(1));
    }

    /**
     * A valid {@code rate(...)} or {@code cron(...)} expression; AWS's ValidationException
     * otherwise. As AWS: a rate of 1 takes the singular unit, any other value the plural.
     */
    static Schedule parse(String expression, Duration minute) {
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            return new Cron(CronSchedule.parse(cron.group(1)));
        }
        Matcher m = RATE.matcher(expression);
        if (!m.matches()) {
            throw Errors.scheduleNotValid();
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (value < 1 || (value == 1) != !unit.endsWith("s")) {
            throw Errors.scheduleNotValid();
        }
        return new Rate(minute.multipliedBy(value * switch (unit.replaceFirst("s$", "")) {
            case "minute" -> 1;
            case "hour" -> 60;
            default -> 24 * 60;
        }));
    }

    /** Fires what is due; called every second or so. */
    public void tick() {
        Instant now = clock.instant();
        Set<String> seen = new HashSet<>();
        List<Rule> scheduled = store.scheduledRules();
        for (Rule rule : scheduled) {
            String key = rule.arn() + " " + rule.scheduleExpression();
            seen.add(key);
            Schedule schedule = parsed.computeIfAbsent(rule.scheduleExpression(), e -> parse(e, minute));
            Instant due = next.computeIfAbsent(key, k -> firstDue(rule, schedule, now));
            if (!now.isBefore(due)) {
                Instant following = schedule.next(due).filter(t -> t.isAfter(now))
                        .or(() -> schedule.next(now)).orElse(Instant.MAX);
                if (fires != null && !fires.claim(rule, due, following)) {
                    next.remove(key); // another node fired it (or PutRule changed it): read it again next tick
                    continue;
                }
                next.put(key, following);
                if (rule.enabled()) {
                    events.fire(rule, now);
                }
            }
        }
        next.keySet().retainAll(seen);
        if (fires != null && !seen.equals(lastSeen)) {
            fires.retain(scheduled);
            lastSeen = seen;
        }
    }

    /** The stored next fire (a missed one fires at once, once); or, for a rule first seen, its first after now. */
    private Instant firstDue(Rule rule, Schedule schedule, Instant now) {
        if (fires != null) {
            Optional<Instant> stored = fires.next(rule);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        Instant due = schedule.next(now).orElse(Instant.MAX);
        if (fires != null) {
            fires.reset(rule, due);
        }
        return due;
    }
}
