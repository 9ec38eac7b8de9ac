package org.bridgekeeper.cli.http;

import java.util.Map;

/**
 * A received HTTP response.
 *
 * @param headers names in lower case (the last value of a repeated header)
 */
public record HttpResult(int status, String reason, Map<String, String> headers, byte[] body) {
}
