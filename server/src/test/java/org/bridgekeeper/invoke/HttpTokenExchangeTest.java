package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.HttpParameters;
import org.bridgekeeper.connections.Parameter;
import org.bridgekeeper.invoke.RequestBuilder.Built;
import org.junit.jupiter.api.Test;

/** The token request's form (RFC 6749 section 4.4), built without a network. */
class HttpTokenExchangeTest {

    private static final HttpParameters PARAMETERS = new HttpParameters(
            List.of(new Parameter("x-tenant", "acme", false), new Parameter("x-empty", null, false)),
            List.of(new Parameter("audience", "api://x", true)),
            List.of(new Parameter("scope", "read write", false), new Parameter("assertion", "hidden-b", true)));

    private static OutboundRequest request(String method, HttpParameters parameters) {
        return assertInstanceOf(OutboundRequest.class, HttpTokenExchange.request(
                new Credentials.OAuth("my client", "s3cr/t&=+", "idp.example/token?fixed=1", method, parameters), false));
    }

    @Test
    void postSendsTheParametersAsAFormBodyAndTheClientAsBasic() {
        OutboundRequest r = request("POST", PARAMETERS);
        assertEquals("https://idp.example/token?fixed=1&audience=api%3A%2F%2Fx", r.uri().toString());
        assertEquals("grant_type=client_credentials&scope=read+write&assertion=hidden-b", r.body());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("my+client:s3cr%2Ft%26%3D%2B".getBytes(StandardCharsets.UTF_8)),
                r.headers().get("Authorization"));
        assertEquals("application/json", r.headers().get("Accept"));
        assertEquals("acme", r.headers().get("x-tenant"));
        assertFalse(r.headers().containsKey("x-empty"), "a header given without a value is not sent");
        assertEquals("application/x-www-form-urlencoded", r.headers().get("Content-Type"));

        assertEquals("grant_type=client_credentials&scope=read+write&assertion=***", r.masked().body());
        assertEquals("https://idp.example/token?fixed=1&audience=***", r.masked().url());
        assertEquals("Basic ***", r.masked().headers().get("Authorization"));
        assertFalse(r.toString().contains("hidden") || r.toString().contains("s3cr") || r.toString().contains("api%3A"),
                r.toString());
    }

    @Test
    void getPutsTheBodyParametersInTheQueryAndABodyGrantTypeReplacesTheDefault() {
        OutboundRequest r = request("GET", new HttpParameters(null, null, List.of(new Parameter("grant_type", "urn:custom", false))));
        assertEquals("fixed=1&grant_type=urn%3Acustom", r.uri().getRawQuery());
        assertEquals("", r.body());
        assertNull(r.headers().get("Content-Type"));
    }

    @Test
    void aConnectionsContentTypeHeaderIsTheOneSent() {
        OutboundRequest r = request("POST", new HttpParameters(List.of(new Parameter("content-type", "text/plain", false)), null, null));
        assertEquals("text/plain", r.headers().get("content-type"));
        assertNull(r.headers().get("Content-Type"), "one Content-Type, not two");
    }

    @Test
    void anInvalidOrPlainHttpEndpointIsRefusedWithTheAuthorizationEndpointsWords() {
        assertEquals("The authorization endpoint is not a valid URL.", assertInstanceOf(Built.Refused.class,
                HttpTokenExchange.request(new Credentials.OAuth("i", "s", "https://a b/t", "POST", null), false)).reason());
        assertEquals("The authorization endpoint must use HTTPS (or start Bridgekeeper with --allow-http-endpoints).",
                assertInstanceOf(Built.Refused.class, HttpTokenExchange.request(
                        new Credentials.OAuth("i", "s", "http://idp.example/t", "POST", null), false)).reason());
    }
}
