package org.bridgekeeper.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.HttpParameters;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.connections.Parameter;
import org.bridgekeeper.invoke.RequestBuilder.Built;

/**
 * The request an API destination call sends, as AWS forms it: the endpoint's {@code *} path
 * wildcards filled in order, the target's query string and headers overridden by the
 * connection's, the connection's body parameters merged into a JSON object payload, the
 * connection's auth, AWS's fixed headers and dropped headers, and the 64 KB payload limit.
 */
final class InvocationRequest {

    /** AWS's payload limit: "An event payload cannot exceed 64 KB", parameters included. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** Removed from every request even when configured (AWS's list). */
    static final Set<String> DROPPED = Set.of("a-im", "accept-charset", "accept-datetime", "accept-encoding",
            "cache-control", "connection", "content-encoding", "content-length", "content-md5", "date", "expect",
            "forwarded", "from", "host", "http2-settings", "if-match", "if-modified-since", "if-none-match", "if-range",
            "if-unmodified-since", "max-forwards", "origin", "pragma", "proxy-authorization", "range", "referer", "te",
            "trailer", "transfer-encoding", "user-agent", "upgrade", "via", "warning");

    private static final ObjectMapper JSON = new ObjectMapper();

    private InvocationRequest() {}

    /**
     * @param parameters  the connection's InvocationHttpParameters, or null
     * @param credentials the connection's credentials; for OAuth, {@code token} is the one to send
     */
    static Built build(String method, String endpoint, HttpParameters parameters, Credentials credentials,
                       OAuthToken token, String payload, Invoker.TargetParameters target, boolean allowHttp) {
        HttpParameters connection = parameters == null ? new HttpParameters(null, null, null) : parameters;
        List<String> values = target.pathParameterValues() == null ? List.of() : target.pathParameterValues();
        long wildcards = endpoint.chars().filter(c -> c == '*').count();
        if (wildcards != values.size()) {
            return new Built.Refused("The endpoint has " + wildcards + " path wildcards (*) but the target gives "
                    + values.size() + " PathParameterValues.", null);
        }
        StringBuilder url = new StringBuilder();
        int v = 0;
        for (char c : endpoint.toCharArray()) {
            url.append(c == '*' ? URLEncoder.encode(values.get(v++), StandardCharsets.UTF_8).replace("+", "%20")
                    : String.valueOf(c));
        }
        // The connection's body parameters go into a JSON object payload.
        String body = payload == null ? "" : payload;
        String maskedBody = body;
        if (!list(connection.body()).isEmpty()) {
            JsonNode tree;
            try {
                tree = JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                tree = null;
            }
            if (!(tree instanceof ObjectNode object)) {
                return new Built.Refused("The connection has body parameters, so the payload must be a JSON object.", null);
            }
            ObjectNode masked = object.deepCopy();
            for (Parameter p : list(connection.body())) {
                if (p.key() != null) {
                    object.put(p.key(), nz(p.value()));
                    masked.put(p.key(), p.isSecret() ? RequestBuilder.REDACTED : nz(p.value()));
                }
            }
            body = object.toString();
            maskedBody = masked.toString();
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            return new Built.Refused("The payload with the connection's parameters is larger than 64 KB.", null);
        }

        RequestBuilder request = RequestBuilder.to(method, url.toString(), "endpoint").dropping(DROPPED)
                .body(body, maskedBody);
        // Query string and headers: the target's, then the connection's, which win.
        map(target.queryString()).forEach((key, value) -> request.query(key, value, false));
        list(connection.queryString()).forEach(p -> request.query(p.key(), p.value(), p.isSecret()));
        map(target.headers()).forEach((name, value) -> request.header(name, value, false));
        list(connection.header()).forEach(p -> request.header(p.key(), p.value(), p.isSecret()));
        switch (credentials) {
            case Credentials.Basic b -> request.authorization("Basic", Base64.getEncoder().encodeToString(
                    (b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)));
            case Credentials.ApiKey k -> request.header(k.name(), k.value(), true);
            case Credentials.OAuth o -> request.authorization("Bearer", token.accessToken());
            case null -> { }
        }
        request.headerIfAbsent("Content-Type", "application/json; charset=utf-8");
        // AWS's fixed headers, which no parameter overrides. (The answer's body is not decoded, so
        // gzip is fine to accept.) AWS also sends "Connection: close". Not here: the outbound
        // client (Http1) keeps connections alive, a connection per call costing more than the
        // call; the header is hop-by-hop, receivers never see it.
        return request.fixedHeader("User-Agent", "Amazon/EventBridge/ApiDestinations")
                .fixedHeader("Range", "bytes=0-1048575")
                .fixedHeader("Accept-Encoding", "gzip,deflate")
                .build(allowHttp);
    }

    private static List<Parameter> list(List<Parameter> parameters) {
        return parameters == null ? List.of() : parameters;
    }

    private static Map<String, String> map(Map<String, String> values) {
        return values == null ? Map.of() : values;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
