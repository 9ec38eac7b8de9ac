package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.HttpParameters;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.connections.Parameter;
import org.bridgekeeper.invoke.Invoker.TargetParameters;
import org.bridgekeeper.invoke.RequestBuilder.Built;
import org.junit.jupiter.api.Test;

/** The request an API destination call sends: built without a network, then read back. */
class InvocationRequestTest {

    private static final Credentials.ApiKey KEY = new Credentials.ApiKey("x-api-key", "key-secret");

    private static Built build(String endpoint, HttpParameters connection, Credentials credentials, String payload,
                               TargetParameters target) {
        return InvocationRequest.build("POST", endpoint, connection, credentials,
                new OAuthToken("token-secret", Instant.EPOCH), payload, target, false);
    }

    private static OutboundRequest request(String endpoint, HttpParameters connection, Credentials credentials,
                                           String payload, TargetParameters target) {
        return assertInstanceOf(OutboundRequest.class, build(endpoint, connection, credentials, payload, target));
    }

    private static String refusal(Built built) {
        Built.Refused refused = assertInstanceOf(Built.Refused.class, built);
        assertNull(refused.masked(), "refused before a request existed");
        return refused.reason();
    }

    private static TargetParameters path(String... values) {
        return new TargetParameters(List.of(values), Map.of(), Map.of());
    }

    @Test
    void wildcardsAreFilledInOrderAndEncoded() {
        OutboundRequest r = request("https://h.example/hooks/*/events/*", null, KEY, "{}", path("a b", "2/3"));
        assertEquals("https://h.example/hooks/a%20b/events/2%2F3", r.uri().toString());
        assertEquals("/hooks/a%20b/events/2%2F3", r.uri().getRawPath());
    }

    @Test
    void aWildcardCountMismatchIsRefused() {
        assertEquals("The endpoint has 0 path wildcards (*) but the target gives 1 PathParameterValues.",
                refusal(build("https://h.example/c", null, KEY, "{}", path("x"))));
        assertEquals("The endpoint has 2 path wildcards (*) but the target gives 1 PathParameterValues.",
                refusal(build("https://h.example/*/*", null, KEY, "{}", path("x"))));
    }

    @Test
    void anEndpointWithoutASchemeMeansHttps() {
        assertEquals("https://h.example/c", request("h.example/c", null, KEY, "{}", TargetParameters.NONE).uri().toString());
    }

