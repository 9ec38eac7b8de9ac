package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * {@code GET /metrics} moves as requests, deliveries and token requests happen; its bearer token;
 * {@code --metrics off}; the log's lines for final delivery outcomes and connection state changes,
 * without a secret; the JSON log format.
 */
class ObservabilityIT {

    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";
    private static final String PASSWORD = "obs-pa55word-1";
    private static final String CLIENT_SECRET = "obs-client-secret-2";

    @TempDir
    Path dataDir;
    TokenServer receiver;
    TokenServer idp;
    TestServer server;
    EventBridgeClient events;
    final HttpClient http = HttpClient.newHttpClient();
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("bridgekeeper").addHandler(capture);
        receiver = new TokenServer();
        idp = new TokenServer();
        idp.script = r -> TokenServer.Answer.json("{\"access_token\":\"obs-token-3\",\"expires_in\":3600}");
    }

    @AfterEach
    void stop() {
        Logger.getLogger("bridgekeeper").removeHandler(capture);
        if (server != null) {
            server.close();
        }
        receiver.close();
        idp.close();
    }

    void startServer(Map<String, String> env, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--allow-http-endpoints", "--egress-allow", "127.0.0.0/8"));
        all.addAll(List.of(args));
        server = new TestServer(dataDir, env, all.toArray(String[]::new));
        events = server.client();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String metrics() {
        try {
            HttpResponse<String> r = get("/metrics");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            return r.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value of one sample, 0 when absent; {@code labels} as written by the client: {@code a="x",b="y"} in name order. */
    static double sample(String text, String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, server.clock(), Duration.ofSeconds(1), condition);
    }

    String destination(String name, String connectionArn, String path) {
        return events.createApiDestination(r -> r.name(name).connectionArn(connectionArn)
                .invocationEndpoint(receiver.url(path)).httpMethod("POST")).apiDestinationArn();
    }

    @Test
    void metricsMoveAsRequestsDeliveriesAndTokenRequestsHappen() {
        startServer(Map.of());
        String before = metrics();
        for (String family : List.of("bridgekeeper_pending_deliveries", "bridgekeeper_dead_letters",
                "bridgekeeper_connections", "jvm_memory_used_bytes", "jvm_threads_current")) {
            assertTrue(before.contains("# TYPE " + family), family + " in\n" + before);
        }
        assertEquals(0, sample(before, "bridgekeeper_connections", "state=\"AUTHORIZED\""));

        String basic = events.createConnection(r -> r.name("basic").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password(PASSWORD)))).connectionArn();
        events.createConnection(r -> r.name("oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(idp.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("id").clientSecret(CLIENT_SECRET)))));
        server.settled(events, "oauth");
        try {
            events.describeConnection(r -> r.name("missing"));
        } catch (ResourceNotFoundException expected) {
            // counted as an error outcome
        }
        String ok = destination("ok", basic, "/ok");
        String bad = destination("bad", basic, "/bad");
        events.putRule(r -> r.name("r").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("r").targets(Target.builder().id("ok").arn(ok).roleArn(ROLE).build(),
                Target.builder().id("bad").arn(bad).roleArn(ROLE).build()));
        receiver.script = r -> r.path().equals("/ok") ? new TokenServer.Answer(200, "{}", 0)
                : new TokenServer.Answer(400, "no", 0);
        for (int i = 0; i < 3; i++) {
            events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("t").detail("{}").build()));
        }
        await("six attempts", () -> server.main().pendingDeliveries().isEmpty() && receiver.requests.size() == 6);

        String after = metrics();
        for (String family : List.of("bridgekeeper_requests_total", "bridgekeeper_request_duration_seconds",
                "bridgekeeper_deliveries_total", "bridgekeeper_delivery_duration_seconds",
                "bridgekeeper_oauth_token_requests_total")) {
            assertTrue(after.contains("# TYPE " + family), family + " in\n" + after);
        }
        assertTrue(after.contains("bridgekeeper_request_duration_seconds_bucket{operation=\"PutEvents\",le=\"0.005\"}"), after);
        assertEquals(2, sample(after, "bridgekeeper_requests_total", "operation=\"CreateConnection\",outcome=\"success\""));
        assertEquals(1, sample(after, "bridgekeeper_requests_total",
                "operation=\"DescribeConnection\",outcome=\"ResourceNotFoundException\""));
        assertEquals(3, sample(after, "bridgekeeper_requests_total", "operation=\"PutEvents\",outcome=\"success\""));
        assertEquals(3, sample(after, "bridgekeeper_request_duration_seconds_count", "operation=\"PutEvents\""));
        assertEquals(3, sample(after, "bridgekeeper_deliveries_total", "outcome=\"delivered\",target_type=\"api_destination\""));
        assertEquals(3, sample(after, "bridgekeeper_deliveries_total", "outcome=\"dead\",target_type=\"api_destination\""));
        assertEquals(6, sample(after, "bridgekeeper_delivery_duration_seconds_count", "target_type=\"api_destination\""));
        assertEquals(0, sample(after, "bridgekeeper_pending_deliveries", ""));
        assertEquals(3, sample(after, "bridgekeeper_dead_letters", ""));
        assertEquals(1, sample(after, "bridgekeeper_oauth_token_requests_total", "outcome=\"granted\""));
        assertEquals(2, sample(after, "bridgekeeper_connections", "state=\"AUTHORIZED\""));

        // A pending delivery shows in the gauge; a deauthorized connection moves between states.
        receiver.script = r -> new TokenServer.Answer(503, "later", 0);
        events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("t").detail("{}").build()));
        Await.until("two deliveries pending", () -> sample(metrics(), "bridgekeeper_pending_deliveries", "") == 2);
        events.deauthorizeConnection(r -> r.name("oauth"));
        await("one connection deauthorized", () -> sample(metrics(), "bridgekeeper_connections", "state=\"DEAUTHORIZED\"") == 1);
        assertEquals(1, sample(metrics(), "bridgekeeper_connections", "state=\"AUTHORIZED\""));

        for (String secret : List.of(PASSWORD, CLIENT_SECRET, "obs-token-3")) {
            assertFalse(metrics().contains(secret));
            assertTrue(logged.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains(secret)), secret);
        }
        // The story in the log: final outcomes at info, connection state changes.
        assertTrue(messages().stream().anyMatch(m -> m.startsWith("delivered delivery ") && m.contains("after 1 attempt (HTTP 200)")),
                messages().toString());
        assertTrue(messages().stream().anyMatch(m -> m.startsWith("dead-lettered delivery ") && m.contains("(HTTP 400): The endpoint answered HTTP 400.")));
        assertTrue(messages().stream().anyMatch(m -> m.matches("connection arn:aws:events:us-east-1:000000000000:connection/oauth/\\S+: AUTHORIZED -> DEAUTHORIZING \\(.*DeauthorizeConnection.*")));
        assertTrue(messages().stream().anyMatch(m -> m.matches("connection arn:\\S+/basic/\\S+: new -> AUTHORIZED")));
    }

    List<String> messages() {
        return logged.stream().filter(r -> r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue())
                .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
    }

    @Test
    void aMetricsTokenGuardsTheEndpointAndMetricsCanBeOff() throws Exception {
        startServer(Map.of("BRIDGEKEEPER_METRICS_TOKEN", "scrape-me"));
        assertEquals(401, get("/metrics").statusCode());
        assertEquals(401, get("/metrics", "Authorization", "Bearer wrong").statusCode());
        HttpResponse<String> ok = get("/metrics", "Authorization", "Bearer scrape-me");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("jvm_memory_used_bytes"));
        assertEquals(200, get("/health").statusCode(), "health stays open");
        server.close();

        server = new TestServer(dataDir, "--metrics", "off", "--console", "off");
        assertEquals(404, get("/metrics").statusCode());
        assertEquals(404, get("/console/").statusCode());
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void jsonLogLinesAreOneObjectPerLine() throws Exception {
        Logging.JsonLines format = new Logging.JsonLines();
        LogRecord record = new LogRecord(java.util.logging.Level.INFO, "delivered \"x\"\nnext\u0001");
        record.setLoggerName("bridgekeeper.delivery");
        record.setThrown(new IllegalStateException("boom"));
        String line = format.format(record);
        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
        var json = new ObjectMapper().readTree(line);
        assertEquals("INFO", json.get("level").asText());
        assertEquals("bridgekeeper.delivery", json.get("logger").asText());
        assertEquals("delivered \"x\"\nnext\u0001", json.get("message").asText());
        assertTrue(json.get("error").asText().contains("IllegalStateException: boom"));
        assertTrue(json.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void textLogLinesAreTheSimpleFormattersLines() {
        // TextLines writes what SimpleFormatter wrote in the server's format, without its cost.
        String key = "java.util.logging.SimpleFormatter.format";
        String before = System.getProperty(key);
        System.setProperty(key, "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n");
        try {
            java.util.logging.SimpleFormatter simple = new java.util.logging.SimpleFormatter();
            Logging.TextLines text = new Logging.TextLines();
            for (java.util.logging.Level level : List.of(java.util.logging.Level.INFO, java.util.logging.Level.WARNING,
                    java.util.logging.Level.SEVERE, java.util.logging.Level.FINE)) {
                LogRecord record = new LogRecord(level, "delivered {0} after 1 attempt");
                record.setLoggerName("bridgekeeper.delivery");
                record.setParameters(new Object[] {"x"});
                record.setInstant(java.time.Instant.parse("2026-12-02T10:00:00.007Z"));
                assertEquals(simple.format(record), text.format(record));
                record.setThrown(new IllegalStateException("boom"));
                assertEquals(simple.format(record), text.format(record));
                assertTrue(text.format(record).contains("IllegalStateException: boom"));
            }
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
