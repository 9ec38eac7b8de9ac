package org.bridgekeeper.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the endpoint serves besides the API (issue 16): {@code GET /metrics} (the Prometheus
 * exposition, open like {@code /health} unless a bearer token is configured) and the web console's
 * static files under {@code /console/} (from the jar's {@code console/} resources; no secrets in
 * them, and the console's calls go through the API with the caller's own signed credentials).
 */
public final class WebPages {

    /** The console's files: name to content type. Nothing else under /console/ is served. */
    private static final Map<String, String> CONSOLE = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "sigv4.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    /** The console loads only its own files and talks only to its own origin. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Supplier<byte[]> metrics;
    private final String metricsContentType;
    private final byte[] metricsToken;
    private final boolean console;

    /**
     * @param metrics            the exposition, or null for no {@code /metrics}
     * @param metricsToken       the bearer token {@code /metrics} requires, or null for none
     * @param console            whether {@code /console/} is served
     */
    public WebPages(Supplier<byte[]> metrics, String metricsContentType, String metricsToken, boolean console) {
        this.metrics = metrics;
        this.metricsContentType = metricsContentType;
        this.metricsToken = metricsToken == null ? null : ("Bearer " + metricsToken).getBytes(StandardCharsets.UTF_8);
        this.console = console;
    }

    /** Whether {@code path} is one of these pages' (whatever the method). */
    static boolean serves(String path) {
        return path.equals("/metrics") || path.equals("/console") || path.startsWith("/console/");
    }

    /** Answers the request if it is one of these pages' (GET or HEAD); false to let the API answer it. */
    boolean serve(HttpExchange exchange, String method, String path) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        boolean head = method.equals("HEAD");
        if (path.equals("/metrics")) {
            if (metrics == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "404 Not Found: metrics are off (--metrics off)\n"
                        .getBytes(StandardCharsets.UTF_8), head);
                return true;
            }
            if (metricsToken != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"bridgekeeper metrics\"");
                send(exchange, 401, "text/plain; charset=utf-8", "401 Unauthorized: /metrics needs its bearer token\n"
                        .getBytes(StandardCharsets.UTF_8), head);
                return true;
            }
            send(exchange, 200, metricsContentType, metrics.get(), head);
            return true;
        }
        if (path.equals("/console") || path.startsWith("/console/")) {
            if (!console) {
                send(exchange, 404, "text/plain; charset=utf-8", "404 Not Found: the console is off (--console off)\n"
                        .getBytes(StandardCharsets.UTF_8), head);
                return true;
            }
            if (path.equals("/console")) {
                exchange.getResponseHeaders().set("Location", "/console/");
                send(exchange, 308, "text/plain; charset=utf-8", new byte[0], true);
                return true;
            }
            String name = path.substring("/console/".length());
            if (name.isEmpty()) {
                name = "index.html";
            }
            String type = CONSOLE.get(name);
            byte[] body = type == null ? null : resource(name);
            if (body == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "404 Not Found\n".getBytes(StandardCharsets.UTF_8), head);
                return true;
            }
            exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            send(exchange, 200, type, body, head);
            return true;
        }
        return false;
    }

    /** Compared in constant time. */
    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(metricsToken, header.trim().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebPages.class.getResourceAsStream("/console/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (head || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
