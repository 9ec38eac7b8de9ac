package org.bridgekeeper.rules;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bridgekeeper.common.Scope;

/**
 * Where event buses, rules, targets and the tags of buses and rules are kept. Names are unique per
 * scope (and bus). A resource's tags go with it when it is deleted.
 */
public interface RuleStore {

    /** Inserts the bus with its tags; false when the name is taken. */
    boolean insertBus(EventBus bus, List<Tag> tags);

    Optional<EventBus> findBus(Scope scope, String name);

    /**
     * Applies {@code change} to the stored bus and stores the result, in one write; when the bus is
     * not stored, to {@code ifMissing} (the default bus, stored once something is set on it), or
     * nothing happens when that is null. An exception thrown by {@code change} changes nothing.
     */
    Optional<EventBus> updateBus(Scope scope, String name, EventBus ifMissing, UnaryOperator<EventBus> change);

    /** Deletes the bus with its rules, their targets and every tag of them. */
    boolean deleteBus(Scope scope, String name);

    /** Stored buses, the default bus among them when it is stored. */
    List<EventBus> listBuses(Scope scope, String namePrefix, String afterName, int limit);

    /** How many buses the scope has, the default bus not counted. */
    int countCustomBuses(Scope scope);

    enum PutRuleResult { DONE, RULE_QUOTA, TAG_QUOTA }

    /**
     * Inserts or replaces the rule, keeping the tags it has and adding {@code tags}; refused when
     * the bus holds {@code ruleQuota} other rules, or when the rule would have more than
     * {@code tagQuota} tags.
     */
    PutRuleResult putRule(Rule rule, int ruleQuota, List<Tag> tags, int tagQuota);

    Optional<Rule> findRule(Scope scope, String bus, String name);

    /** Deletes the rule and its tags when it has no targets (or with them, when {@code withTargets}). */
    DeleteResult deleteRule(Scope scope, String bus, String name, boolean withTargets);

    enum DeleteResult { DELETED, NOT_FOUND, HAS_TARGETS }

    List<Rule> listRules(Scope scope, String bus, String namePrefix, String afterName, int limit);

    /**
     * The generation of the bus's routing: it changes, in the same transaction, with every change
     * to the bus's rules or targets (or archives) made by any node sharing the database. One
     * point read, made before a compiled machine is used.
     */
    long generation(Scope scope, String bus);

    /** Every rule of the bus (for matching). */
    List<Rule> rules(Scope scope, String bus);

    /** Every rule with a schedule, in every scope. */
    List<Rule> scheduledRules();

    /** Puts the targets (replacing those of the same id); false when the rule would exceed {@code quota} targets. */
    boolean putTargets(Scope scope, String bus, String rule, List<Target> targets, int quota);

    /** Removes the targets with these ids; the ids that were there. */
    List<String> removeTargets(Scope scope, String bus, String rule, List<String> ids);

    List<Target> targets(Scope scope, String bus, String rule, String afterId, int limit);

    /** The names of the bus's rules that have a target with this ARN, in name order, after {@code afterName}. */
    List<String> ruleNamesByTarget(Scope scope, String bus, String targetArn, String afterName, int limit);

    // ---- tags ----------------------------------------------------------------------------------

    /** A taggable resource: a bus ({@code rule} null) or a rule of a bus. The default bus always exists. */
    record Tagged(Scope scope, String bus, String rule) {}

    enum TagResult { DONE, NOT_FOUND, TOO_MANY }

    /** Adds the tags (a key already there takes the new value, in its place); refused beyond {@code quota} tags. */
    TagResult tag(Tagged resource, List<Tag> tags, int quota);

    /** Removes the tags with these keys; false when the resource does not exist. */
    boolean untag(Tagged resource, List<String> keys);

    /** The resource's tags in the order they were first added; empty when it does not exist. */
    Optional<List<Tag>> tags(Tagged resource);
}
