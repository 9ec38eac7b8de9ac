package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;

/**
 * Private connectivity: resource configuration ARNs mapped to real local listeners, checked with
 * a TCP connection; AWS's states ACTIVE and FAILED_CONNECTIVITY; a private OAuth endpoint.
 */
class PrivateConnectivityIT {

    static final String OPEN = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-0000000000000open";
    static final String CLOSED = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-00000000000closed";
    static final String AUTH = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-0000000000000auth";
    static final String UNMAPPED = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-000000000unmapped";

    @TempDir
    Path dir;
    ServerSocket listener;
    TokenServer auth;
    TestServer server;
    EventBridgeClient events;

    @BeforeEach
    void start() throws Exception {
        listener = new ServerSocket(0);
        auth = new TokenServer();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path map = dir.resolve("resource-configurations.json");
        Files.writeString(map, "{\"" + OPEN + "\": \"127.0.0.1:" + listener.getLocalPort() + "\", \""
                + CLOSED + "\": \"127.0.0.1:" + closedPort + "\", \""
                + AUTH + "\": \"" + auth.url("").replace("http://", "").replaceAll("/$", "") + "\"}");
        server = new TestServer(dir.resolve("data"), "--resource-configurations", map.toString(),
                "--allow-http-endpoints", "--max-private-connections", "4", "--authorization-retry-delay-ms", "50");
        events = server.client();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        auth.close();
        listener.close();
    }

    void createPrivate(String name, String arn) {
        events.createConnection(r -> r.name(name).authorizationType(ConnectionAuthorizationType.API_KEY)
                .invocationConnectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(arn)))
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
    }

    DescribeConnectionResponse settled(String name) throws InterruptedException {
        return server.settled(events, name);
    }

    @Test
    void reachableIsActiveUnreachableAndUnmappedFailConnectivity() throws Exception {
        createPrivate("open", OPEN);
        createPrivate("closed", CLOSED);
        createPrivate("unmapped", UNMAPPED);
        DescribeConnectionResponse open = settled("open");
        assertEquals(ConnectionState.ACTIVE, open.connectionState());
        assertNull(open.stateReason());
        assertTrue(open.lastAuthorizedTime().isAfter(Instant.EPOCH));
        DescribeConnectionResponse closed = settled("closed");
        assertEquals(ConnectionState.FAILED_CONNECTIVITY, closed.connectionState());
        assertTrue(closed.stateReason().startsWith("Could not connect to the resource configuration " + CLOSED + " at 127.0.0.1:"),
                closed.stateReason());
        DescribeConnectionResponse unmapped = settled("unmapped");
        assertEquals(ConnectionState.FAILED_CONNECTIVITY, unmapped.connectionState());
        assertEquals("The resource configuration " + UNMAPPED + " is not mapped to an address (see --resource-configurations).",
                unmapped.stateReason());
    }

    @Test
    void updatesReverifyConnectivity() throws Exception {
        createPrivate("moving", CLOSED);
        assertEquals(ConnectionState.FAILED_CONNECTIVITY, settled("moving").connectionState());
        var answer = events.updateConnection(r -> r.name("moving")
                .invocationConnectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(OPEN))));
        assertEquals(ConnectionState.AUTHORIZING, answer.connectionState());
        assertEquals(ConnectionState.ACTIVE, settled("moving").connectionState());
        // Back to a public connection: an API key connection is authorized at once.
        var toPublic = events.updateConnection(r -> r.name("moving")
                .invocationConnectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(""))));
        assertEquals(ConnectionState.AUTHORIZED, toPublic.connectionState());
        DescribeConnectionResponse d = events.describeConnection(r -> r.name("moving"));
        assertNull(d.invocationConnectivityParameters());
        assertNull(d.stateReason());
    }

    @Test
    void privateOAuthTokenRequestGoesToTheMappedAddress() throws Exception {
        events.createConnection(r -> r.name("private-oauth").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .invocationConnectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(OPEN)))
                .authParameters(a -> a.connectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(AUTH)))
                        .oAuthParameters(o -> o.authorizationEndpoint("http://idp.internal.example:8443/oauth2/token?x=1")
                                .httpMethod("POST").clientParameters(c -> c.clientID("id").clientSecret("secret")))));
        DescribeConnectionResponse d = settled("private-oauth");
        assertEquals(ConnectionState.ACTIVE, d.connectionState());
        assertEquals(1, auth.requests.size());
        TokenServer.Recorded request = auth.requests.getFirst();
        assertEquals("/oauth2/token", request.path());
        assertEquals("x=1", request.query());
        assertEquals("idp.internal.example:8443", request.header("Host"));
        assertEquals(AUTH, d.authParameters().connectivityParameters().resourceParameters().resourceConfigurationArn());
        assertTrue(d.authParameters().connectivityParameters().resourceParameters().resourceAssociationArn()
                .matches("arn:aws:vpc-lattice:us-east-1:000000000000:servicenetworkresourceassociation/snra-[0-9a-z]{17}"));
    }

    @Test
    void anUnreachablePrivateOAuthEndpointFailsConnectivity() throws Exception {
        events.createConnection(r -> r.name("oauth-closed").authorizationType(ConnectionAuthorizationType.OAUTH_CLIENT_CREDENTIALS)
                .authParameters(a -> a.connectivityParameters(c -> c.resourceParameters(p -> p.resourceConfigurationArn(CLOSED)))
                        .oAuthParameters(o -> o.authorizationEndpoint("https://idp.internal.example/token")
                                .httpMethod("POST").clientParameters(c -> c.clientID("id").clientSecret("secret")))));
        DescribeConnectionResponse d = settled("oauth-closed");
        assertEquals(ConnectionState.FAILED_CONNECTIVITY, d.connectionState());
        assertTrue(auth.requests.isEmpty());
    }

    @Test
    void privateConnectionsHaveAQuotaOfTheirOwn() {
        for (int i = 0; i < 4; i++) {
            createPrivate("p" + i, OPEN);
        }
        var e = assertThrows(LimitExceededException.class, () -> createPrivate("p4", OPEN));
        assertEquals("The maximum number of private connections (4) for this account and region has been reached.",
                e.awsErrorDetails().errorMessage());
        // Public connections are not limited by it.
        events.createConnection(r -> r.name("public").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("k").apiKeyValue("v"))));
    }
}
