package org.bridgekeeper.sigv4;

import java.util.List;
import java.util.Optional;

/** The parts of {@code AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=..., Signature=...}. */
record AuthorizationHeader(String accessKeyId, String date, String region, String service,
                           List<String> signedHeaders, String signature) {

    String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    static Optional<AuthorizationHeader> parse(String header) {
        if (!header.startsWith(SigV4.ALGORITHM + " ")) {
            return Optional.empty();
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String value = p.substring(eq + 1);
            switch (p.substring(0, eq)) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            return Optional.empty();
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[1].length() != 8) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3],
                List.of(signedHeaders.split(";")), signature));
    }
}
