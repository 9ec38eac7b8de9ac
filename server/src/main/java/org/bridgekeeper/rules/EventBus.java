package org.bridgekeeper.rules;

import java.time.Instant;
import org.bridgekeeper.common.Scope;

/**
 * An event bus and its settings. The {@code default} bus of every scope exists without being
 * created; it is stored only once something is set on it (a policy, a dead-letter queue, ...).
 *
 * <p>{@code kmsKeyIdentifier}, {@code deadLetterConfig} and {@code logConfig} are kept and
 * described as given: there is no KMS encryption of events, SQS or CloudWatch Logs here.
 * {@code policy} is the resource policy as a JSON string, as DescribeEventBus answers it.
 */
public record EventBus(Scope scope, String name, String description, String kmsKeyIdentifier,
                       DeadLetterConfig deadLetterConfig, LogConfig logConfig, String policy,
                       Instant creationTime, Instant lastModifiedTime) {

    public static final String DEFAULT = "default";

    /** The bus's dead-letter queue; {@code arn} may be absent, as the model allows. */
    public record DeadLetterConfig(String arn) {}

    /** The bus's log settings: {@code includeDetail} NONE or FULL, {@code level} OFF, ERROR, INFO or TRACE. */
    public record LogConfig(String includeDetail, String level) {}

    /** A bus with no settings. */
    public static EventBus plain(Scope scope, String name, Instant creationTime) {
        return new EventBus(scope, name, null, null, null, null, null, creationTime, creationTime);
    }

    public String arn() {
        return scope.arn("events", "event-bus/" + name);
    }

    /** UpdateEventBus: the four settings as given, the policy kept. */
    EventBus withSettings(String newDescription, String newKmsKeyIdentifier, DeadLetterConfig newDeadLetterConfig,
                          LogConfig newLogConfig, Instant now) {
        return new EventBus(scope, name, newDescription, newKmsKeyIdentifier, newDeadLetterConfig, newLogConfig, policy,
                creationTime, now);
    }

    EventBus withPolicy(String newPolicy, Instant now) {
        return new EventBus(scope, name, description, kmsKeyIdentifier, deadLetterConfig, logConfig, newPolicy,
                creationTime, now);
    }
}
