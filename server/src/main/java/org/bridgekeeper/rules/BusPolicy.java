package org.bridgekeeper.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.bridgekeeper.error.Errors;

/**
 * An event bus's resource policy, as PutPermission and RemovePermission change it: compact JSON
 * (as DescribeEventBus answers it), statements with their keys in AWS's order ({@code Sid},
 * {@code Effect}, {@code Principal}, {@code Action}, {@code Resource}, {@code Condition}); an
 * account principal becomes {@code {"AWS":"arn:aws:iam::<account>:root"}}, {@code *} stays
 * {@code "*"} (recorded from AWS). Pure functions of the policy text.
 */
final class BusPolicy {

    /** AWS: "The permission policy on the event bus cannot exceed 10 KB in size." */
    static final int MAX_BYTES = 10 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** PutPermission's Condition: the only supported one is StringEquals on aws:PrincipalOrgID. */
    record Condition(String type, String key, String value) {}

    private BusPolicy() {}

    /**
     * The policy with the statement {@code sid} granting {@code action} to {@code principal} (an
     * account id or {@code *}): a statement of the same id is replaced in place, otherwise it is
     * appended.
     */
    static String put(String policy, String sid, String action, String principal, Condition condition,
                      String partition, String busArn) {
        ObjectNode statement = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
        if (principal.equals("*")) {
            statement.put("Principal", "*");
        } else {
            statement.putObject("Principal").put("AWS", "arn:" + partition + ":iam::" + principal + ":root");
        }
        statement.put("Action", action).put("Resource", busArn);
        if (condition != null) {
            statement.putObject("Condition").putObject(condition.type()).put(condition.key(), condition.value());
        }
        ObjectNode document = policy == null ? JSON.createObjectNode().put("Version", "2012-10-17") : parse(policy);
        JsonNode existing = document.get("Statement");
        ArrayNode statements = existing instanceof ArrayNode a ? a : document.putArray("Statement");
        if (existing != null && existing.isObject()) {
            statements.add(existing);
        }
        boolean replaced = false;
        for (int i = 0; i < statements.size(); i++) {
            if (sid.equals(statements.get(i).path("Sid").asText(null))) {
                statements.set(i, statement);
                replaced = true;
            }
        }
        if (!replaced) {
            statements.add(statement);
        }
        return checked(document);
    }

    /** PutPermission's {@code Policy} form: the document replaces the whole policy. */
    static String replace(String document) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw Errors.policyNotJson();
        }
        if (parsed == null || !parsed.isObject()) {
            throw Errors.policyNotJson();
        }
        return checked(parsed);
    }

    /** The policy without the statement {@code sid}; null when no statement is left. */
    static String remove(String policy, String sid) {
        if (policy == null) {
            throw Errors.statementNotFound();
        }
        ObjectNode document = parse(policy);
        JsonNode statements = document.path("Statement");
        ArrayNode kept = JSON.createArrayNode();
        boolean found = false;
        for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (sid.equals(statement.path("Sid").asText(null))) {
                found = true;
            } else {
                kept.add(statement);
            }
        }
        if (!found) {
            throw Errors.statementNotFound();
        }
        if (kept.isEmpty()) {
            return null;
        }
        document.set("Statement", kept);
        return document.toString();
    }

    private static String checked(JsonNode document) {
        String text = document.toString();
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw Errors.policyTooLong(MAX_BYTES);
        }
        return text;
    }

    private static ObjectNode parse(String policy) {
        try {
            return (ObjectNode) JSON.readTree(policy);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a stored event bus policy is not a JSON object", e);
        }
    }
}
