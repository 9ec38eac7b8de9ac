package org.bridgekeeper.sigv4;

/**
 * What {@link SigV4#verify} concluded. A rejection carries the AWS error code a server should
 * answer with and AWS's message text.
 */
public sealed interface Verification {

    /** No {@code Authorization} header at all. */
    String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    /** The header is not a complete SigV4 header (a part, the date or the signed {@code Host} missing). */
    String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    /** The signature, its scope or its time is wrong. */
    String INVALID_SIGNATURE = "InvalidSignatureException";
    /** The access key id is not known. */
    String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";

    /** The signature is valid for this access key, in this region and service scope. */
    record Verified(String accessKeyId, String region, String service) implements Verification {
    }

    /**
     * The request is not acceptable.
     *
     * @param code    one of the constants of {@link Verification}
     * @param message the text for the error body; it never contains a secret
     */
    record Rejected(String code, String message) implements Verification {
    }
}