    @Test
    void theConnectionsQueryAndHeadersWinOverTheTargets() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-shared", "from-target");
        headers.put("x-target", "t");
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", "target");
        query.put("t", "1");
        HttpParameters connection = new HttpParameters(
                List.of(new Parameter("X-Shared", "from-connection", false)),
                List.of(new Parameter("q", "conn", false), new Parameter("space d", "a b&c", null)), null);
        OutboundRequest r = request("https://h.example/c", connection, KEY, "{}",
                new TargetParameters(List.of(), headers, query));
        assertEquals("q=conn&t=1&space+d=a+b%26c", r.uri().getRawQuery(), "replaced where it stood, form-encoded");
        assertEquals("from-connection", r.headers().get("X-Shared"));
        assertNull(r.headers().get("x-shared"), "one header per name, case-insensitively");
        assertEquals("t", r.headers().get("x-target"));
    }

    @Test
    void awsDroppedHeadersAreNotSentEvenWhenConfigured() {
        HttpParameters connection = new HttpParameters(List.of(new Parameter("Cache-Control", "no-cache", false),
                new Parameter("Host", "evil.example", false), new Parameter("Content-Length", "1", false)), null, null);
        OutboundRequest r = request("https://h.example/c", connection, KEY, "{}",
                new TargetParameters(List.of(), Map.of("Connection", "close", "Via", "x", "X-Kept", "k"), Map.of()));
        for (String dropped : List.of("Cache-Control", "Host", "Content-Length", "Connection", "Via")) {
            assertFalse(r.headers().keySet().stream().anyMatch(dropped::equalsIgnoreCase), dropped);
        }
        assertEquals("k", r.headers().get("X-Kept"));
        // An API key named like a dropped header is dropped as well.
        assertFalse(request("https://h.example/c", null, new Credentials.ApiKey("Range", "v"), "{}", TargetParameters.NONE)
                .headers().containsValue("v"));
    }

    @Test
    void awsFixedHeadersWinAndContentTypeIsADefault() {
        HttpParameters connection = new HttpParameters(List.of(new Parameter("User-Agent", "mine", false),
                new Parameter("Content-Type", "text/plain", false)), null, null);
        OutboundRequest r = request("https://h.example/c", connection, KEY, "{}", TargetParameters.NONE);
        assertEquals("Amazon/EventBridge/ApiDestinations", r.headers().get("User-Agent"));
        assertEquals("bytes=0-1048575", r.headers().get("Range"));
        assertEquals("gzip,deflate", r.headers().get("Accept-Encoding"));
        assertEquals("text/plain", r.headers().get("Content-Type"));
        assertEquals("application/json; charset=utf-8",
                request("https://h.example/c", null, KEY, "{}", TargetParameters.NONE).headers().get("Content-Type"));
    }

    @Test
    void eachAuthorizationTypeSetsItsHeader() {
        assertEquals("Basic dXNlcjpwYTU1", request("https://h.example/c", null, new Credentials.Basic("user", "pa55"), "{}",
                TargetParameters.NONE).headers().get("Authorization"));
        assertEquals("key-secret", request("https://h.example/c", null, KEY, "{}", TargetParameters.NONE)
                .headers().get("x-api-key"));
        assertEquals("Bearer token-secret", request("https://h.example/c", null,
                new Credentials.OAuth("id", "s", "https://idp.example/t", "POST", null), "{}", TargetParameters.NONE)
                .headers().get("Authorization"));
    }

    @Test
    void bodyParametersAreMergedIntoAJsonObjectPayload() {
        HttpParameters connection = new HttpParameters(null, null,
                List.of(new Parameter("extra", "hidden-b", true), new Parameter("detail", "replaced", false)));
        OutboundRequest r = request("https://h.example/c", connection, KEY, "{\"detail\":1,\"keep\":true}", TargetParameters.NONE);
        assertEquals("{\"detail\":\"replaced\",\"keep\":true,\"extra\":\"hidden-b\"}", r.body());
        assertEquals("{\"detail\":\"replaced\",\"keep\":true,\"extra\":\"***\"}", r.masked().body());
        assertEquals("{\"extra\":\"hidden-b\",\"detail\":\"replaced\"}",
                request("https://h.example/c", connection, KEY, "", TargetParameters.NONE).body(), "no payload: an object");
        assertEquals("The connection has body parameters, so the payload must be a JSON object.",
                refusal(build("https://h.example/c", connection, KEY, "[1,2]", TargetParameters.NONE)));
        assertEquals("The connection has body parameters, so the payload must be a JSON object.",
                refusal(build("https://h.example/c", connection, KEY, "not json", TargetParameters.NONE)));
        assertEquals("[1,2]", request("https://h.example/c", null, KEY, "[1,2]", TargetParameters.NONE).body(),
                "without body parameters any payload goes as it is");
    }

    @Test
    void thePayloadLimitIs64KbWithTheConnectionsParameters() {
        String fits = "{\"x\":\"" + "a".repeat(InvocationRequest.MAX_PAYLOAD_BYTES - 8) + "\"}";
        assertEquals(InvocationRequest.MAX_PAYLOAD_BYTES, fits.length());
        request("https://h.example/c", null, KEY, fits, TargetParameters.NONE);
        assertEquals("The payload with the connection's parameters is larger than 64 KB.",
                refusal(build("https://h.example/c", null, KEY, fits + " ", TargetParameters.NONE)));
        HttpParameters oneMore = new HttpParameters(null, null, List.of(new Parameter("b", "1", false)));
        assertEquals("The payload with the connection's parameters is larger than 64 KB.",
                refusal(build("https://h.example/c", oneMore, KEY, fits, TargetParameters.NONE)));
        String multibyte = "{\"x\":\"" + "\u00e9".repeat(InvocationRequest.MAX_PAYLOAD_BYTES / 2) + "\"}";
        assertEquals("The payload with the connection's parameters is larger than 64 KB.",
                refusal(build("https://h.example/c", null, KEY, multibyte, TargetParameters.NONE)), "counted in UTF-8 bytes");
    }

    @Test
    void theMaskedCopyHoldsNoSecret() {
        HttpParameters connection = new HttpParameters(
                List.of(new Parameter("x-secret", "hidden-h", true), new Parameter("x-public", "shown-h", false)),
                List.of(new Parameter("qs", "hidden-q", true), new Parameter("qp", "shown-q", false)),
                List.of(new Parameter("bs", "hidden-b", true)));
        for (Credentials credentials : List.of(new Credentials.Basic("user", "hidden-p"), new Credentials.ApiKey("k", "hidden-k"),
                new Credentials.OAuth("id", "hidden-c", "https://idp.example/t", "POST", null))) {
            OutboundRequest r = assertInstanceOf(OutboundRequest.class, InvocationRequest.build("POST", "https://h.example/c",
                    connection, credentials, new OAuthToken("hidden-t", null), "{}", TargetParameters.NONE, false));
            String masked = r.masked().toString();
            assertFalse(masked.contains("hidden"), masked);
            assertFalse(r.toString().contains("hidden"), r.toString());
            assertEquals("https://h.example/c?qs=***&qp=shown-q", r.masked().url());
            assertEquals("***", r.masked().headers().get("x-secret"));
            assertEquals("shown-h", r.masked().headers().get("x-public"));
            assertEquals("{\"bs\":\"***\"}", r.masked().body());
            // ...while the request itself carries them.
            assertEquals("qs=hidden-q&qp=shown-q", r.uri().getRawQuery());
            assertEquals("hidden-h", r.headers().get("x-secret"));
        }
        OutboundRequest basic = request("https://h.example/c", null, new Credentials.Basic("u", "p"), "{}", TargetParameters.NONE);
        assertEquals("Basic ***", basic.masked().headers().get("Authorization"));
        OutboundRequest key = request("https://h.example/c", null, KEY, "{}", TargetParameters.NONE);
        assertEquals("***", key.masked().headers().get("x-api-key"));
    }

    @Test
    void aPlainHttpEndpointNeedsTheOperatorsConsent() {
        Built refused = InvocationRequest.build("POST", "http://h.example/c", null, KEY, null, "{}", TargetParameters.NONE, false);
        assertEquals("The endpoint must use HTTPS (or start Bridgekeeper with --allow-http-endpoints).",
                assertInstanceOf(Built.Refused.class, refused).reason());
        assertEquals("http://h.example/c", ((Built.Refused) refused).masked().url(), "the request is shown with the refusal");
        assertInstanceOf(OutboundRequest.class,
                InvocationRequest.build("POST", "http://h.example/c", null, KEY, null, "{}", TargetParameters.NONE, true));
    }
}
