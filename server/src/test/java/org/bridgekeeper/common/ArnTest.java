package org.bridgekeeper.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArnTest {

    @Test
    void targetArnsTakeApart() {
        Arn queue = Arn.parse("arn:aws:sqs:us-east-1:000000000000:orders.fifo").orElseThrow();
        assertEquals("sqs", queue.service());
        assertEquals(new Scope("000000000000", "us-east-1"), queue.scope());
        assertEquals("orders.fifo", queue.resource());
        Arn logs = Arn.parse("arn:aws:logs:eu-west-1:000000000000:log-group:/a/b:*").orElseThrow();
        assertEquals("/a/b:*", logs.resourceAfter("log-group"));
        Arn bus = Arn.parse("arn:aws-cn:events:cn-north-1:000000000000:event-bus/orders").orElseThrow();
        assertEquals("orders", bus.resourceAfter("event-bus"));
        assertNull(bus.resourceAfter("api-destination"));
        assertNull(bus.resourceAfter("event"), "a type is matched whole");
        assertEquals("arn:aws-cn:events:cn-north-1:000000000000:event-bus/orders", bus.toString());
        assertEquals("", Arn.parse("arn:aws:s3:::bucket").orElseThrow().account());
    }

    @Test
    void notArnsAreRefused() {
        for (String text : new String[] {"not-an-arn", "arn:aws:sqs", "arn:aws:sqs:us-east-1:123:q", "arn:gcp:sqs:r:000000000000:q",
                "arn:aws:sqs:us-east-1:000000000000:"}) {
            assertTrue(Arn.parse(text).isEmpty(), text);
        }
        assertTrue(Arn.parse(null).isEmpty());
    }
}
