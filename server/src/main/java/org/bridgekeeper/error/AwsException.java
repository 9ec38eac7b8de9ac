package org.bridgekeeper.error;

/**
 * Every error that reaches a client, as AWS names it on the wire.
 *
 * <p>The hierarchy is closed: the API layer maps each leaf to its wire form in one place, and
 * anything that is not an {@code AwsException} becomes an {@link InternalException} there. The
 * message is what the client sees, so it must never carry a secret: the factories in
 * {@link Errors} build AWS's texts from names and ARNs only. A leaf is declared when something
 * throws it.
 */
public abstract sealed class AwsException extends RuntimeException {

    private AwsException(String message) {
        // No stack trace: these are answers to clients, not faults, and they are thrown on hot paths.
        super(message, null, false, false);
    }

    /** The error code written as {@code __type} and {@code x-amzn-ErrorType}. */
    public String code() {
        return getClass().getSimpleName();
    }

    /** The HTTP status of the error: AWS JSON 1.1 answers client errors with 400. */
    public int httpStatus() {
        return 400;
    }

    // ---- the service's modeled errors -------------------------------------------------------

    public static final class ResourceAlreadyExistsException extends AwsException {
        public ResourceAlreadyExistsException(String message) { super(message); }
    }

    public static final class ResourceNotFoundException extends AwsException {
        public ResourceNotFoundException(String message) { super(message); }
    }

    public static final class LimitExceededException extends AwsException {
        public LimitExceededException(String message) { super(message); }
    }

    public static final class ConcurrentModificationException extends AwsException {
        public ConcurrentModificationException(String message) { super(message); }
    }

    public static final class AccessDeniedException extends AwsException {
        public AccessDeniedException(String message) { super(message); }
    }

    /** PutEvents while the pending delivery backlog is over --max-pending-deliveries (back-pressure). */
    public static final class ThrottlingException extends AwsException {
        public ThrottlingException(String message) { super(message); }
    }

    public static final class InvalidEventPatternException extends AwsException {
        public InvalidEventPatternException(String message) { super(message); }
    }

    /** PutPermission: the bus's policy would exceed 10 KB. */
    public static final class PolicyLengthExceededException extends AwsException {
        public PolicyLengthExceededException(String message) { super(message); }
    }

    /** CancelReplay of a replay that has ended. */
    public static final class IllegalStatusException extends AwsException {
        public IllegalStatusException(String message) { super(message); }
    }

    public static final class InternalException extends AwsException {
        public InternalException(String message) { super(message); }
        @Override public int httpStatus() { return 500; }
    }

    // ---- the key API's errors (AWS KMS) ----------------------------------------------------------

    public static final class NotFoundException extends AwsException {
        public NotFoundException(String message) { super(message); }
    }

    public static final class AlreadyExistsException extends AwsException {
        public AlreadyExistsException(String message) { super(message); }
    }

    public static final class KMSInvalidStateException extends AwsException {
        public KMSInvalidStateException(String message) { super(message); }
    }

    public static final class InvalidAliasNameException extends AwsException {
        public InvalidAliasNameException(String message) { super(message); }
    }

    public static final class DisabledException extends AwsException {
        public DisabledException(String message) { super(message); }
    }

    public static final class MalformedPolicyDocumentException extends AwsException {
        public MalformedPolicyDocumentException(String message) { super(message); }
    }

    // ---- Secrets Manager's errors --------------------------------------------------------------

    public static final class InvalidRequestException extends AwsException {
        public InvalidRequestException(String message) { super(message); }
    }

    public static final class DecryptionFailure extends AwsException {
        public DecryptionFailure(String message) { super(message); }
    }

    public static final class InvalidNextTokenException extends AwsException {
        public InvalidNextTokenException(String message) { super(message); }
    }

    // ---- STS (the query protocol) --------------------------------------------------------------

    /** An unknown or missing {@code Action}. */
    public static final class InvalidAction extends AwsException {
        public InvalidAction(String message) { super(message); }
    }

    // ---- errors common to every AWS JSON service --------------------------------------------

    public static final class ValidationException extends AwsException {
        public ValidationException(String message) { super(message); }
    }

    public static final class SerializationException extends AwsException {
        public SerializationException(String message) { super(message); }
    }

    public static final class UnknownOperationException extends AwsException {
        public UnknownOperationException(String message) { super(message); }
    }

    /** A request body over the configured limit; answered before the body is read whole. */
    public static final class RequestEntityTooLargeException extends AwsException {
        public RequestEntityTooLargeException(String message) { super(message); }
        @Override public int httpStatus() { return 413; }
    }

    // ---- who may call: SigV4 under --auth verify, the Host check without it ------------------

    /** No {@code Authorization} header. HTTP 403, as AWS's common errors list it. */
    public static final class MissingAuthenticationTokenException extends AwsException {
        public MissingAuthenticationTokenException(String message) { super(message); }
        @Override public int httpStatus() { return 403; }
    }

    /** A SigV4 header that lacks a part (HTTP 400, as AWS JSON services answer it). */
    public static final class IncompleteSignatureException extends AwsException {
        public IncompleteSignatureException(String message) { super(message); }
    }

    /** A wrong signature, scope or time (HTTP 400, as AWS JSON services answer it). */
    public static final class InvalidSignatureException extends AwsException {
        public InvalidSignatureException(String message) { super(message); }
    }

    /** An access key id that is not in the credentials file (HTTP 400, as AWS JSON services answer it). */
    public static final class UnrecognizedClientException extends AwsException {
        public UnrecognizedClientException(String message) { super(message); }
    }

    /** Without authentication, a request addressed to a name other than loopback's: Bridgekeeper's own (HTTP 403). */
    public static final class HostNotAllowedException extends AwsException {
        public HostNotAllowedException(String message) { super(message); }
        @Override public int httpStatus() { return 403; }
    }
}
