package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.invoke.RequestBuilder.Built;
import org.junit.jupiter.api.Test;

/** The one place outbound URLs are built: query encoding, validation, private addresses, IPv6 literals. */
class RequestBuilderTest {

    private static OutboundRequest built(RequestBuilder builder) {
        return assertInstanceOf(OutboundRequest.class, builder.build(true));
    }

    @Test
    void theQueryIsFormEncodedAndAppendedToTheEndpointsOwn() {
        OutboundRequest r = built(RequestBuilder.to("POST", "https://idp.example/token?fixed=1", "authorization endpoint")
                .addQuery("audience", "api://x", true).addQuery("scope", "read write", false).addQuery(null, "ignored", false));
        assertEquals("https://idp.example/token?fixed=1&audience=api%3A%2F%2Fx&scope=read+write", r.uri().toString());
        assertEquals("https://idp.example/token?fixed=1&audience=***&scope=read+write", r.masked().url());
    }

    @Test
    void queryReplacesAKeyWhereItStandsAndAddQueryKeepsBoth() {
        assertEquals("a=2&b=1", built(RequestBuilder.to("GET", "https://h.example/", "endpoint")
                .query("a", "1", false).query("b", "1", false).query("a", "2", false)).uri().getRawQuery());
        assertEquals("a=1&a=2", built(RequestBuilder.to("GET", "https://h.example/", "endpoint")
                .addQuery("a", "1", false).addQuery("a", "2", false)).uri().getRawQuery());
    }

    @Test
    void aFragmentIsDroppedSoTheQueryIsNotAppendedToIt() {
        OutboundRequest r = built(RequestBuilder.to("GET", "https://h.example/p#part", "endpoint").query("q", "1", false));
        assertEquals("https://h.example/p?q=1", r.uri().toString());
    }

    @Test
    void anIpv6LiteralEndpointIsAValidUrl() {
        OutboundRequest r = built(RequestBuilder.to("GET", "http://[::1]:9000/x", "endpoint").query("q", "1", false));
        assertEquals("[::1]", r.uri().getHost());
        assertEquals(9000, r.uri().getPort());
    }

    @Test
    void throughAMappedAddressKeepsPathQueryAndTheEndpointsAuthorityAsHost() {
        OutboundRequest r = built(RequestBuilder.to("PUT", "https://service.internal.example:9000/in/a%20b?x=1", "endpoint")
                .header("x-h", "v", false));
        OutboundRequest v4 = r.through(InetSocketAddress.createUnresolved("10.0.0.7", 8443));
        assertEquals("https://10.0.0.7:8443/in/a%20b?x=1", v4.uri().toString());
        assertEquals("service.internal.example:9000", v4.headers().get("Host"));
        assertEquals("v", v4.headers().get("x-h"));
        assertEquals(r.masked(), v4.masked(), "shown as addressed, not as routed");

        OutboundRequest v6 = r.through(InetSocketAddress.createUnresolved("fd00::7", 8443));
        assertEquals("https://[fd00::7]:8443/in/a%20b?x=1", v6.uri().toString());
        assertEquals("[fd00::7]", v6.uri().getHost());
        HttpRequest.newBuilder(v6.uri()); // the JDK client accepts it (it refused "https://fd00::7:8443/...")
    }

    @Test
    void throughKeepsAHostHeaderAlreadySet() {
        OutboundRequest r = built(RequestBuilder.to("GET", "https://idp.example/t", "authorization endpoint")
                .header("host", "chosen.example", false));
        assertEquals(Map.of("host", "chosen.example"), r.through(InetSocketAddress.createUnresolved("10.0.0.7", 1)).headers());
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlWithAHostIsRefused() {
        for (String endpoint : List.of("https://h.example/a b", "ftp://h.example/x", "https:///x", "https://exa_mple.com/x")) {
            Built.Refused refused = assertInstanceOf(Built.Refused.class,
                    RequestBuilder.to("POST", endpoint, "authorization endpoint").build(true), endpoint);
            assertEquals("The authorization endpoint is not a valid URL.", refused.reason());
        }
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedInAnyCase() {
        Built.Refused refused = assertInstanceOf(Built.Refused.class,
                RequestBuilder.to("POST", "HTTP://h.example/x", "endpoint").build(false));
        assertEquals("The endpoint must use HTTPS (or start Bridgekeeper with --allow-http-endpoints).", refused.reason());
        assertInstanceOf(OutboundRequest.class, RequestBuilder.to("POST", "HTTPS://h.example/x", "endpoint").build(false));
    }

    @Test
    void headersAreCaseInsensitiveAndFixedOnesCannotBeReplaced() {
        OutboundRequest r = built(RequestBuilder.to("POST", "https://h.example/", "endpoint").dropping(java.util.Set.of("via"))
                .fixedHeader("User-Agent", "fixed").header("user-agent", "mine", false).header("Via", "x", false)
                .header("x-a", "1", false).header("X-A", "2", true).headerIfAbsent("x-a", "3").header("x-null", null, false));
        assertEquals(Map.of("X-A", "2", "User-Agent", "fixed", "x-null", ""), r.headers());
        assertEquals(Map.of("X-A", "***", "User-Agent", "fixed", "x-null", ""), r.masked().headers());
    }

    @Test
    void theWireRequestCarriesHeadersAndBodyButNoBodyForGetOrHead() throws Exception {
        OutboundRequest post = built(RequestBuilder.to("POST", "https://h.example/p?q=1", "endpoint")
                .header("x-a", "1", false).header("Connection", "close", false).body("h\u00e9llo", "hello"));
        String wire = new String(Http1.encode(post.toWire(), "h.example"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(wire.startsWith("POST /p?q=1 HTTP/1.1\r\nHost: h.example\r\n"), wire);
        assertTrue(wire.contains("\r\nx-a: 1\r\n"), wire);
        assertFalse(wire.contains("Connection"), "a header the client owns is left out: " + wire);
        assertTrue(wire.endsWith("\r\nContent-Length: 6\r\n\r\nh\u00c3\u00a9llo"), "the body in UTF-8: " + wire);
        for (String method : List.of("GET", "HEAD")) {
            String bodiless = new String(Http1.encode(built(RequestBuilder.to(method, "https://h.example", "endpoint")
                    .body("{}", "{}")).toWire(), "h.example"), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(bodiless.startsWith(method + " / HTTP/1.1\r\nHost: h.example\r\n"), bodiless);
            assertFalse(bodiless.contains("Content-Length"), method);
            assertTrue(bodiless.endsWith("\r\n\r\n"), method);
        }
    }

    @Test
    void toStringShowsTheMaskedRequestOnly() {
        OutboundRequest r = built(RequestBuilder.to("POST", "https://h.example/", "endpoint").query("q", "secret-q", true)
                .authorization("Basic", "secret-a").header("k", "secret-h", true).body("secret-b", "***"));
        assertFalse(r.toString().contains("secret"), r.toString());
        assertTrue(r.toString().startsWith("OutboundRequest[method=POST, url=https://h.example/?q=***"), r.toString());
        assertFalse(new Built.Refused("r", r.masked()).toString().contains("secret"));
    }
}
