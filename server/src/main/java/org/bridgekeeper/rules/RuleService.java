package org.bridgekeeper.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.PageTokens;
import org.bridgekeeper.error.Errors;

/** Event buses, rules and targets: AWS's checks and texts; matching is {@link PatternIndex}'s. */
public final class RuleService {

    /** AWS's quotas: rules per event bus, targets per rule, event buses per account and region. */
    public record Settings(int rulesPerBus, int targetsPerRule, int busesPerScope) {
        public static final Settings AWS = new Settings(300, 5, 100);
    }

    /** AWS's limit: "Each resource can have a maximum of 50 tags." */
    public static final int TAGS_PER_RESOURCE = 50;

    /** A PutRule request; the bus as given (name, ARN or null for default); tags null when not given. */
    public record PutRule(String name, String eventBus, String eventPattern, String scheduleExpression, String state,
                          String description, String roleArn, List<Tag> tags) {}

    /** A CreateEventBus request; tags null when not given. */
    public record CreateBus(String name, String eventSourceName, String description, String kmsKeyIdentifier,
                            EventBus.DeadLetterConfig deadLetterConfig, EventBus.LogConfig logConfig, List<Tag> tags) {}

    /**
     * An UpdateEventBus request. A description not given is kept ("" clears it); the key, the
     * dead-letter queue and the log settings are set as given, so one not given is removed.
     */
    public record UpdateBus(String name, String description, String kmsKeyIdentifier,
                            EventBus.DeadLetterConfig deadLetterConfig, EventBus.LogConfig logConfig) {}

    /** A PutPermission request: the {@code policy} form, or the action, principal and statement id form. */
    public record PutPermission(String eventBus, String action, String principal, String statementId,
                                String conditionType, String conditionKey, String conditionValue, String policy) {}

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

    public EventBus createBus(Scope scope, CreateBus request) {
        String name = request.name();
        if (request.eventSourceName() != null) {
            throw Errors.eventSourcesNotSupported();
        }
        if (name.contains("/")) {
            throw Errors.eventBusNameWithSlash();
        }
        if (name.equals(EventBus.DEFAULT)) {
            throw Errors.eventBusExists(name);
        }
        List<Tag> tags = checkedTags(request.tags());
        if (tags.size() > TAGS_PER_RESOURCE) {
            throw Errors.tooManyTags(scope.arn("events", "event-bus/" + name), TAGS_PER_RESOURCE);
        }
        if (store.countCustomBuses(scope) >= settings.busesPerScope() - 1) {
            throw Errors.eventBusQuota(settings.busesPerScope());
        }
        Instant now = now();
        EventBus bus = EventBus.plain(scope, name, now).withSettings(emptyToNull(request.description()),
                emptyToNull(request.kmsKeyIdentifier()), request.deadLetterConfig(), request.logConfig(), now);
        if (!store.insertBus(bus, tags)) {
            throw Errors.eventBusExists(name);
        }
        return bus;
    }

    /** The bus a name or ARN names; the default bus always exists (with no times until something is set on it). */
    public EventBus describeBus(Scope scope, String nameOrArn) {
        String name = busName(nameOrArn);
        Optional<EventBus> stored = store.findBus(scope, name);
        if (stored.isEmpty() && name.equals(EventBus.DEFAULT)) {
            return EventBus.plain(scope, EventBus.DEFAULT, null);
        }
        return stored.orElseThrow(() -> Errors.eventBusNotFound(name));
    }

    public EventBus updateBus(Scope scope, UpdateBus request) {
        String name = busName(request.name());
        Instant now = now();
        return store.updateBus(scope, name, defaultBusIfNamed(scope, name, now), bus -> bus.withSettings(
                        request.description() == null ? bus.description() : emptyToNull(request.description()),
                        emptyToNull(request.kmsKeyIdentifier()), request.deadLetterConfig(), request.logConfig(), now))
                .orElseThrow(() -> Errors.eventBusNotFound(name));
    }

