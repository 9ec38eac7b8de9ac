package org.bridgekeeper.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.KeyCheck;
import org.bridgekeeper.connections.SecretUnavailableException;
import org.bridgekeeper.error.AwsException.NotFoundException;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.error.Errors.Action;
import org.bridgekeeper.keys.Key.KeyState;
import org.bridgekeeper.secrets.CustomerKeys;
import org.bridgekeeper.secrets.Envelope;

/**
 * Customer managed keys, a KMS-compatible subset: keys with aliases, tags and states, whose
 * material is sealed by the master key. Connections name them in {@code KmsKeyIdentifier} (key
 * id, key ARN, alias name or alias ARN); a key must be enabled and carry the tag
 * {@code EventBridgeApiDestinations=true}, as AWS requires, to encrypt a connection's secret.
 */
public final class KeyService implements KeyCheck, CustomerKeys {

    private final KeyStore store;
    private final Envelope master;
    private final Clock clock;
    private final Ids ids;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecureRandom random = new SecureRandom();

    public KeyService(KeyStore store, Envelope master, Clock clock, Ids ids) {
        this.store = store;
        this.master = master;
        this.clock = clock;
        this.ids = ids;
    }

    /** A new enabled key; {@code policy} null gives it KMS's default policy. */
    public Key create(Scope scope, String description, Map<String, String> tags, String policy) {
        if (policy != null) {
            requirePolicyDocument(policy);
        }
        byte[] material = new byte[32];
        random.nextBytes(material);
        Key key = new Key(scope, ids.uuid(), description == null ? "" : description, KeyState.Enabled, now(), null,
                new LinkedHashMap<>(tags), policy != null ? policy : Key.defaultPolicy(scope.account()), null);
        store.insert(key, master.seal(material, key.arn()));
        return key;
    }

    /** The key a key id, key ARN, alias name or alias ARN names in {@code scope}. */
    public Key describe(Scope scope, String identifier) {
        return resolve(scope, identifier).orElseThrow(() -> notFound(scope, identifier));
    }

    public List<Key> list(Scope scope, String afterKeyId, int limit) {
        return store.list(scope, afterKeyId, limit);
    }

    public void enable(Scope scope, String identifier) {
        Key key = describe(scope, identifier);
        requireNotPendingDeletion(key);
        store.update(key.with(KeyState.Enabled, null));
    }

    public void disable(Scope scope, String identifier) {
        Key key = describe(scope, identifier);
        requireNotPendingDeletion(key);
        store.update(key.with(KeyState.Disabled, null));
    }

    /** AWS's default waiting period is 30 days (7 to 30 allowed). */
    public Key scheduleDeletion(Scope scope, String identifier, Integer days) {
        Key key = describe(scope, identifier);
        requireNotPendingDeletion(key);
        int window = days == null ? 30 : days;
        if (window < 7 || window > 30) {
            throw Errors.pendingWindowOutOfRange(window);
        }
        Key pending = key.with(KeyState.PendingDeletion,
                now().plus(Duration.ofDays(window)).truncatedTo(ChronoUnit.SECONDS));
        store.update(pending);
        return pending;
    }

    public void createAlias(Scope scope, String name, String targetKeyId) {
        if (!name.startsWith("alias/") || name.startsWith("alias/aws/") || name.length() == "alias/".length()) {
            throw Errors.invalidAliasName(name);
        }
        Key key = describe(scope, targetKeyId);
        requireNotPendingDeletion(key);
        Instant now = now();
        Alias alias = new Alias(scope, name, key.keyId(), now, now);
        if (!store.insert(alias)) {
            throw Errors.aliasExists(alias.arn());
        }
    }

    /** Points an existing alias at another key; the new key must not be pending deletion (KMS's key state table). */
    public void updateAlias(Scope scope, String name, String targetKeyId) {
        Alias alias = store.alias(scope, name).orElseThrow(() -> Errors.aliasNotFound(scope.arn("kms", name)));
        Key key = describe(scope, targetKeyId);
        requireNotPendingDeletion(key);
        if (!store.update(new Alias(scope, name, key.keyId(), alias.creationDate(), now()))) {
            throw Errors.aliasNotFound(alias.arn());
        }
    }

    /** Allowed in every key state. */
    public void deleteAlias(Scope scope, String name) {
        if (!store.deleteAlias(scope, name)) {
            throw Errors.aliasNotFound(scope.arn("kms", name));
        }
    }

    public void untag(Scope scope, String identifier, List<String> tagKeys) {
        Key key = describe(scope, identifier);
        requireNotPendingDeletion(key);
        Map<String, String> remaining = new LinkedHashMap<>(key.tags());
        tagKeys.forEach(remaining::remove);
        store.update(key.withTags(remaining));
    }

    public void updateDescription(Scope scope, String identifier, String description) {
        Key key = describe(scope, identifier);
        requireNotPendingDeletion(key);
        store.update(key.withDescription(description));
    }

    /** The key policy; {@code policyName} "default" (or null) is the only name a key policy has. */
    public String policy(Scope scope, String identifier, String policyName) {
        Key key = describe(scope, identifier);
        requireDefaultPolicyName(policyName);
        return key.effectivePolicy();
    }

    /** Stores the policy as given (allowed in every key state); it must be a JSON object. */
    public void putPolicy(Scope scope, String identifier, String policyName, String policy) {
        Key key = describe(scope, identifier);
        requireDefaultPolicyName(policyName);
        requirePolicyDocument(policy);
        store.update(key.withPolicy(policy));
    }

