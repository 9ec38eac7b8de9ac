package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.bridgekeeper.Await;
import org.bridgekeeper.HostileEndpoint;
import org.junit.jupiter.api.Test;

/**
 * One deadline per outbound call, body included, and a cap on what is read: against real local
 * endpoints that stall after their headers or never stop sending. Before this, the first call
 * waited for the stalled body forever (the JDK's request timeout ends at the headers).
 */
class OutboundDeadlineTest {

    private final Outbound outbound = new Outbound(EgressPolicy.of(List.of(AddressRange.parse("127.0.0.0/8"))),
            Duration.ofSeconds(5), () -> TrustedCertificates.context(null));

    @Test
    void aBodyThatStallsAfterTheHeadersEndsTheCallAtTheDeadline() throws Exception {
        try (HostileEndpoint stalled = new HostileEndpoint(HostileEndpoint.Mode.STALL); outbound) {
            OutboundRequest request = OutboundTest.get(stalled.url("/hook"));
            assertThrows(HttpTimeoutException.class, () -> outbound.call(request, "endpoint", null,
                    System.nanoTime() + Duration.ofMillis(300).toNanos(), 1024, 1024 * 1024));
            assertEquals(1, stalled.requests.get());
            Await.until("the abandoned call's connection to be closed", () -> stalled.abandoned.get() == 1);
        }
    }

    @Test
    void anEndlessBodyIsReadUpToTheCapAndItsStartKept() throws Exception {
        try (HostileEndpoint endless = new HostileEndpoint(HostileEndpoint.Mode.ENDLESS); outbound) {
            Outbound.Answer answer = outbound.call(OutboundTest.get(endless.url("/hook")), "endpoint", null,
                    System.nanoTime() + Duration.ofSeconds(30).toNanos(), 100, 256 * 1024);
            assertEquals(200, answer.status());
            assertTrue(answer.overCap());
            assertEquals(100, answer.start().length, "only the start is kept");
            assertTrue(answer.read() > 256 * 1024 && answer.read() < 2 * 1024 * 1024, "read: " + answer.read());
            Await.until("the cut-off connection to be closed", () -> endless.abandoned.get() == 1);
        }
    }
}
