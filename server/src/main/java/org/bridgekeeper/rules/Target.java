package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rule's target as PutTargets gave it (validated against the model's Target shape). It is kept
 * whole, so ListTargetsByRule answers exactly what was put; the members delivery needs are read
 * from it.
 */
public record Target(String id, JsonNode definition) {

    /** AWS's defaults when a target has no RetryPolicy: 185 retries within 24 hours. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 185;
    public static final int DEFAULT_EVENT_AGE_SECONDS = 86_400;

    public String arn() {
        return definition.path("Arn").asText();
    }

    public int maximumRetryAttempts() {
        JsonNode value = definition.path("RetryPolicy").path("MaximumRetryAttempts");
        return value.isInt() ? value.intValue() : DEFAULT_RETRY_ATTEMPTS;
    }

    public int maximumEventAgeSeconds() {
        JsonNode value = definition.path("RetryPolicy").path("MaximumEventAgeInSeconds");
        return value.isInt() ? value.intValue() : DEFAULT_EVENT_AGE_SECONDS;
    }

    /** The HttpParameters member, or null. */
    public JsonNode httpParameters() {
        JsonNode value = definition.get("HttpParameters");
        return value == null || value.isNull() ? null : value;
    }
}
