package org.bridgekeeper.error;

import org.bridgekeeper.error.AwsException.ConcurrentModificationException;
import org.bridgekeeper.error.AwsException.LimitExceededException;
import org.bridgekeeper.error.AwsException.ResourceAlreadyExistsException;
import org.bridgekeeper.error.AwsException.ResourceNotFoundException;
import org.bridgekeeper.error.AwsException.ValidationException;

/**
 * AWS's message texts, in one place. Texts recorded from AWS are marked so; the others follow
 * AWS's style and are listed in docs/differences.md.
 */
public final class Errors {

    private Errors() {}

    /** The verb AWS puts in "Failed to &lt;verb&gt; the connection(s)." */
    public enum Action {
        CREATE("create"), DESCRIBE("describe"), UPDATE("update"), DELETE("delete"),
        DEAUTHORIZE("deauthorize"), LIST("list");

        private final String verb;

        Action(String verb) { this.verb = verb; }

        /** "Failed to &lt;verb&gt; the connection(s). " */
        public String connections() { return "Failed to " + verb + " the connection(s). "; }
    }

    /** Recorded from AWS (describe); the other verbs by analogy with the api-destination texts. */
    public static ResourceNotFoundException connectionNotFound(Action action, String name) {
        return new ResourceNotFoundException(action.connections() + "Connection '" + name + "' does not exist.");
    }

    public static ResourceAlreadyExistsException connectionExists(String name) {
        return new ResourceAlreadyExistsException(Action.CREATE.connections() + "Connection '" + name + "' already exists.");
    }

    public static LimitExceededException connectionQuota(int quota) {
        return new LimitExceededException(Action.CREATE.connections()
                + "The maximum number of connections (" + quota + ") for this account and region has been reached.");
    }

    public static LimitExceededException privateConnectionQuota(int quota) {
        return new LimitExceededException("The maximum number of private connections (" + quota
                + ") for this account and region has been reached.");
    }

    /** Recorded from AWS (update while DEAUTHORIZING). */
    public static ConcurrentModificationException connectionModifiedConcurrently(Action action, String name) {
        return new ConcurrentModificationException(action.connections() + "Connection '" + name + "' was modified concurrently.");
    }

    /** Recorded from AWS. */
    public static ValidationException updateNeedsSomething() {
        return new ValidationException(Action.UPDATE.connections()
                + "At least one of the following is required: Description, KmsKeyIdentifier, AuthorizationType with "
                + "BasicAuthParameters, ApiKeyAuthParameters, or OAuthParameters.");
    }

    public static ValidationException connectionInvalid(Action action, String reason) {
        return new ValidationException(action.connections() + reason);
    }

    public static ValidationException invalidNextToken(Action action) {
        return new ValidationException(action.connections() + "The NextToken is not valid or has expired.");
    }
}
