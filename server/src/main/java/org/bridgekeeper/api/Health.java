package org.bridgekeeper.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code GET /health} checks: each part the server cannot work without says what is wrong
 * with it, or nothing. A server whose database writer or delivery engine has stopped answers 503
 * with the problems, so that a supervisor or load balancer takes it out instead of trusting a
 * half-dead process (crash-only: it is restarted, and durable state means nothing is lost).
 * Checks are called on every {@code /health}: each must be cheap and must not block.
 */
public record Health(List<Check> checks) {

    /** One part: its name in the answer, and its problem now (empty when it works). */
    public record Check(String name, Supplier<Optional<String>> problem) {}

    public Health {
        checks = List.copyOf(checks);
    }

    /** Nothing checked: always healthy. */
    public static Health none() {
        return new Health(List.of());
    }

    /** The problems now, by check name; empty when healthy. A check that throws is a problem. */
    Map<String, String> problems() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Check check : checks) {
            try {
                check.problem().get().ifPresent(p -> out.put(check.name(), p));
            } catch (RuntimeException e) {
                out.put(check.name(), "its check failed (" + e.getClass().getSimpleName() + ")");
            }
        }
        return out;
    }
}
