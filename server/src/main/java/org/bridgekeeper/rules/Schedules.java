package org.bridgekeeper.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgekeeper.error.Errors;

/**
 * Rules with a {@code rate(<n> minute|minutes|hour|hours|day|days)} schedule: each enabled one puts
 * AWS's "Scheduled Event" to its targets once a period, the first one period after the rule is
 * first seen (at its PutRule, or at start for rules stored before). Not durable: a fire missed
 * while the server was down is not made up, as AWS does not make up one either.
 */
public final class Schedules {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d{1,9}) (minute|minutes|hour|hours|day|days)\\)");

    private final RuleStore store;
    private final EventService events;
    private final Clock clock;
    private final Duration minute;
    private final Map<String, Instant> next = new ConcurrentHashMap<>();

    /** {@code minute}: how long a schedule's minute lasts (a minute, except in tests and demos). */
    public Schedules(RuleStore store, EventService events, Clock clock, Duration minute) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.minute = minute;
    }

    /**
     * The number of minutes in a valid {@code rate(...)} expression; AWS's ValidationException
     * otherwise. As AWS: a value of 1 takes the singular unit, any other value the plural.
     */
    static long period(String expression) {
        if (expression.startsWith("cron(")) {
            throw Errors.cronNotSupported();
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
        return value * switch (unit.replaceFirst("s$", "")) {
            case "minute" -> 1;
            case "hour" -> 60;
            default -> 24 * 60;
        };
    }

    /** Fires what is due; called every second or so. */
    public void tick() {
        Instant now = clock.instant();
        Set<String> seen = new HashSet<>();
        for (Rule rule : store.scheduledRules()) {
            String key = rule.arn() + " " + rule.scheduleExpression();
            seen.add(key);
            Duration every = minute.multipliedBy(period(rule.scheduleExpression()));
            Instant due = next.computeIfAbsent(key, k -> now.plus(every));
            if (!now.isBefore(due)) {
                next.put(key, due.plus(every).isAfter(now) ? due.plus(every) : now.plus(every));
                if (rule.enabled()) {
                    events.fire(rule, now);
                }
            }
        }
        next.keySet().retainAll(seen);
    }
}
