package org.bridgekeeper.rules;

import org.bridgekeeper.common.Scope;

/**
 * A rule on an event bus: which events (its pattern) go to its targets, or when (its
 * {@code rate(...)} schedule, default bus only), while it is enabled.
 */
public record Rule(Scope scope, String bus, String name, String eventPattern, String scheduleExpression, String state,
                   String description, String roleArn) {

    public static final String ENABLED = "ENABLED";
    public static final String DISABLED = "DISABLED";

    /** AWS leaves the bus out of the ARN for rules on the default bus. */
    public String arn() {
        return scope.arn("events", "rule/" + (bus.equals(EventBus.DEFAULT) ? "" : bus + "/") + name);
    }

    /** DescribeRule's CreatedBy: the account that created the rule, which is the rule's own here. */
    public String createdBy() {
        return scope.account();
    }

    /** ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS matches like ENABLED. */
    public boolean enabled() {
        return !state.equals(DISABLED);
    }

    Rule withState(String newState) {
        return new Rule(scope, bus, name, eventPattern, scheduleExpression, newState, description, roleArn);
    }
}
