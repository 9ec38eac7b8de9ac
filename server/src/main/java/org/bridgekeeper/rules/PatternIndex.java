package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.Errors;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;

/**
 * Which enabled rules of a bus match an event, with AWS's own matching engine (event-ruler). One
 * compiled machine per bus, built on first use and dropped whenever a rule or target of the bus
 * changes; a build that raced with a change is not kept.
 */
public final class PatternIndex {

    /** A rule that matched, with the targets it had when the machine was built. */
    public record Match(Rule rule, List<Target> targets) {}

    private record Key(Scope scope, String bus) {}

    private record Compiled(Machine machine, Map<String, Match> byRule) {}

    private final RuleStore store;
    private final Map<Key, Compiled> compiled = new ConcurrentHashMap<>();
    private final Map<Key, AtomicLong> generations = new ConcurrentHashMap<>();

    public PatternIndex(RuleStore store) {
        this.store = store;
    }

    /** AWS's InvalidEventPatternException for a pattern event-ruler cannot compile. */
    public static void check(String pattern) {
        if (pattern == null) {
            return;
        }
        String problem = JsonRuleCompiler.check(pattern);
        if (problem != null) {
            throw Errors.invalidEventPattern(problem);
        }
    }

    /** Whether {@code event} (any JSON) matches {@code pattern}: TestEventPattern. */
    public static boolean matches(String pattern, JsonNode event) {
        check(pattern);
        Machine machine = Machine.builder().build();
        try {
            machine.addRule("r", pattern);
        } catch (IOException | RuntimeException e) {
            throw Errors.invalidEventPattern(String.valueOf(e.getMessage()));
        }
        return !machine.rulesForJSONEvent(event).isEmpty();
    }

    public List<Match> matches(Scope scope, String bus, JsonNode event) {
        Compiled machine = compiled(new Key(scope, bus));
        if (machine.byRule().isEmpty()) {
            return List.of();
        }
        List<Match> out = new ArrayList<>();
        for (String name : machine.machine().rulesForJSONEvent(event)) {
            out.add(machine.byRule().get(name));
        }
        return out;
    }

    void invalidate(Scope scope, String bus) {
        Key key = new Key(scope, bus);
        generations.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        compiled.remove(key);
    }

    private Compiled compiled(Key key) {
        Compiled cached = compiled.get(key);
        if (cached != null) {
            return cached;
        }
        long generation = generations.computeIfAbsent(key, k -> new AtomicLong()).get();
        Machine machine = Machine.builder().build();
        Map<String, Match> byRule = new HashMap<>();
        for (Rule rule : store.rules(key.scope(), key.bus())) {
            if (!rule.enabled() || rule.eventPattern() == null) {
                continue;
            }
            List<Target> targets = store.targets(key.scope(), key.bus(), rule.name(), null, Integer.MAX_VALUE);
            if (targets.isEmpty()) {
                continue;
            }
            try {
                machine.addRule(rule.name(), rule.eventPattern());
            } catch (IOException | RuntimeException e) {
                continue; // checked at PutRule; a pattern this version cannot compile matches nothing
            }
            byRule.put(rule.name(), new Match(rule, targets));
        }
        Compiled built = new Compiled(machine, byRule);
        if (generations.get(key).get() == generation) {
            compiled.put(key, built);
        }
        return built;
    }
}