    /** PutPermission: the Policy form replaces the bus's policy; the other form adds (or replaces) one statement. */
    public void putPermission(Scope scope, PutPermission request) {
        String name = busName(request.eventBus());
        Instant now = now();
        UnaryOperator<EventBus> change;
        if (request.policy() != null) {
            String policy = BusPolicy.replace(request.policy());
            change = bus -> bus.withPolicy(policy, now);
        } else {
            if (request.action() == null) {
                throw Errors.permissionParameterMissing("Action");
            }
            if (request.principal() == null) {
                throw Errors.permissionParameterMissing("Principal");
            }
            if (request.statementId() == null) {
                throw Errors.permissionParameterMissing("StatementId");
            }
            if (!request.action().equals("events:PutEvents")) {
                throw Errors.permissionActionNotSupported();
            }
            BusPolicy.Condition condition = request.conditionType() == null ? null
                    : new BusPolicy.Condition(request.conditionType(), request.conditionKey(), request.conditionValue());
            if (condition != null && !request.principal().equals("*")) {
                throw Errors.conditionNeedsAnyPrincipal();
            }
            change = bus -> bus.withPolicy(BusPolicy.put(bus.policy(), request.statementId(), request.action(),
                    request.principal(), condition, scope.partition(), bus.arn()), now);
        }
        store.updateBus(scope, name, defaultBusIfNamed(scope, name, now), change)
                .orElseThrow(() -> Errors.eventBusNotFound(name));
    }

    /** RemovePermission: one statement by its id, or the whole policy. */
    public void removePermission(Scope scope, String eventBus, String statementId, boolean removeAll) {
        String name = busName(eventBus);
        if (!removeAll && statementId == null) {
            throw Errors.statementIdRequired();
        }
        Instant now = now();
        store.updateBus(scope, name, defaultBusIfNamed(scope, name, now), bus -> {
            if (removeAll) {
                if (bus.policy() == null) {
                    throw Errors.busHasNoPolicy();
                }
                return bus.withPolicy(null, now);
            }
            return bus.withPolicy(BusPolicy.remove(bus.policy(), statementId), now);
        }).orElseThrow(() -> Errors.eventBusNotFound(name));
    }

