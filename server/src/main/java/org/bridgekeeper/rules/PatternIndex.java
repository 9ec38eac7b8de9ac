package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import software.amazon.event.ruler.MachineComplexityEvaluator;

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

    /** The rules of one bus as of one reading of its generation. */
    public interface Matcher {
        /** The enabled rules (with targets) that match {@code event}. */
        List<Match> matches(JsonNode event);
    }

    private record Compiled(long generation, Machine machine, Map<String, Match> byRule) implements Matcher {
        @Override
        public List<Match> matches(JsonNode event) {
            if (byRule.isEmpty()) {
                return List.of();
            }
            List<Match> out = new ArrayList<>();
            for (String name : machine.rulesForJSONEvent(event)) {
                out.add(byRule.get(name));
            }
            return out;
        }
    }

    private final RuleStore store;
    private final Map<Key, Compiled> compiled = new ConcurrentHashMap<>();

    public PatternIndex(RuleStore store) {
        this.store = store;
    }

    /**
     * The most alternatives a pattern's {@code $or}s may expand to. event-ruler compiles a pattern
     * into one sub-rule per combination of its {@code $or} branches (nested or side by side, they
     * multiply), so a short pattern can ask for millions: a 669-character one ran the server out of
     * memory. AWS does not document its bound; this one is far above any hand-written pattern.
     */
    static final int MAX_OR_COMBINATIONS = 1000;

    /**
     * The most wildcard prefixes one value may be matching at once (event-ruler's
     * {@link MachineComplexityEvaluator}: {@code "*a*a*a*"} is 7), beyond which AWS refuses a
     * pattern as too complex with {@link #TOO_COMPLEX}. AWS does not document the number; 10 is
     * what a peer emulator measured against AWS (unverified here).
     */
    static final int MAX_WILDCARD_COMPLEXITY = 10;

    /** AWS's recorded reason for a pattern whose wildcards are too complex. */
    static final String TOO_COMPLEX = "Rule is too complex - try using fewer wildcard characters or fewer repeating "
            + "character sequences after a wildcard character";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * AWS's InvalidEventPatternException for a pattern event-ruler cannot compile, or one too
     * complex to match at a bounded cost: too many {@code $or} combinations (counted on the JSON,
     * before event-ruler expands them) or too complex wildcards (measured on the compiled machine).
     */
    public static void check(String pattern) {
        if (pattern == null) {
            return;
        }
        try {
            if (orCombinations(JSON.readTree(pattern)) > MAX_OR_COMBINATIONS) {
                throw Errors.invalidEventPattern("Rule is too complex - its $or conditions combine into more than "
                        + MAX_OR_COMBINATIONS + " alternatives");
            }
        } catch (IOException e) {
            // not JSON: event-ruler says what is wrong with it, below
        }
        String problem = JsonRuleCompiler.check(pattern);
        if (problem != null) {
            throw Errors.invalidEventPattern(problem);
        }
        Machine machine = Machine.builder().build();
        try {
            machine.addRule("r", pattern);
        } catch (IOException | RuntimeException e) {
            throw Errors.invalidEventPattern(String.valueOf(e.getMessage()));
        }
        if (machine.evaluateComplexity(new MachineComplexityEvaluator(MAX_WILDCARD_COMPLEXITY + 1))
                > MAX_WILDCARD_COMPLEXITY) {
            throw Errors.invalidEventPattern(TOO_COMPLEX);
        }
    }

    private static boolean boundedOr(String pattern) {
        try {
            return orCombinations(JSON.readTree(pattern)) <= MAX_OR_COMBINATIONS;
        } catch (IOException e) {
            return true; // event-ruler refuses it
        }
    }

    /**
     * How many sub-rules event-ruler makes of {@code node}: the fields of an object multiply, the
     * branches of a {@code $or} add up. Saturates instead of overflowing.
     */
    static long orCombinations(JsonNode node) {
        if (node == null || !node.isObject()) {
            return 1;
        }
        long product = 1;
        for (var field : node.properties()) {
            long count;
            if (field.getKey().equals("$or") && field.getValue().isArray()) {
                count = 0;
                for (JsonNode branch : field.getValue()) {
                    count = Math.min(Long.MAX_VALUE / 2, count + orCombinations(branch));
                }
                count = Math.max(1, count);
            } else {
                count = orCombinations(field.getValue());
            }
            product = count > (Long.MAX_VALUE / 2) / Math.max(1, product) ? Long.MAX_VALUE / 2 : product * count;
        }
        return product;
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
        return compiled(new Key(scope, bus)).matches(event);
    }

    /**
     * The bus's rules for several events put at one moment (the entries of one PutEvents call): its
     * generation is read once for them all, not once per event.
     */
    public Matcher matcher(Scope scope, String bus) {
        return compiled(new Key(scope, bus));
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
            if (!boundedOr(rule.eventPattern())) {
                continue; // stored before PutRule bounded it: expanding it could exhaust the memory
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
