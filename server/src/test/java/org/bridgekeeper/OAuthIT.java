package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.connections.TokenExchange.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionBodyParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionHeaderParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionQueryStringParameter;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionOAuthRequestParameters;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;

/**
 * The OAuth client-credentials exchange against a real HTTP authorization server: the request's
 * form, every failure and its StateReason, and the token service (refresh, single flight).
 */
class OAuthIT {

    private static final Scope DEFAULT = new Scope("000000000000", "us-east-1");

    @TempDir
    Path dataDir;
    TokenServer auth;
    TestServer server;
    EventBridgeClient events;

    @BeforeEach
    void start() throws Exception {
        auth = new TokenServer();
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8", "--outbound-timeout-ms", "700");
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        auth.close();
    }

    void create(String name, String endpoint, String method, CreateConnectionOAuthRequestParameters.Builder extra) {
        events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(extra.authorizationEndpoint(endpoint).httpMethod(method)
                        .clientParameters(c -> c.clientID("my client").clientSecret("s3cr/t&=+")).build())));
    }

    void create(String name) {
        create(name, auth.url("/token"), "POST", CreateConnectionOAuthRequestParameters.builder());
    }

    DescribeConnectionResponse settled(String name) throws InterruptedException {
        return server.settled(events, name);
    }

    static String form(String body, String key) {
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(key)) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** An update naming the connection's own credentials, unchanged, complete (the newcomer's case). */
    void updateWithTheSameParameters(String name) {
        assertEquals(ConnectionState.AUTHORIZING, events.updateConnection(r -> r.name(name)
                .authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(auth.url("/token")).httpMethod("POST")
                        .clientParameters(c -> c.clientID("my client").clientSecret("s3cr/t&=+"))))).connectionState());
    }

    @Test
    void aFailedConnectionIsAuthorizedAgainByAnUpdateWithTheSameParameters() throws Exception {
        auth.script = r -> auth.requests.size() == 1 ? new TokenServer.Answer(400, "{\"error\":\"invalid_client\"}", 0)
                : TokenServer.Answer.json("{\"access_token\":\"tok-" + auth.requests.size() + "\"}");
        create("again");
        DescribeConnectionResponse failed = settled("again");
        assertEquals(ConnectionState.DEAUTHORIZED, failed.connectionState());
        assertEquals("The authorization endpoint answered HTTP 400.", failed.stateReason());

        updateWithTheSameParameters("again");
        DescribeConnectionResponse d = settled("again");
        assertEquals(ConnectionState.AUTHORIZED, d.connectionState());
        assertNull(d.stateReason(), "the old reason is gone");
        assertEquals(2, auth.requests.size(), "a new exchange");
        assertEquals(failed.secretArn(), d.secretArn(), "the same secret");

        // After a deauthorize, the same: the parameters are gone, complete ones authorize it again.
        auth.script = r -> new TokenServer.Answer(503, "down", 0);
        events.deauthorizeConnection(r -> r.name("again"));
        server.clock().advanceSeconds(1); // the settle delay
        assertEquals(ConnectionState.DEAUTHORIZED, events.describeConnection(r -> r.name("again")).connectionState());
        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok-after\"}");
        updateWithTheSameParameters("again");
        assertEquals(ConnectionState.AUTHORIZED, settled("again").connectionState());
        assertEquals(3, auth.requests.size());
    }

    @Test
    void aConnectionThatFailedForWantOfTheHttpSwitchIsAuthorizedAfterARestartWithIt() throws Exception {
        Path dir = dataDir.resolve("switch");
        try (TestServer strict = new TestServer(dir)) {
            EventBridgeClient client = strict.client();
            client.createConnection(r -> r.name("plain").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(auth.url("/token")).httpMethod("POST")
                            .clientParameters(c -> c.clientID("my client").clientSecret("s3cr/t&=+")))));
            assertEquals(ConnectionState.DEAUTHORIZED, strict.settled(client, "plain").connectionState());
        }
        server.close();
        server = new TestServer(dir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8");
        events = server.client();
        assertEquals(ConnectionState.DEAUTHORIZED, events.describeConnection(r -> r.name("plain")).connectionState(),
                "a restart alone changes nothing");
        updateWithTheSameParameters("plain");
        DescribeConnectionResponse d = settled("plain");
        assertEquals(ConnectionState.AUTHORIZED, d.connectionState());
        assertNull(d.stateReason());
        assertEquals(1, auth.requests.size());
    }

    @Test
    void successfulExchangeAuthorizesAndTheRequestHasTheRfc6749Form() throws Exception {
        // The server's clock is the test clock (set when the server was made, not the wall clock, which a
        // slow start left more than a second ahead); the wire gives whole seconds.
        Instant before = server.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        create("good", auth.url("/token?fixed=1"), "POST", CreateConnectionOAuthRequestParameters.builder()
                .oAuthHttpParameters(h -> h
                        .headerParameters(ConnectionHeaderParameter.builder().key("x-tenant").value("acme").build())
                        .queryStringParameters(ConnectionQueryStringParameter.builder().key("audience").value("api://x").isValueSecret(true).build())
                        .bodyParameters(ConnectionBodyParameter.builder().key("scope").value("read write").build())));
        DescribeConnectionResponse d = settled("good");
        assertEquals(ConnectionState.AUTHORIZED, d.connectionState());
        assertNull(d.stateReason());
        assertFalse(d.lastAuthorizedTime().isBefore(before), d.lastAuthorizedTime() + " before " + before);
        assertFalse(d.lastAuthorizedTime().isAfter(server.clock().instant()), d.lastAuthorizedTime().toString());

        assertEquals(1, auth.requests.size());
        TokenServer.Recorded r = auth.requests.getFirst();
        assertEquals("POST", r.method());
        assertEquals("/token", r.path());
        assertEquals("fixed=1&audience=api%3A%2F%2Fx", r.query());
        assertEquals("acme", r.header("x-tenant"));
        assertEquals("application/x-www-form-urlencoded", r.header("Content-Type"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("my+client:s3cr%2Ft%26%3D%2B".getBytes(StandardCharsets.UTF_8)),
                r.header("Authorization"));
        assertEquals("client_credentials", form(r.body(), "grant_type"));
        assertEquals("read write", form(r.body(), "scope"));
        assertFalse(r.body().contains("s3cr"), "the client secret goes in the Basic header only");
    }

    @Test
    void aBodyGrantTypeReplacesTheDefaultAndGetPutsParametersInTheQuery() throws Exception {
        create("get", auth.url("/token"), "GET", CreateConnectionOAuthRequestParameters.builder()
                .oAuthHttpParameters(h -> h.bodyParameters(
                        ConnectionBodyParameter.builder().key("grant_type").value("urn:custom").build())));
        assertEquals(ConnectionState.AUTHORIZED, settled("get").connectionState());
        TokenServer.Recorded r = auth.requests.getFirst();
        assertEquals("GET", r.method());
        assertEquals("grant_type=urn%3Acustom", r.query());
        assertEquals("", r.body());
    }

    @Test
    void everyFailureDeauthorizesWithAReason() throws Exception {
        auth.script = r -> switch (r.path()) {
            case "/401" -> new TokenServer.Answer(401, "{\"error\":\"invalid_client\"}", 0);
            case "/500" -> new TokenServer.Answer(500, "oops", 0);
            case "/no-token" -> TokenServer.Answer.json("{\"token_type\":\"bearer\"}");
            case "/not-json" -> TokenServer.Answer.json("<html>");
            case "/slow" -> new TokenServer.Answer(200, "{\"access_token\":\"late\"}", 3000);
            default -> TokenServer.Answer.json("{\"access_token\":\"x\"}");
        };
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        create("e401", auth.url("/401"), "POST", CreateConnectionOAuthRequestParameters.builder());
        create("e500", auth.url("/500"), "POST", CreateConnectionOAuthRequestParameters.builder());
        create("enotoken", auth.url("/no-token"), "POST", CreateConnectionOAuthRequestParameters.builder());
        create("enotjson", auth.url("/not-json"), "PUT", CreateConnectionOAuthRequestParameters.builder());
        create("eslow", auth.url("/slow"), "POST", CreateConnectionOAuthRequestParameters.builder());
        create("eclosed", "http://127.0.0.1:" + closedPort + "/token", "POST", CreateConnectionOAuthRequestParameters.builder());
        create("ebadurl", "replace_this", "POST", CreateConnectionOAuthRequestParameters.builder());
        assertEquals("The authorization endpoint answered HTTP 401.", settled("e401").stateReason());
        assertEquals("The authorization endpoint answered HTTP 500.", settled("e500").stateReason());
        assertEquals("The authorization endpoint's answer has no access_token.", settled("enotoken").stateReason());
        assertEquals("The authorization endpoint's answer is not JSON.", settled("enotjson").stateReason());
        assertEquals("The authorization endpoint did not answer within 700 ms.", settled("eslow").stateReason());
        assertEquals("Could not connect to the specified endpoint.", settled("eclosed").stateReason());
        assertEquals("The authorization endpoint is not a valid URL.", settled("ebadurl").stateReason());
        for (String name : List.of("e401", "e500", "enotoken", "enotjson", "eslow", "eclosed", "ebadurl")) {
            DescribeConnectionResponse d = events.describeConnection(r -> r.name(name));
            assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState(), name);
            assertEquals(Instant.EPOCH, d.lastAuthorizedTime(), name);
            assertFalse(d.stateReason().contains("s3cr"), name);
        }
    }

    @Test
    void anUnreachableEndpointIsRetriedWhileTheConnectionShowsWhy() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TestServer patient = new TestServer(dataDir.resolve("patient"), "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8")) {
            EventBridgeClient client = patient.client();
            client.createConnection(r -> r.name("later").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint("http://127.0.0.1:" + closedPort + "/t")
                            .httpMethod("POST").clientParameters(c -> c.clientID("id").clientSecret("secret")))));
            // The first attempt failed; the next waits for the retry delay, and this test's clock stands still.
            DescribeConnectionResponse d = Await.value("a reason", () -> client.describeConnection(r -> r.name("later")),
                    x -> x.stateReason() != null);
            // As recorded from AWS: still AUTHORIZING, with the reason, and LastAuthorizedTime 0.
            assertEquals(ConnectionState.AUTHORIZING, d.connectionState());
            assertEquals("Could not connect to the specified endpoint.", d.stateReason());
            assertEquals(Instant.EPOCH, d.lastAuthorizedTime());
        }
    }

    @Test
    void httpEndpointsNeedTheSwitch() throws Exception {
        try (TestServer strict = new TestServer(dataDir.resolve("strict"))) {
            EventBridgeClient client = strict.client();
            client.createConnection(r -> r.name("plain").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                    .authParameters(a -> a.oAuthParameters(o -> o.authorizationEndpoint(auth.url("/token")).httpMethod("POST")
                            .clientParameters(c -> c.clientID("id").clientSecret("secret")))));
            DescribeConnectionResponse d = strict.settled(client, "plain");
            assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState());
            assertEquals("The authorization endpoint must use HTTPS (or start Bridgekeeper with --allow-http-endpoints).",
                    d.stateReason());
            assertTrue(auth.requests.isEmpty());
        }
    }

    @Test
    void tokensAreReusedThenRefreshedAndOneRequestServesAThousandCallers() throws Exception {
        create("svc");
        assertEquals(ConnectionState.AUTHORIZED, settled("svc").connectionState());
        assertEquals(1, auth.requests.size());
        var tokens = server.main().tokens();
        // A token valid for an hour is reused.
        Result first = tokens.token(DEFAULT, "svc");
        assertEquals("tok-1", assertInstanceOf(Result.Granted.class, first).token().accessToken());
        assertEquals(1, auth.requests.size());

        // A token expiring within 60 seconds is refreshed, by one request for a thousand callers.
        auth.script = r -> new TokenServer.Answer(200, "{\"access_token\":\"tok-" + (auth.requests.size())
                + "\",\"expires_in\":30}", 300);
        OAuthToken rejected = ((Result.Granted) first).token();
        int callers = 1000;
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Result>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(() -> {
                go.await();
                return tokens.refreshAfterRejection(DEFAULT, "svc", rejected);
            });
        }
        List<Future<Result>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            calls.forEach(c -> results.add(pool.submit(c)));
            go.countDown();
            for (Future<Result> f : results) {
                assertEquals("tok-2", assertInstanceOf(Result.Granted.class, f.get()).token().accessToken());
            }
        }
        assertEquals(2, auth.requests.size(), "one token request for " + callers + " concurrent callers");
        // That token expires within the margin, so the next lookup refreshes again.
        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok-3\",\"expires_in\":3600}");
        assertEquals("tok-3", ((Result.Granted) tokens.token(DEFAULT, "svc")).token().accessToken());
        assertEquals(3, auth.requests.size());
        assertEquals("tok-3", ((Result.Granted) tokens.token(DEFAULT, "svc")).token().accessToken());
        assertEquals(3, auth.requests.size());

        // A refresh that fails de-authorizes the connection.
        auth.script = r -> new TokenServer.Answer(400, "{\"error\":\"invalid_grant\"}", 0);
        Result refused = tokens.refreshAfterRejection(DEFAULT, "svc",
                ((Result.Granted) tokens.token(DEFAULT, "svc")).token());
        assertEquals("The authorization endpoint answered HTTP 400.", assertInstanceOf(Result.Refused.class, refused).reason());
        DescribeConnectionResponse d = events.describeConnection(r -> r.name("svc"));
        assertEquals(ConnectionState.DEAUTHORIZED, d.connectionState());
        assertEquals("The authorization endpoint answered HTTP 400.", d.stateReason());
        assertInstanceOf(Result.Refused.class, tokens.token(DEFAULT, "svc"));
    }

    @Test
    void updatingOAuthParametersReauthorizesAndDeauthorizeDropsTheToken() throws Exception {
        create("upd");
        assertEquals(ConnectionState.AUTHORIZED, settled("upd").connectionState());
        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"tok-new\"}");
        var answer = events.updateConnection(r -> r.name("upd").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.oAuthParameters(o -> o.clientParameters(c -> c.clientSecret("rotated")))));
        assertEquals(ConnectionState.AUTHORIZING, answer.connectionState());
        assertEquals(ConnectionState.AUTHORIZED, settled("upd").connectionState());
        assertEquals(2, auth.requests.size());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("my+client:rotated".getBytes(StandardCharsets.UTF_8)),
                auth.requests.get(1).header("Authorization"));
        assertEquals("tok-new", ((Result.Granted) server.main().tokens().token(DEFAULT, "upd")).token().accessToken());

        // A description-only update keeps the authorization and its token.
        events.updateConnection(r -> r.name("upd").description("just words"));
        assertEquals(ConnectionState.AUTHORIZED, events.describeConnection(r -> r.name("upd")).connectionState());
        server.main().tokens().token(DEFAULT, "upd");
        assertEquals(2, auth.requests.size());

        events.deauthorizeConnection(r -> r.name("upd"));
        assertInstanceOf(Result.Refused.class, server.main().tokens().token(DEFAULT, "upd"));
        assertEquals(2, auth.requests.size());
    }

    @Test
    void anExchangeInterruptedByAStopResumesAtTheNextStart() throws Exception {
        auth.script = r -> new TokenServer.Answer(200, "{\"access_token\":\"after-restart\"}", auth.requests.size() == 1 ? 2000 : 0);
        create("resume");
        Await.until("the first token request to be out (and slow)", () -> auth.requests.size() == 1);
        server.restart();
        events = server.client();
        assertEquals(ConnectionState.AUTHORIZED, settled("resume").connectionState());
        assertEquals(2, auth.requests.size());
    }

    @Test
    void tokensAndSecretsNeverReachTheDataDir() throws Exception {
        auth.script = r -> TokenServer.Answer.json("{\"access_token\":\"ACCESS-TOKEN-9f8e7d\",\"expires_in\":3600}");
        create("scan");
        assertEquals(ConnectionState.AUTHORIZED, settled("scan").connectionState());
        assertEquals("ACCESS-TOKEN-9f8e7d", ((Result.Granted) server.main().tokens().token(DEFAULT, "scan")).token().accessToken());
        server.stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains("ACCESS-TOKEN-9f8e7d"), f.toString());
                assertFalse(content.contains("s3cr/t"), f.toString());
            }
        }
        server.start();
        // The sealed token is still usable after the restart: no new request.
        assertEquals("ACCESS-TOKEN-9f8e7d", ((Result.Granted) server.main().tokens().token(DEFAULT, "scan")).token().accessToken());
        assertEquals(1, auth.requests.size());
        assertNotEquals(0, auth.requests.size());
    }
}
