package org.bridgekeeper.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The start of an endpoint's answer, fit to keep in the delivery history: decoded as UTF-8,
 * every secret the request carried replaced by {@code ***} (an endpoint may echo a header or the
 * body it received), then cut to {@link Invoker.Response#BODY_CHARS} characters. The secrets are
 * found by comparing the request with its {@link OutboundRequest#masked masked twin}: a header,
 * query parameter or top-level body member whose masked value differs is a secret, and so are the
 * credentials of an {@code Authorization} header (and, for Basic, the decoded user:password and
 * the password). Pure.
 */
final class ResponseMask {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDACTED = RequestBuilder.REDACTED;

    private ResponseMask() {}

    /** The masked, cut text of {@code body}'s start; null for an empty body. */
    static String start(byte[] body, OutboundRequest request) {
        if (body.length == 0) {
            return null;
        }
        String text = decode(body);
        for (String secret : secrets(request)) {
            text = text.replace(secret, REDACTED);
        }
        if (text.length() > Invoker.Response.BODY_CHARS) {
            text = text.substring(0, Invoker.Response.BODY_CHARS);
        }
        return text;
    }

    /** Every secret value the request carries, longest first (so that a part never unmasks a whole). */
    static List<String> secrets(OutboundRequest request) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, String> shown = request.masked().headers();
        request.headers().forEach((name, value) -> {
            String masked = shown.get(name);
            if (masked == null || masked.equals(value)) {
                return;
            }
            String prefix = masked.endsWith(REDACTED) ? masked.substring(0, masked.length() - REDACTED.length()) : null;
            if (prefix != null && !prefix.isEmpty() && value.startsWith(prefix)) {
                // "Basic <credentials>" shows as "Basic ***", as in the masked request
                String credentials = value.substring(prefix.length());
                out.add(credentials);
                if (prefix.equalsIgnoreCase("Basic ")) {
                    basic(credentials, out);
                }
            } else {
                out.add(value);
            }
        });
        query(request.uri().getRawQuery(), request.masked().url(), out);
        if (!request.body().equals(request.masked().body())) {
            body(request.body(), request.masked().body(), out);
        }
        out.removeIf(s -> s.isEmpty() || s.equals(REDACTED));
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return sorted;
    }

    private static void basic(String credentials, Set<String> out) {
        try {
            String pair = new String(Base64.getDecoder().decode(credentials.trim()), StandardCharsets.UTF_8);
            out.add(pair);
            int colon = pair.indexOf(':');
            if (colon >= 0) {
                out.add(pair.substring(colon + 1));
            }
        } catch (IllegalArgumentException notBase64) {
            // the whole value is masked already
        }
    }

    private static void query(String sent, String maskedUrl, Set<String> out) {
        int q = maskedUrl.indexOf('?');
        if (sent == null || q < 0) {
            return;
        }
        String[] real = sent.split("&");
        String[] masked = maskedUrl.substring(q + 1).split("&");
        for (int i = 0; i < Math.min(real.length, masked.length); i++) {
            if (!real[i].equals(masked[i])) {
                String value = real[i].substring(real[i].indexOf('=') + 1);
                out.add(value);
                out.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
    }

    private static void body(String sent, String masked, Set<String> out) {
        try {
            JsonNode real = JSON.readTree(sent);
            JsonNode shown = JSON.readTree(masked);
            if (real != null && shown != null && real.isObject() && shown.isObject()) {
                real.properties().forEach(e -> {
                    JsonNode m = shown.get(e.getKey());
                    if (m != null && !m.equals(e.getValue())) {
                        out.add(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
                    }
                });
            }
        } catch (java.io.IOException e) {
            // body parameters are merged only into JSON objects
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
