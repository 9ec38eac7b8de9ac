package org.bridgekeeper.rules;

import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/** Where event buses, rules and targets are kept. Names are unique per scope (and bus). */
public interface RuleStore {

    boolean insertBus(EventBus bus);

    Optional<EventBus> findBus(Scope scope, String name);

    /** Deletes the bus with its rules and their targets. */
    boolean deleteBus(Scope scope, String name);

    List<EventBus> listBuses(Scope scope, String namePrefix, String afterName, int limit);

    /** Inserts or replaces the rule; false when the bus holds {@code quota} other rules already. */
    boolean putRule(Rule rule, int quota);

    Optional<Rule> findRule(Scope scope, String bus, String name);

    /** Deletes the rule when it has no targets (or with them, when {@code withTargets}). */
    DeleteResult deleteRule(Scope scope, String bus, String name, boolean withTargets);

    enum DeleteResult { DELETED, NOT_FOUND, HAS_TARGETS }

    List<Rule> listRules(Scope scope, String bus, String namePrefix, String afterName, int limit);

    /** Every rule of the bus (for matching). */
    List<Rule> rules(Scope scope, String bus);

    /** Every rule with a schedule, in every scope. */
    List<Rule> scheduledRules();

    /** Puts the targets (replacing those of the same id); false when the rule would exceed {@code quota} targets. */
    boolean putTargets(Scope scope, String bus, String rule, List<Target> targets, int quota);

    /** Removes the targets with these ids; the ids that were there. */
    List<String> removeTargets(Scope scope, String bus, String rule, List<String> ids);

    List<Target> targets(Scope scope, String bus, String rule, String afterId, int limit);
}
