package org.bridgekeeper.cli;

import java.util.Map;

/** Python's {@code http.client.responses}: the reason phrase of a bare 5xx error. */
final class Reasons {

    private static final Map<Integer, String> PHRASES = Map.of(500, "Internal Server Error", 501, "Not Implemented",
            502, "Bad Gateway", 503, "Service Unavailable", 504, "Gateway Timeout", 505, "HTTP Version Not Supported",
            506, "Variant Also Negotiates", 507, "Insufficient Storage", 508, "Loop Detected", 511,
            "Network Authentication Required");

    private Reasons() {
    }

    static String phrase(int status) {
        return PHRASES.getOrDefault(status, "");
    }
}