    /** AWS's default rotation period is 365 days (90 to 2560 allowed, which the model checks). */
    public void enableRotation(Scope scope, String identifier, Integer periodInDays) {
        Key key = describe(scope, identifier);
        requireEnabled(key);
        store.update(key.withRotation(periodInDays == null ? 365 : periodInDays));
    }

    public void disableRotation(Scope scope, String identifier) {
        Key key = describe(scope, identifier);
        requireEnabled(key);
        store.update(key.withRotation(null));
    }

    /** Cancels a scheduled deletion: the key is then Disabled, as KMS leaves it. */
    public Key cancelDeletion(Scope scope, String identifier) {
        Key key = describe(scope, identifier);
        if (key.state() != KeyState.PendingDeletion) {
            throw Errors.keyNotPendingDeletion(key.arn());
        }
        Key disabled = key.with(KeyState.Disabled, null);
        store.update(disabled);
        return disabled;
    }

    public List<Alias> aliases(Scope scope, String keyIdentifier, String afterName, int limit) {
        String keyId = keyIdentifier == null ? null : describe(scope, keyIdentifier).keyId();
        return store.aliases(scope, keyId, afterName, limit);
    }

    public void tag(Scope scope, String identifier, Map<String, String> tags) {
        Key key = describe(scope, identifier);
        requireNotPendingDeletion(key);
        Map<String, String> merged = new LinkedHashMap<>(key.tags());
        merged.putAll(tags);
        store.update(key.withTags(merged));
    }

    @Override
    public void requireUsable(Scope scope, String identifier, Action action) {
        Key key = resolve(scope, identifier).orElseThrow(() -> Errors.kmsKeyNotFound(action, identifier));
        Optional<String> problem = problem(key);
        if (problem.isPresent()) {
            throw Errors.kmsKeyUnusable(action, problem.get());
        }
    }

    @Override
    public Wrapping forEncryption(Scope scope, String identifier) {
        Key key = resolve(scope, identifier)
                .orElseThrow(() -> gone(identifier));
        return new Wrapping(key.arn(), material(key));
    }

    @Override
    public SecretKey forDecryption(String keyArn) {
        // arn:<partition>:kms:<region>:<account>:key/<id>
        String[] parts = keyArn.split(":", 6);
        if (parts.length != 6 || !parts[5].startsWith("key/")) {
            throw gone(keyArn);
        }
        Key key = store.find(new Scope(parts[4], parts[3]), parts[5].substring(4))
                .orElseThrow(() -> gone(keyArn));
        return material(key);
    }

    /** The key's material, if the key may be used now. */
    private SecretKey material(Key key) {
        if (key.state() != KeyState.Enabled) {
            throw new SecretUnavailableException(problem(key).orElseThrow());
        }
        byte[] sealed = store.sealedMaterial(key.scope(), key.keyId())
                .orElseThrow(() -> gone(key.arn()));
        return new SecretKeySpec(master.open(sealed, key.arn()), "AES");
    }

    /** Why a key cannot protect connection secrets (a StateReason or error text), or empty. */
    private static Optional<String> problem(Key key) {
        return switch (key.state()) {
            case Disabled -> Optional.of("The KMS key " + key.arn() + " is disabled.");
            case PendingDeletion -> Optional.of("The KMS key " + key.arn() + " is pending deletion.");
            case Enabled -> "true".equals(key.tags().get(Key.REQUIRED_TAG)) ? Optional.empty()
                    : Optional.of("The KMS key " + key.arn() + " must carry the tag " + Key.REQUIRED_TAG + "=true.");
        };
    }

    /** A connection's StateReason when its key is gone (not an AWS error: the connection is de-authorized). */
    private static SecretUnavailableException gone(String key) {
        return new SecretUnavailableException("The KMS key " + key + " does not exist.");
    }

    private Optional<Key> resolve(Scope scope, String identifier) {
        String id = identifier;
        String keyArnPrefix = scope.arn("kms", "key/");
        String aliasArnPrefix = scope.arn("kms", "alias/");
        if (id.startsWith(aliasArnPrefix)) {
            id = id.substring(aliasArnPrefix.length() - "alias/".length());
        } else if (id.startsWith(keyArnPrefix)) {
            id = id.substring(keyArnPrefix.length());
        } else if (id.startsWith("arn:")) {
            return Optional.empty(); // another account or region: not visible from this scope
        }
        if (id.startsWith("alias/")) {
            return store.alias(scope, id).flatMap(a -> store.find(scope, a.targetKeyId()));
        }
        return store.find(scope, id);
    }

    /** KMS's key state table: rotation can be changed only on an enabled key. */
    private static void requireEnabled(Key key) {
        requireNotPendingDeletion(key);
        if (key.state() == KeyState.Disabled) {
            throw Errors.keyDisabled(key.arn());
        }
    }

    private static void requireDefaultPolicyName(String policyName) {
        if (policyName != null && !policyName.equals("default")) {
            throw Errors.noSuchPolicy();
        }
    }

    private static void requirePolicyDocument(String policy) {
        try {
            if (!JSON.readTree(policy).isObject()) {
                throw Errors.malformedPolicy();
            }
        } catch (IOException e) {
            throw Errors.malformedPolicy();
        }
    }

    private static void requireNotPendingDeletion(Key key) {
        if (key.state() == KeyState.PendingDeletion) {
            throw Errors.keyPendingDeletion(key.arn());
        }
    }

    private static NotFoundException notFound(Scope scope, String identifier) {
        if (identifier.startsWith("alias/") || identifier.contains(":alias/")) {
            return Errors.aliasNotFound(identifier.startsWith("arn:") ? identifier : scope.arn("kms", identifier));
        }
        return Errors.keyNotFound(identifier.startsWith("arn:") ? identifier : scope.arn("kms", "key/" + identifier));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
