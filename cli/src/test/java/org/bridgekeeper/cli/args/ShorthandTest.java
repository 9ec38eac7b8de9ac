package org.bridgekeeper.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bridgekeeper.cli.py.Py;
import org.junit.jupiter.api.Test;

/**
 * The shorthand parser against aws-cli 2.9.19's behaviour (shared/reference/aws-cli.md §2.3;
 * the error texts were checked with /usr/bin/aws 2.9.19).
 */
class ShorthandTest {

    private static String parse(String s) {
        return Py.dumps(Shorthand.parse(s));
    }

    private static String error(String s) {
        return assertThrows(ShorthandException.class, () -> Shorthand.parse(s)).getMessage();
    }

    @Test
    void nestedStructuresListsAndQuoting() {
        assertEquals("{\"InvocationHttpParameters\": {\"HeaderParameters\": [{\"Key\": \"k1\", \"Value\": \"v1\","
                + " \"IsValueSecret\": \"true\"}, {\"Key\": \"k2\", \"Value\": \"a,b\", \"IsValueSecret\": \"false\"}],"
                + " \"QueryStringParameters\": [{\"Key\": \"q\", \"Value\": \"a b c\"}]}}",
                parse("InvocationHttpParameters={HeaderParameters=[{Key=k1,Value=v1,IsValueSecret=true},"
                        + "{Key=k2,Value=\"a,b\",IsValueSecret=false}],QueryStringParameters=[{Key=q,Value=a b c}]}"));
    }

    @Test
    void urlsWithEqualsAndAmpersandsAreOneValue() {
        assertEquals("{\"AuthorizationEndpoint\": \"https://a.example.com/t?x=1&y=2\", \"HttpMethod\": \"POST\"}",
                parse("AuthorizationEndpoint=https://a.example.com/t?x=1&y=2,HttpMethod=POST"));
    }

    @Test
    void csvValuesBecomeListsAndBacktrackBeforeAKey() {
        assertEquals("{\"A\": [\"x\", \"y\"]}", parse("A=x,y"));
        assertEquals("{\"A\": \"x\", \"B\": \"y\"}", parse("A=x,B=y"));
        assertEquals("{\"A\": [\"x\", \"y\"], \"B\": \"z\"}", parse("A=x,y,B=z"));
    }

    @Test
    void quotedValuesKeepCommasAndBracesAndUnescapeQuotes() {
        assertEquals("{\"Username\": \"u,with,commas\", \"Password\": \"p=w{d}\"}",
                parse("Username=\"u,with,commas\",Password='p=w{d}'"));
        assertEquals("{\"A\": \"it's\", \"B\": \"a\\\\b\"}", parse("A='it\\'s',B=\"a\\\\b\""));
        assertEquals("{\"Username\": \"u,x\"}", parse("Username=u\\,x"));
    }

    @Test
    void whitespaceAroundSeparatorsAndEmptyValues() {
        assertEquals("{\"BasicAuthParameters\": {\"Username\": \"u\", \"Password\": \"p\"}}",
                parse("BasicAuthParameters = { Username = u , Password = p }"));
        assertEquals("{\"Key\": \"\"}", parse("Key="));
        assertEquals("{\"A\": {\"K\": \"\"}}", parse("A={K=\"\"}"));
        assertEquals("{\"A\": {\"K\": \"2\"}}", parse("A={K=1,K=2}"));
    }

    @Test
    void syntaxErrorsPointACaretAtTheFailingIndex() {
        assertEquals("Expected: ',', received: 'EOF' for input:\nBasicAuthParameters={Username=u\n"
                + "                               ^", error("BasicAuthParameters={Username=u"));
        assertEquals("Expected: '=', received: 'EOF' for input:\nA={K=v},\n        ^", error("A={K=v},"));
        assertEquals("Expected: ',', received: ']' for input:\nL=[{Key=a,Value=}]\n                 ^",
                error("L=[{Key=a,Value=}]"));
        assertEquals("Expected: '=', received: '@' for input:\nUsername@=file://x\n        ^",
                error("Username@=file://x"));
    }

    @Test
    void theCaretCountsFromTheLastNewline() {
        assertEquals("Expected: '=', received: 'EOF' for input:\nA=1,\nB={x\n    ^", error("A=1,\nB={x"));
        assertEquals("Expected: ',', received: 'EOF' for input:\nA=[1,\n2\n ^", error("A=[1,\n2"));
    }

    @Test
    void aDuplicateTopLevelKeyIsReported() {
        assertEquals("Second instance of key \"BasicAuthParameters\" encountered for input:\n"
                + "BasicAuthParameters={Username=u},BasicAuthParameters={Password=p}\n"
                + "                                 ^\n"
                + "This is often because there is a preceding \",\" instead of a space.",
                error("BasicAuthParameters={Username=u},BasicAuthParameters={Password=p}"));
    }
}
