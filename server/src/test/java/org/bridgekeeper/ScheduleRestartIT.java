package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Scheduled rules across restarts: a rate schedule's period goes on (it does not start again at
 * start), and the periods missed while the server was down fire once, not in a burst.
 */
class ScheduleRestartIT {

    @TempDir
    Path dataDir;
    TokenServer receiver;
    TestServer server;
    EventBridgeClient events;

    @BeforeEach
    void start() throws Exception {
        receiver = new TokenServer();
        receiver.script = r -> new TokenServer.Answer(200, "{}", 0);
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8");
        events = server.client();
        String connection = events.createConnection(r -> r.name("c").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("u").password("p")))).connectionArn();
        String destination = events.createApiDestination(r -> r.name("ticks").connectionArn(connection)
                .invocationEndpoint(receiver.url("/ticks")).httpMethod("POST")).apiDestinationArn();
        events.putRule(r -> r.name("every-minute").scheduleExpression("rate(1 minute)"));
        events.putTargets(r -> r.rule("every-minute").targets(Target.builder().id("t").arn(destination)
                .roleArn("arn:aws:iam::000000000000:role/r").build()));
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    /** Moves the server's time on a second at a time (the schedule ticks every second), then waits for the deliveries. */
    int firesAfter(Duration span) {
        for (long s = 0; s < span.toSeconds(); s++) {
            server.clock().advanceSeconds(1);
        }
        Await.until("no pending delivery", () -> server.main().pendingDeliveries().isEmpty());
        return receiver.requests.size();
    }

    void restart(Duration down) {
        server.stop();
        server.clock().advance(down); // nothing runs while the server is down
        server.start();
        events = server.client();
    }

    @Test
    void aRatePeriodGoesOnAcrossARestart() {
        assertEquals(0, firesAfter(Duration.ofSeconds(30)));
        restart(Duration.ZERO);
        assertEquals(0, firesAfter(Duration.ofSeconds(28)), "not before its minute");
        assertEquals(1, firesAfter(Duration.ofSeconds(4)), "a minute after PutRule, not after the restart");
        assertEquals(2, firesAfter(Duration.ofSeconds(60)));
    }

    @Test
    void periodsMissedWhileDownFireOnceNotInABurst() {
        assertEquals(1, firesAfter(Duration.ofSeconds(62)));
        restart(Duration.ofMinutes(10));
        assertEquals(2, firesAfter(Duration.ofSeconds(2)), "the ten missed minutes fire once");
        assertEquals(2, firesAfter(Duration.ofSeconds(50)));
        assertEquals(3, firesAfter(Duration.ofSeconds(12)), "then every minute from then on");
    }

    @Test
    void aRuleDeletedAndMadeAgainStartsItsPeriodAgain() {
        assertEquals(0, firesAfter(Duration.ofSeconds(30)));
        events.removeTargets(r -> r.rule("every-minute").ids("t"));
        events.deleteRule(r -> r.name("every-minute"));
        assertEquals(0, firesAfter(Duration.ofSeconds(90)));
        String destination = events.listApiDestinations(r -> {}).apiDestinations().getFirst().apiDestinationArn();
        events.putRule(r -> r.name("every-minute").scheduleExpression("rate(1 minute)"));
        events.putTargets(r -> r.rule("every-minute").targets(Target.builder().id("t").arn(destination)
                .roleArn("arn:aws:iam::000000000000:role/r").build()));
        assertEquals(0, firesAfter(Duration.ofSeconds(55)), "no stale fire time from the deleted rule");
        assertEquals(1, firesAfter(Duration.ofSeconds(10)));
    }
}
