package org.bridgekeeper.sigv4;

/**
 * What {@link SigV4#verify} concluded. A rejection carries the AWS error code a server should
 * answer with and AWS's message text.
 */
public sealed interface Verification {

    /** The signature is valid for this access key, in this region and service scope. */
    record Verified(String accessKeyId, String region, String service) implements Verification {
    }

    /**
     * The request is not acceptable.
     *
     * @param code    {@code IncompleteSignatureException}, {@code InvalidSignatureException} or
     *                {@code UnrecognizedClientException}
     * @param message the text for the error body
     */
    record Rejected(String code, String message) implements Verification {
    }
}
