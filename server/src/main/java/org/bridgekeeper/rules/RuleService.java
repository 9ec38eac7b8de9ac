package org.bridgekeeper.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.PageTokens;
import org.bridgekeeper.error.Errors;

/** Event buses, rules and targets: AWS's checks and texts; matching is {@link PatternIndex}'s. */
public final class RuleService {

    /** AWS's quotas: rules per event bus, targets per rule, event buses per account and region. */
    public record Settings(int rulesPerBus, int targetsPerRule, int busesPerScope) {
        public static final Settings AWS = new Settings(300, 5, 100);
    }

    /** A PutRule request; the bus as given (name, ARN or null for default). */
    public record PutRule(String name, String eventBus, String eventPattern, String scheduleExpression, String state,
                          String description, String roleArn) {}

    /** A target PutTargets or RemoveTargets could not take, with AWS's code and message. */
    public record FailedEntry(String targetId, String errorCode, String errorMessage) {}

    static final int DEFAULT_PAGE_SIZE = 100;

    private final RuleStore store;
    private final PatternIndex index;
    private final PageTokens tokens;
    private final Clock clock;
    private final Settings settings;

    public RuleService(RuleStore store, PatternIndex index, PageTokens tokens, Clock clock, Settings settings) {
        this.store = store;
        this.index = index;
        this.tokens = tokens;
        this.clock = clock;
        this.settings = settings;
    }

    // ---- event buses -----------------------------------------------------------------------------

    public EventBus createBus(Scope scope, String name, String eventSourceName, String description) {
        if (eventSourceName != null) {
            throw Errors.eventSourcesNotSupported();
        }
        if (name.contains("/")) {
            throw Errors.eventBusNameWithSlash();
        }
        if (name.equals(EventBus.DEFAULT)) {
            throw Errors.eventBusExists(name);
        }
        if (store.listBuses(scope, null, null, settings.busesPerScope()).size() >= settings.busesPerScope() - 1) {
            throw Errors.eventBusQuota(settings.busesPerScope());
        }
        Instant now = now();
        EventBus bus = new EventBus(scope, name, emptyToNull(description), now, now);
        if (!store.insertBus(bus)) {
            throw Errors.eventBusExists(name);
        }
        return bus;
    }

    /** The bus a name or ARN names; the default bus always exists. */
    public EventBus describeBus(Scope scope, String nameOrArn) {
        String name = busName(nameOrArn);
        if (name.equals(EventBus.DEFAULT)) {
            return new EventBus(scope, EventBus.DEFAULT, null, null, null);
        }
        return store.findBus(scope, name).orElseThrow(() -> Errors.eventBusNotFound(name));
    }

    /** Deleting a bus that does not exist succeeds, as in AWS; its rules and targets go with it. */
    public void deleteBus(Scope scope, String name) {
        if (name.equals(EventBus.DEFAULT)) {
            throw Errors.defaultBusNotDeletable();
        }
        store.deleteBus(scope, name);
        index.invalidate(scope, name);
    }

    /** The default bus first when it matches the prefix (it sorts as a name like the others). */
    public PageTokens.Page<EventBus> listBuses(Scope scope, String namePrefix, String nextToken, Integer limit) {
        String binding = "event-buses\n" + scope.account() + "\n" + scope.region() + "\n" + Objects.toString(namePrefix, "");
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        List<EventBus> stored = store.listBuses(scope, namePrefix, after, size + 1);
        java.util.ArrayList<EventBus> all = new java.util.ArrayList<>(stored);
        String prefix = Objects.toString(namePrefix, "");
        if (EventBus.DEFAULT.startsWith(prefix) && (after == null || EventBus.DEFAULT.compareTo(after) > 0)) {
            all.add(new EventBus(scope, EventBus.DEFAULT, null, null, null));
            all.sort(java.util.Comparator.comparing(EventBus::name));
        }
        return tokens.page(binding, all, size, EventBus::name);
    }

    // ---- rules ------------------------------------------------------------------------------------

    public Rule putRule(Scope scope, PutRule request) {
        String bus = existingBus(scope, request.eventBus());
        if (request.eventPattern() == null && request.scheduleExpression() == null) {
            throw Errors.patternOrSchedule();
        }
        if (request.scheduleExpression() != null) {
            if (!bus.equals(EventBus.DEFAULT)) {
                throw Errors.scheduleOnlyOnDefaultBus();
            }
            Schedules.check(request.scheduleExpression());
        }
        PatternIndex.check(request.eventPattern());
        Rule rule = new Rule(scope, bus, request.name(), request.eventPattern(), request.scheduleExpression(),
                request.state() == null ? Rule.ENABLED : request.state(), emptyToNull(request.description()),
                request.roleArn());
        if (!store.putRule(rule, settings.rulesPerBus())) {
            throw Errors.ruleQuota(settings.rulesPerBus());
        }
        index.invalidate(scope, bus);
        return rule;
    }

