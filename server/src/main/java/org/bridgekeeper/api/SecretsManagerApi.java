package org.bridgekeeper.api;

import static org.bridgekeeper.api.Inputs.integer;
import static org.bridgekeeper.api.Inputs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.AuthParameters;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.ConnectionRequests;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.connections.ConnectionState;
import org.bridgekeeper.connections.SecretJson;
import org.bridgekeeper.error.Errors;

/**
 * Secrets Manager's reads ({@code X-Amz-Target: secretsmanager.*}) of the secrets connections
 * keep, as AWS exposes them: each connection's secret ({@code events!connection/<name>/<uuid>},
 * owned by {@code events}) is readable by its own account with GetSecretValue, in the JSON layout
 * AWS gives connection secrets; DescribeSecret, ListSecrets (only connection secrets exist here),
 * ListSecretVersionIds and GetResourcePolicy describe it. Writes are refused as AWS refuses them
 * for a secret another service manages. The value is read through {@link ConnectionService}, so
 * an unreadable secret de-authorizes its connection as anywhere else.
 *
 * <p>With {@code --secrets-api off} every operation answers that the API is off.
 */
final class SecretsManagerApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NAME_PREFIX = "events!connection/";
    private static final String OWNER = "events";
    private static final String OWNER_TAG = "aws:secretsmanager:owningService";
    private static final String CURRENT = "AWSCURRENT";

    /** The writes of the model; each is refused on a connection secret (and on a missing one, as not found). */
    private static final List<String> WRITES = List.of("PutSecretValue", "UpdateSecret", "DeleteSecret", "RestoreSecret",
            "RotateSecret", "CancelRotateSecret", "TagResource", "UntagResource", "PutResourcePolicy",
            "DeleteResourcePolicy", "UpdateSecretVersionStage", "ReplicateSecretToRegions",
            "RemoveRegionsFromReplication", "StopReplicationToReplica");

    private final ConnectionService connections;
    private final boolean enabled;

    SecretsManagerApi(ConnectionService connections, boolean enabled) {
        this.connections = connections;
        this.enabled = enabled;
    }

    public Map<String, HttpApi.Handler> handlers() {
        Map<String, HttpApi.Handler> handlers = new HashMap<>();
        handlers.put("GetSecretValue", this::getSecretValue);
        handlers.put("DescribeSecret", (scope, in) -> describe(secret(scope, text(in, "SecretId"), "DescribeSecret"), false));
        handlers.put("ListSecrets", this::listSecrets);
        handlers.put("ListSecretVersionIds", this::listVersions);
        handlers.put("GetResourcePolicy", (scope, in) -> {
            Secret s = secret(scope, text(in, "SecretId"), "GetResourcePolicy");
            return NODES.objectNode().put("ARN", s.arn()).put("Name", s.name());
        });
        for (String write : WRITES) {
            handlers.put(write, (scope, in) -> {
                secret(scope, text(in, "SecretId"), write);
                throw Errors.secretOwnedByAnotherService(OWNER);
            });
        }
        if (!enabled) {
            handlers.replaceAll((operation, handler) -> (scope, in) -> {
                throw Errors.secretsApiOff();
            });
        }
        return Map.copyOf(handlers);
    }

    // ---- the operations -------------------------------------------------------------------------

    private JsonNode getSecretValue(Scope scope, JsonNode in) {
        Secret s = secret(scope, text(in, "SecretId"), "GetSecretValue");
        String versionId = text(in, "VersionId");
        String stage = text(in, "VersionStage");
        if (versionId != null && !versionId.equals(s.versionId())) {
            throw Errors.secretVersionNotFound(versionId);
        }
        if (stage != null && !stage.equals(CURRENT)) {
            throw Errors.secretStageNotFound(stage);
        }
        if (s.markedForDeletion()) {
            throw Errors.secretMarkedForDeletion();
        }
        // The value: through the door, which de-authorizes the connection if it cannot be opened.
        Connection open = connections.withSecrets(scope, s.connection().name())
                .filter(c -> s.connection().secretId().equals(c.secretId()) && c.auth() != null)
                .orElseThrow(Errors::secretDecryptionFailure);
        ObjectNode out = NODES.objectNode().put("ARN", s.arn()).put("Name", s.name()).put("VersionId", s.versionId())
                .put("SecretString", SecretJson.awsSecretString(open.auth()));
        out.putArray("VersionStages").add(CURRENT);
        out.put("CreatedDate", s.connection().lastModifiedTime().getEpochSecond());
        return out;
    }

    private JsonNode listVersions(Scope scope, JsonNode in) {
        Secret s = secret(scope, text(in, "SecretId"), "ListSecretVersionIds");
        ObjectNode out = NODES.objectNode();
        ArrayNode versions = out.putArray("Versions");
        if (!s.markedForDeletion()) {
            ObjectNode v = versions.addObject().put("VersionId", s.versionId());
            v.putArray("VersionStages").add(CURRENT);
            v.put("CreatedDate", s.connection().lastModifiedTime().getEpochSecond());
        }
        return out.put("ARN", s.arn()).put("Name", s.name());
    }

    private JsonNode listSecrets(Scope scope, JsonNode in) {
        boolean includeDeleted = in.path("IncludePlannedDeletion").asBoolean(false);
        List<Filter> filters = new ArrayList<>();
        in.path("Filters").forEach(f -> {
            List<String> values = new ArrayList<>();
            f.path("Values").forEach(v -> values.add(v.asText()));
            filters.add(new Filter(f.path("Key").asText(), values));
        });
        List<Secret> all = new ArrayList<>();
        String token = null;
        do {
            ConnectionService.Page page = connections.list(scope, new ConnectionRequests.List(null, null, token, 100));
            for (Connection listed : page.connections()) {
                connections.find(scope, listed.name()).flatMap(c -> Secret.of(c)).ifPresent(all::add);
            }
            token = page.nextToken();
        } while (token != null);
        List<Secret> matching = new ArrayList<>(all.stream()
                .filter(s -> includeDeleted || !s.markedForDeletion())
                .filter(s -> filters.stream().allMatch(f -> f.matches(s)))
                .toList());
        Comparator<Secret> order = switch (String.valueOf(text(in, "SortBy"))) {
            case "name" -> Comparator.comparing(Secret::name);
            case "last-changed-date", "last-accessed-date" -> Comparator.comparing(s -> s.connection().lastModifiedTime());
            default -> Comparator.comparing(s -> s.connection().creationTime());
        };
        matching.sort("desc".equals(text(in, "SortOrder")) ? order.reversed() : order);

        int offset = offset(text(in, "NextToken"));
        Integer max = integer(in, "MaxResults");
        int limit = max == null ? 100 : max;
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("SecretList");
        matching.stream().skip(offset).limit(limit).forEach(s -> list.add(describe(s, true)));
        if (offset + limit < matching.size()) {
            out.put("NextToken", Base64.getEncoder().encodeToString(("offset:" + (offset + limit))
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static int offset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                int offset = Integer.parseInt(text.substring("offset:".length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // not ours: refused below
        }
        throw Errors.invalidSecretsNextToken();
    }

    /** DescribeSecret's answer, or a ListSecrets entry (whose map of versions has another name). */
    private static ObjectNode describe(Secret s, boolean listEntry) {
        Connection c = s.connection();
        ObjectNode out = NODES.objectNode().put("ARN", s.arn()).put("Name", s.name());
        if (c.kmsKeyIdentifier() != null) {
            out.put("KmsKeyId", c.kmsKeyIdentifier());
        }
        out.put("RotationEnabled", false);
        out.put("LastChangedDate", c.lastModifiedTime().getEpochSecond());
        if (s.markedForDeletion()) {
            out.put("DeletedDate", c.lastModifiedTime().getEpochSecond());
        }
        out.putArray("Tags").addObject().put("Key", OWNER_TAG).put("Value", OWNER);
        if (!s.markedForDeletion()) {
            out.putObject(listEntry ? "SecretVersionsToStages" : "VersionIdsToStages").putArray(s.versionId()).add(CURRENT);
        }
        out.put("OwningService", OWNER);
        out.put("CreatedDate", c.creationTime().getEpochSecond());
        return out;
    }

    // ---- finding the secret a SecretId names -------------------------------------------------------

    /**
     * A connection's secret as this API shows it. {@code markedForDeletion}: its connection is being
     * de-authorized or deleted (AWS marks the secret for deletion then, and it is gone afterwards).
     */
    private record Secret(Connection connection, String arn, String name, String versionId, boolean markedForDeletion) {

        static Optional<Secret> of(Connection c) {
            if (c.secretId() == null) {
                return Optional.empty();
            }
            String name = NAME_PREFIX + c.name() + "/" + uuidOf(c.secretId());
            // A new version whenever the connection (and so, possibly, its secret) changes.
            String versionId = UUID.nameUUIDFromBytes((c.secretArn() + "\n" + c.lastModifiedTime().toEpochMilli())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            boolean deleting = c.auth() == null || c.state() == ConnectionState.DELETING
                    || c.state() == ConnectionState.DEAUTHORIZING;
            return Optional.of(new Secret(c, c.secretArn(), name, versionId, deleting));
        }

        private static String uuidOf(String secretId) {
            return secretId.length() > 36 ? secretId.substring(0, 36) : secretId;
        }
    }

    /**
     * The connection secret {@code secretId} names (its ARN, its ARN without the 6-character
     * suffix, or its name) in the caller's account and region. Another account's ARN is refused as
     * IAM refuses it, before anything is looked up.
     */
    private Secret secret(Scope scope, String secretId, String operation) {
        String id = secretId;
        if (id.startsWith("arn:")) {
            // arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-<suffix>]
            String[] parts = id.split(":", 7);
            if (parts.length != 7 || !parts[2].equals("secretsmanager") || !parts[5].equals("secret")) {
                throw Errors.secretNotFound();
            }
            if (!parts[4].equals(scope.account())) {
                throw Errors.secretAccessDenied(callerArn(scope), operation, secretId);
            }
            if (!parts[3].equals(scope.region())) {
                throw Errors.secretNotFound();
            }
            id = parts[6];
        }
        if (!id.startsWith(NAME_PREFIX)) {
            throw Errors.secretNotFound();
        }
        String[] rest = id.substring(NAME_PREFIX.length()).split("/");
        if (rest.length != 2 || rest[0].isEmpty()) {
            throw Errors.secretNotFound();
        }
        String idPart = rest[1];
        return connections.find(scope, rest[0]).flatMap(Secret::of)
                .filter(s -> idPart.equals(s.connection().secretId()) || idPart.equals(Secret.uuidOf(s.connection().secretId())))
                .orElseThrow(Errors::secretNotFound);
    }

    /** The identity every caller of an account has here (see StsApi). */
    static String callerArn(Scope scope) {
        return "arn:" + scope.partition() + ":iam::" + scope.account() + ":root";
    }

    // ---- ListSecrets filters --------------------------------------------------------------------------

    /** One filter: its values are alternatives (a leading {@code !} negates one); filters all apply. */
    private record Filter(String key, List<String> values) {

        boolean matches(Secret s) {
            List<String> positive = values.stream().filter(v -> !v.startsWith("!")).toList();
            List<String> negative = values.stream().filter(v -> v.startsWith("!")).map(v -> v.substring(1)).toList();
            if (negative.stream().anyMatch(v -> hit(s, v))) {
                return false;
            }
            return positive.isEmpty() || positive.stream().anyMatch(v -> hit(s, v));
        }

        private boolean hit(Secret s, String value) {
            return switch (key) {
                case "name" -> s.name().startsWith(value);
                case "description" -> value.isEmpty(); // connection secrets have no description
                case "tag-key" -> OWNER_TAG.startsWith(value);
                case "tag-value", "owning-service" -> OWNER.startsWith(value);
                case "primary-region" -> s.connection().scope().region().startsWith(value);
                default -> { // "all": every word of the value must occur in one of the attributes
                    String haystack = String.join(" ", s.name(), OWNER_TAG, OWNER, s.connection().scope().region())
                            .toLowerCase(Locale.ROOT);
                    yield java.util.Arrays.stream(value.toLowerCase(Locale.ROOT).split("\\s+"))
                            .allMatch(haystack::contains);
                }
            };
        }
    }
}
