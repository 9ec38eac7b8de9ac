package org.bridgekeeper.sigv4;

/**
 * The outcome of signing one request: the headers to add and, for {@code --debug}, the
 * intermediate texts AWS's own tools log. None of them contains the secret key.
 *
 * @param amzDate          the {@code X-Amz-Date} value, {@code yyyyMMdd'T'HHmmss'Z'}
 * @param authorization    the {@code Authorization} header value
 * @param canonicalRequest the canonical request that was hashed
 * @param stringToSign     the string that was signed
 * @param signature        the 64 hex digits at the end of {@code authorization}
 */
public record Signature(String amzDate, String authorization, String canonicalRequest, String stringToSign,
                        String signature) {
}
