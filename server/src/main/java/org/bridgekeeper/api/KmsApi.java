package org.bridgekeeper.api;

import static org.bridgekeeper.api.Inputs.absent;
import static org.bridgekeeper.api.Inputs.integer;
import static org.bridgekeeper.api.Inputs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.keys.Alias;
import org.bridgekeeper.keys.Key;
import org.bridgekeeper.keys.KeyService;

/**
 * The KMS-compatible key API ({@code X-Amz-Target: TrentService.*}) on the same port, so that
 * {@code aws kms ... --endpoint-url} and the SDKs' KMS clients manage the keys that connections
 * name in {@code KmsKeyIdentifier}. Only symmetric encryption keys exist here.
 */
final class KmsApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_LIMIT = 100;

    private final KeyService keys;

    KmsApi(KeyService keys) {
        this.keys = keys;
    }

    public Map<String, HttpApi.Handler> handlers() {
        Map<String, HttpApi.Handler> handlers = new java.util.HashMap<>(Map.of(
                "CreateKey", (scope, in) -> NODES.objectNode().set("KeyMetadata",
                        metadata(keys.create(scope, text(in, "Description"), tags(in.get("Tags")), text(in, "Policy")))),
                "DescribeKey", (scope, in) -> NODES.objectNode().set("KeyMetadata",
                        metadata(keys.describe(scope, text(in, "KeyId")))),
                "ListKeys", (scope, in) -> {
                    int limit = limit(in);
                    List<Key> page = keys.list(scope, text(in, "Marker"), limit + 1);
                    ObjectNode out = NODES.objectNode();
                    ArrayNode list = out.putArray("Keys");
                    page.stream().limit(limit).forEach(k -> list.addObject().put("KeyId", k.keyId()).put("KeyArn", k.arn()));
                    return truncated(out, page.size() > limit, page.size() > limit ? page.get(limit - 1).keyId() : null);
                },
                "EnableKey", (scope, in) -> {
                    keys.enable(scope, text(in, "KeyId"));
                    return NODES.objectNode();
                },
                "DisableKey", (scope, in) -> {
                    keys.disable(scope, text(in, "KeyId"));
                    return NODES.objectNode();
                },
                "ScheduleKeyDeletion", (scope, in) -> {
                    JsonNode days = in.get("PendingWindowInDays");
                    Key key = keys.scheduleDeletion(scope, text(in, "KeyId"), days == null || days.isNull() ? null : days.intValue());
                    return NODES.objectNode().put("KeyId", key.arn()).put("DeletionDate", key.deletionDate().getEpochSecond())
                            .put("KeyState", key.state().name())
                            .put("PendingWindowInDays", days == null || days.isNull() ? 30 : days.intValue());
                },
                "CreateAlias", (scope, in) -> {
                    keys.createAlias(scope, text(in, "AliasName"), text(in, "TargetKeyId"));
                    return NODES.objectNode();
                },
                "ListAliases", (scope, in) -> {
                    int limit = limit(in);
                    List<Alias> page = keys.aliases(scope, text(in, "KeyId"), text(in, "Marker"), limit + 1);
                    ObjectNode out = NODES.objectNode();
                    ArrayNode list = out.putArray("Aliases");
                    page.stream().limit(limit).forEach(a -> list.addObject().put("AliasName", a.name())
                            .put("AliasArn", a.arn()).put("TargetKeyId", a.targetKeyId())
                            .put("CreationDate", a.creationDate().getEpochSecond())
                            .put("LastUpdatedDate", a.lastUpdatedDate().getEpochSecond()));
                    return truncated(out, page.size() > limit, page.size() > limit ? page.get(limit - 1).name() : null);
                },
                "TagResource", (scope, in) -> {
                    keys.tag(scope, text(in, "KeyId"), tags(in.get("Tags")));
                    return NODES.objectNode();
                },
                "ListResourceTags", (scope, in) -> {
                    ObjectNode out = NODES.objectNode();
                    ArrayNode list = out.putArray("Tags");
                    keys.describe(scope, text(in, "KeyId")).tags()
                            .forEach((k, v) -> list.addObject().put("TagKey", k).put("TagValue", v));
                    return out.put("Truncated", false);
                }));
        handlers.putAll(Map.of(
                "UntagResource", (scope, in) -> {
                    List<String> tagKeys = new java.util.ArrayList<>();
                    in.path("TagKeys").forEach(k -> tagKeys.add(k.asText()));
                    keys.untag(scope, text(in, "KeyId"), tagKeys);
                    return NODES.objectNode();
                },
                "UpdateKeyDescription", (scope, in) -> {
                    keys.updateDescription(scope, text(in, "KeyId"), text(in, "Description"));
                    return NODES.objectNode();
                },
                "GetKeyPolicy", (scope, in) -> NODES.objectNode()
                        .put("Policy", keys.policy(scope, text(in, "KeyId"), text(in, "PolicyName")))
                        .put("PolicyName", "default"),
                "PutKeyPolicy", (scope, in) -> {
                    keys.putPolicy(scope, text(in, "KeyId"), text(in, "PolicyName"), text(in, "Policy"));
                    return NODES.objectNode();
                },
                "GetKeyRotationStatus", (scope, in) -> {
                    Key key = keys.describe(scope, text(in, "KeyId"));
                    ObjectNode out = NODES.objectNode()
                            .put("KeyRotationEnabled", key.rotationPeriodInDays() != null)
                            .put("KeyId", key.arn());
                    if (key.rotationPeriodInDays() != null) {
                        out.put("RotationPeriodInDays", key.rotationPeriodInDays());
                    }
                    return out;
                },
                "EnableKeyRotation", (scope, in) -> {
                    JsonNode days = in.get("RotationPeriodInDays");
                    keys.enableRotation(scope, text(in, "KeyId"), days == null || days.isNull() ? null : days.intValue());
                    return NODES.objectNode();
                },
                "DisableKeyRotation", (scope, in) -> {
                    keys.disableRotation(scope, text(in, "KeyId"));
                    return NODES.objectNode();
                },
                "CancelKeyDeletion", (scope, in) -> NODES.objectNode()
                        .put("KeyId", keys.cancelDeletion(scope, text(in, "KeyId")).arn()),
                "DeleteAlias", (scope, in) -> {
                    keys.deleteAlias(scope, text(in, "AliasName"));
                    return NODES.objectNode();
                },
                "UpdateAlias", (scope, in) -> {
                    keys.updateAlias(scope, text(in, "AliasName"), text(in, "TargetKeyId"));
                    return NODES.objectNode();
                }));
        handlers.put("ListKeyPolicies", (scope, in) -> {
            keys.describe(scope, text(in, "KeyId"));
            ObjectNode out = NODES.objectNode();
            out.putArray("PolicyNames").add("default"); // the one key policy a key has
            return out.put("Truncated", false);
        });
        return Map.copyOf(handlers);
    }

    private static ObjectNode metadata(Key key) {
        ObjectNode m = NODES.objectNode()
                .put("AWSAccountId", key.scope().account())
                .put("KeyId", key.keyId())
                .put("Arn", key.arn())
                .put("CreationDate", key.creationDate().getEpochSecond())
                .put("Enabled", key.state() == Key.KeyState.Enabled)
                .put("Description", key.description())
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put("KeyState", key.state().name())
                .put("Origin", "AWS_KMS")
                .put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
                .put("KeySpec", "SYMMETRIC_DEFAULT")
                .put("MultiRegion", false);
        m.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        if (key.deletionDate() != null) {
            m.put("DeletionDate", key.deletionDate().getEpochSecond());
        }
        return m;
    }

    private static ObjectNode truncated(ObjectNode out, boolean truncated, String nextMarker) {
        out.put("Truncated", truncated);
        if (nextMarker != null) {
            out.put("NextMarker", nextMarker);
        }
        return out;
    }

    private static int limit(JsonNode in) {
        JsonNode limit = in.get("Limit");
        return limit == null || limit.isNull() ? DEFAULT_LIMIT : limit.intValue();
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list != null && !list.isNull()) {
            list.forEach(t -> out.put(t.path("TagKey").asText(), t.path("TagValue").asText()));
        }
        return out;
    }

}
