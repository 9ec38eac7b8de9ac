package org.bridgekeeper.keys;

import java.time.Instant;
import org.bridgekeeper.common.Scope;

/** {@code alias/<name>} pointing at a key of the same scope; {@code lastUpdatedDate} moves with UpdateAlias. */
public record Alias(Scope scope, String name, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {

    public String arn() {
        return scope.arn("kms", name);
    }
}