    private static EventBus defaultBusIfNamed(Scope scope, String name, Instant now) {
        return name.equals(EventBus.DEFAULT) ? EventBus.plain(scope, EventBus.DEFAULT, now) : null;
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
        // The default bus is listed whether or not it is stored; stored, it is among the rows when in range.
        boolean listed = stored.stream().anyMatch(b -> b.name().equals(EventBus.DEFAULT));
        if (!listed && EventBus.DEFAULT.startsWith(prefix) && (after == null || EventBus.DEFAULT.compareTo(after) > 0)) {
            all.add(EventBus.plain(scope, EventBus.DEFAULT, null));
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
        List<Tag> tags = checkedTags(request.tags());
        Rule rule = new Rule(scope, bus, request.name(), request.eventPattern(), request.scheduleExpression(),
                request.state() == null ? Rule.ENABLED : request.state(), emptyToNull(request.description()),
                request.roleArn());
        switch (store.putRule(rule, settings.rulesPerBus(), tags, TAGS_PER_RESOURCE)) {
            case RULE_QUOTA -> throw Errors.ruleQuota(settings.rulesPerBus());
            case TAG_QUOTA -> throw Errors.tooManyTags(rule.arn(), TAGS_PER_RESOURCE);
            case DONE -> { }
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
        store.putRule(rule.withState(enabled ? Rule.ENABLED : Rule.DISABLED), Integer.MAX_VALUE, List.of(), Integer.MAX_VALUE);
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

    /** ListRuleNamesByTarget: the bus's rules with a target of this ARN, in name order. */
    public PageTokens.Page<String> ruleNamesByTarget(Scope scope, String targetArn, String eventBus, String nextToken,
                                                     Integer limit) {
        String bus = existingBus(scope, eventBus);
        String binding = "rules-by-target\n" + scope.account() + "\n" + scope.region() + "\n" + bus + "\n" + targetArn;
        String after = tokens.after(binding, nextToken, Errors::invalidNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        return tokens.page(binding, store.ruleNamesByTarget(scope, bus, targetArn, after, size + 1), size, n -> n);
    }

    // ---- tags -------------------------------------------------------------------------------------

    public void tagResource(Scope scope, String arn, List<Tag> tags) {
        RuleStore.Tagged resource = taggable(scope, arn);
        List<Tag> checked = checkedTags(tags);
        if (checked.size() > TAGS_PER_RESOURCE) {
            throw Errors.tooManyTags(arn, TAGS_PER_RESOURCE);
        }
        switch (store.tag(resource, checked, TAGS_PER_RESOURCE)) {
            case NOT_FOUND -> throw notFound(resource);
            case TOO_MANY -> throw Errors.tooManyTags(arn, TAGS_PER_RESOURCE);
            case DONE -> { }
        }
    }

    public void untagResource(Scope scope, String arn, List<String> keys) {
        RuleStore.Tagged resource = taggable(scope, arn);
        for (String key : keys) {
            if (reserved(key)) {
                throw Errors.reservedTagKey(key);
            }
        }
        if (!store.untag(resource, keys)) {
            throw notFound(resource);
        }
    }

    public List<Tag> listTags(Scope scope, String arn) {
        RuleStore.Tagged resource = taggable(scope, arn);
        return store.tags(resource).orElseThrow(() -> notFound(resource));
    }

    private static final Pattern EVENTS_ARN = Pattern.compile("^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)$");

    /**
     * The bus or rule an ARN names: {@code event-bus/<bus>}, {@code rule/<rule>} (on the default bus)
     * or {@code rule/<bus>/<rule>}. An ARN of another account or region names nothing here, so
     * it is not found, as a resource of the caller's that does not exist.
     */
    static RuleStore.Tagged taggable(Scope scope, String arn) {
        java.util.regex.Matcher m = EVENTS_ARN.matcher(arn);
        if (!m.matches()) {
            throw Errors.arnNotValid(arn);
        }
        String resource = m.group(5);
        if (!m.group(2).equals("events") || !(resource.startsWith("event-bus/") || resource.startsWith("rule/"))) {
            throw Errors.notTaggable(arn);
        }
        RuleStore.Tagged tagged;
        if (resource.startsWith("event-bus/")) {
            String bus = resource.substring("event-bus/".length());
            if (bus.isEmpty() || bus.contains("/")) {
                throw Errors.arnNotValid(arn);
            }
            tagged = new RuleStore.Tagged(scope, bus, null);
        } else {
            String[] parts = resource.substring("rule/".length()).split("/", -1);
            if (parts.length > 2 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
                throw Errors.arnNotValid(arn);
            }
            tagged = parts.length == 1 ? new RuleStore.Tagged(scope, EventBus.DEFAULT, parts[0])
                    : new RuleStore.Tagged(scope, parts[0], parts[1]);
        }
        boolean here = m.group(1).equals(scope.partition()) && m.group(3).equals(scope.region())
                && m.group(4).equals(scope.account());
        if (!here) {
            throw notFound(tagged);
        }
        return tagged;
    }

    private static org.bridgekeeper.error.AwsException notFound(RuleStore.Tagged resource) {
        return resource.rule() == null ? Errors.eventBusNotFound(resource.bus())
                : Errors.ruleNotFound(resource.rule(), resource.bus());
    }

    /** The tags with the reserved prefix refused and repeated keys merged (the last value wins); empty for null. */
    private static List<Tag> checkedTags(List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        java.util.LinkedHashMap<String, String> merged = new java.util.LinkedHashMap<>();
        for (Tag tag : tags) {
            if (reserved(tag.key())) {
                throw Errors.reservedTagKey(tag.key());
            }
            merged.put(tag.key(), tag.value());
        }
        return merged.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    private static boolean reserved(String key) {
        return key.regionMatches(true, 0, "aws:", 0, 4);
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
