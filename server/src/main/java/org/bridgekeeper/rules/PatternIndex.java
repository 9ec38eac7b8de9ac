package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.Errors;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;

/**
 * Which enabled rules of a bus match an event, with AWS's own matching engine (event-ruler). One
 * compiled machine per bus, built on first use and kept with the bus's generation
 * ({@link RuleStore#generation}) read before it was built. Every node sharing the database bumps
 * that generation in the same transaction as a change to the bus's rules or targets, and every
 * use reads it first (one point read), so a rule put through any node matches the very next event
 * put through this one. A machine built while a change committed carries the older generation and
 * is built again at its next use.
 */
public final class PatternIndex {

    /** A rule that matched, with the targets it had when the machine was built. */
    public record Match(Rule rule, List<Target> targets) {}

    private record Key(Scope scope, String bus) {}

    private record Compiled(long generation, Machine machine, Map<String, Match> byRule) {}

    private final RuleStore store;
    private final Map<Key, Compiled> compiled = new ConcurrentHashMap<>();

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

    /** Drops this node's machine at once (the generation would also tell: this saves the read's outcome). */
    void invalidate(Scope scope, String bus) {
        compiled.remove(new Key(scope, bus));
    }

    private Compiled compiled(Key key) {
        long generation = store.generation(key.scope(), key.bus());
        Compiled cached = compiled.get(key);
        if (cached != null && cached.generation() == generation) {
            return cached;
        }
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
        Compiled built = new Compiled(generation, machine, byRule);
        // Never replace a newer machine with an older one (two builds raced).
        compiled.merge(key, built, (old, mine) -> old.generation() > mine.generation() ? old : mine);
        return built;
    }
}
