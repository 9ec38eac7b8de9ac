package org.bridgekeeper.destinations;

import java.util.List;
import java.util.Optional;
import org.bridgekeeper.common.Scope;

/** Where API destinations live; the unique constraint decides name clashes. */
public interface ApiDestinationStore {

    enum InsertResult { CREATED, NAME_TAKEN, QUOTA_EXCEEDED }

    InsertResult insert(ApiDestination destination, int quota);

    Optional<ApiDestination> find(Scope scope, String name);

    /** Replaces the row; false if it was deleted meanwhile. */
    boolean update(ApiDestination destination);

    boolean delete(Scope scope, String name);

    /** In name order after {@code afterName}, filtered by name prefix or connection ARN when given. */
    List<ApiDestination> list(Scope scope, String namePrefix, String connectionArn, String afterName, int limit);
}
