package org.bridgekeeper.sigv4;

import java.util.ArrayList;
import java.util.List;

/** The parts of {@code AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=..., Signature=...}. */
record AuthorizationHeader(String accessKeyId, String date, String region, String service, String terminator,
                           List<String> signedHeaders, String signature) {

    /**
     * A header that could not be read, and AWS's words for why.
     *
     * @param missingParts true when {@code problems} lists absent parts, to which AWS adds the
     *                     missing date and the header itself ({@code Authorization=...})
     */
    record Malformed(List<String> problems, boolean missingParts) {}

    String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    /**
     * The header's parts, or a {@link Malformed} that says, as AWS does, what is missing: each of
     * {@code Credential}, {@code Signature} and {@code SignedHeaders} that is absent (all three for
     * another scheme, such as {@code Bearer}), a part without {@code =}, or a credential that is not
     * five slash-separated elements.
     */
    static Object parse(String header) {
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        if (header.startsWith(SigV4.ALGORITHM + " ")) {
            for (String part : header.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq < 0) {
                    return new Malformed(List.of("'" + p + "' not a valid key=value pair (missing equal-sign) in "
                            + "Authorization header: '" + header + "'."), false);
                }
                String value = p.substring(eq + 1).strip();
                switch (p.substring(0, eq).strip()) {
                    case "Credential" -> credential = value;
                    case "SignedHeaders" -> signedHeaders = value;
                    case "Signature" -> signature = value;
                    default -> {
                        // AWS ignores parameters it does not know
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (credential == null || credential.isEmpty()) {
            problems.add("Authorization header requires 'Credential' parameter.");
        }
        if (signature == null || signature.isEmpty()) {
            problems.add("Authorization header requires 'Signature' parameter.");
        }
        if (signedHeaders == null || signedHeaders.isEmpty()) {
            problems.add("Authorization header requires 'SignedHeaders' parameter.");
        }
        if (!problems.isEmpty()) {
            return new Malformed(problems, true);
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            return new Malformed(List.of("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/term, got '" + credential + "'"), false);
        }
        return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], scope[4],
                List.of(signedHeaders.split(";")), signature);
    }
}
