package org.bridgekeeper.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.AwsException;
import org.junit.jupiter.api.Test;

/** The bus policy's pure functions and the taggable resource an ARN names. */
class BusPolicyTest {

    private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/orders";
    private static final Scope SCOPE = new Scope("000000000000", "us-east-1");

    @Test
    void statementsAreAddedReplacedAndRemovedBySid() {
        String one = BusPolicy.put(null, "a", "events:PutEvents", "111122223333", null, "aws", BUS);
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"events:PutEvents\",\"Resource\":\"" + BUS + "\"}]}", one);
        String two = BusPolicy.put(one, "b", "events:PutEvents", "*",
                new BusPolicy.Condition("StringEquals", "aws:PrincipalOrgID", "o-1"), "aws", BUS);
        assertEquals(one.replace("}]}", "},{\"Sid\":\"b\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":"
                + "\"events:PutEvents\",\"Resource\":\"" + BUS + "\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:PrincipalOrgID\":\"o-1\"}}}]}"), two);
        String replaced = BusPolicy.put(two, "a", "events:PutEvents", "444455556666", null, "aws-cn", BUS);
        assertEquals(two.replace("arn:aws:iam::111122223333:root", "arn:aws-cn:iam::444455556666:root"), replaced);
        String onlyB = BusPolicy.remove(replaced, "a");
        assertEquals("b", onlyB.replaceAll(".*\"Sid\":\"([a-z])\".*", "$1"));
        assertNull(BusPolicy.remove(onlyB, "b"), "no statement left, no policy");
        assertEquals("Statement with the provided id does not exist.",
                assertThrows(AwsException.ResourceNotFoundException.class, () -> BusPolicy.remove(onlyB, "zz")).getMessage());
        assertThrows(AwsException.ResourceNotFoundException.class, () -> BusPolicy.remove(null, "a"));
    }

    @Test
    void aPolicyDocumentIsCheckedAndKeptCompact() {
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                BusPolicy.replace("{ \"Version\": \"2012-10-17\",\n \"Statement\": [] }"));
        assertThrows(AwsException.ValidationException.class, () -> BusPolicy.replace("[1]"));
        assertThrows(AwsException.ValidationException.class, () -> BusPolicy.replace("{"));
        assertThrows(AwsException.PolicyLengthExceededException.class,
                () -> BusPolicy.replace("{\"x\":\"" + "a".repeat(BusPolicy.MAX_BYTES) + "\"}"));
        String single = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"x\",\"Effect\":\"Allow\"}}";
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"x\",\"Effect\":\"Allow\"},{\"Sid\":\"y\","
                + "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"" + BUS + "\"}]}",
                BusPolicy.put(single, "y", "events:PutEvents", "*", null, "aws", BUS),
                "a single statement object becomes a list when one is added");
    }

    @Test
    void anArnNamesABusOrARule() {
        assertEquals(new RuleStore.Tagged(SCOPE, "orders", null),
                RuleService.taggable(SCOPE, "arn:aws:events:us-east-1:000000000000:event-bus/orders"));
        assertEquals(new RuleStore.Tagged(SCOPE, "default", "r"),
                RuleService.taggable(SCOPE, "arn:aws:events:us-east-1:000000000000:rule/r"));
        assertEquals(new RuleStore.Tagged(SCOPE, "orders", "r"),
                RuleService.taggable(SCOPE, "arn:aws:events:us-east-1:000000000000:rule/orders/r"));
        assertEquals("Rule r does not exist on EventBus orders.", assertThrows(AwsException.ResourceNotFoundException.class,
                () -> RuleService.taggable(SCOPE, "arn:aws:events:eu-west-1:000000000000:rule/orders/r")).getMessage());
        assertEquals("Event bus orders does not exist.", assertThrows(AwsException.ResourceNotFoundException.class,
                () -> RuleService.taggable(SCOPE, "arn:aws:events:us-east-1:123456789012:event-bus/orders")).getMessage());
        assertThrows(AwsException.ValidationException.class,
                () -> RuleService.taggable(SCOPE, "arn:aws:events:us-east-1:000000000000:connection/c/1"));
        assertThrows(AwsException.ValidationException.class,
                () -> RuleService.taggable(SCOPE, "arn:aws:sqs:us-east-1:000000000000:event-bus/q"));
        assertThrows(AwsException.ValidationException.class,
                () -> RuleService.taggable(SCOPE, "arn:aws:events:us-east-1:000000000000:rule/a/b/c"));
        assertThrows(AwsException.ValidationException.class, () -> RuleService.taggable(SCOPE, "orders"));
    }
}
