package org.bridgekeeper.keys;

import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/** Where customer managed keys and their aliases live; key material is stored sealed by the master key. */
public interface KeyStore {

    void insert(Key key, byte[] sealedMaterial);

    Optional<Key> find(Scope scope, String keyId);

    Optional<byte[]> sealedMaterial(Scope scope, String keyId);

    /** Writes everything of the key but its id, creation date and material. */
    void update(Key key);

    /** Keys in id order after {@code afterKeyId}, at most {@code limit}. */
    List<Key> list(Scope scope, String afterKeyId, int limit);

    /** False when the alias name is taken (the unique constraint decides). */
    boolean insert(Alias alias);

    Optional<Alias> alias(Scope scope, String name);

    /** Points an existing alias at another key; false when the alias does not exist. */
    boolean update(Alias alias);

    /** False when the alias did not exist. */
    boolean deleteAlias(Scope scope, String name);

    /** Aliases in name order after {@code afterName}, of one key when {@code keyId} is not null. */
    List<Alias> aliases(Scope scope, String keyId, String afterName, int limit);
}