    public Rule describeRule(Scope scope, String name, String eventBus) {
        String bus = existingBus(scope, eventBus);
        return store.findRule(scope, bus, name).orElseThrow(() -> Errors.ruleNotFound(name, bus));
    }

    /** AWS answers success for a rule that does not exist. */
    public void deleteRule(Scope scope, String name, String eventBus, boolean force) {
        String bus = existingBus(scope, eventBus);
        if (store.deleteRule(scope, bus, name, force) == RuleStore.DeleteResult.HAS_TARGETS) {
            throw Errors.ruleHasTargets();
        }
        index.invalidate(scope, bus);
    }

    public void setRuleState(Scope scope, String name, String eventBus, boolean enabled) {
        Rule rule = describeRule(scope, name, eventBus);
        store.putRule(rule.withState(enabled ? Rule.ENABLED : Rule.DISABLED), Integer.MAX_VALUE);
        index.invalidate(scope, rule.bus());
    }

    public PageTokens.Page<Rule> listRules(Scope scope, String namePrefix, String eventBus, String nextToken, Integer limit) {
        String bus = existingBus(scope, eventBus);
        String binding = "rules\n" + scope.account() + "\n" + scope.region() + "\n" + bus + "\n" + Objects.toString(namePrefix, "");
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        return tokens.page(binding, store.listRules(scope, bus, namePrefix, after, size + 1), size, Rule::name);
    }

    // ---- targets ----------------------------------------------------------------------------------

    /** Checks every target first (a request is taken whole or refused), then stores them. */
    public List<FailedEntry> putTargets(Scope scope, String rule, String eventBus, List<Target> targets) {
        Rule found = describeRule(scope, rule, eventBus);
        Set<String> ids = new HashSet<>();
        for (Target t : targets) {
            if (!ids.add(t.id())) {
                throw Errors.duplicateTargetId(t.id());
            }
            TargetChecks.check(found.scope(), t); // the ARN, its role, its service's parameters
            Transform.check(t.definition());
        }
        if (!store.putTargets(scope, found.bus(), found.name(), targets, settings.targetsPerRule())) {
            throw Errors.targetQuota(settings.targetsPerRule());
        }
        index.invalidate(scope, found.bus());
        return List.of();
    }

    /** Ids that the rule does not have are reported as failed entries, as AWS does. */
    public List<FailedEntry> removeTargets(Scope scope, String rule, String eventBus, List<String> ids) {
        Rule found = describeRule(scope, rule, eventBus);
        Set<String> removed = new HashSet<>(store.removeTargets(scope, found.bus(), found.name(), ids));
        index.invalidate(scope, found.bus());
        return ids.stream().filter(id -> !removed.contains(id))
                .map(id -> new FailedEntry(id, "ResourceNotFoundException",
                        "Target " + id + " does not exist on rule " + rule + "."))
                .toList();
    }

    public PageTokens.Page<Target> listTargets(Scope scope, String rule, String eventBus, String nextToken, Integer limit) {
        Rule found = describeRule(scope, rule, eventBus);
        String binding = "targets\n" + scope.account() + "\n" + scope.region() + "\n" + found.bus() + "\n" + rule;
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        return tokens.page(binding, store.targets(scope, found.bus(), found.name(), after, size + 1), size, Target::id);
    }

    /** Every target of the rule (a scheduled rule's fire). */
    List<Target> targetsOf(Rule rule) {
        return store.targets(rule.scope(), rule.bus(), rule.name(), null, Integer.MAX_VALUE);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** The bus name in a name or an event-bus ARN; null is the default bus. */
    public static String busName(String nameOrArn) {
        if (nameOrArn == null) {
            return EventBus.DEFAULT;
        }
        int at = nameOrArn.indexOf(":event-bus/");
        return at >= 0 && nameOrArn.startsWith("arn:") ? nameOrArn.substring(at + ":event-bus/".length()) : nameOrArn;
    }

    /** The name of an existing bus, or AWS's not-found error. */
    String existingBus(Scope scope, String nameOrArn) {
        return describeBus(scope, nameOrArn).name();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
