package org.bridgekeeper.cli.py;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * repr() where the CLI's copies disagreed with Python 3.11 (expected values printed by it).
 * json/PyRepr (validation messages) left non-printable characters above U+009F as they were;
 * args/Choices, Debug, ArgParser, Pager and Paging quoted by hand ('...' and backslashes only).
 */
class PyReprTest {

    @Test
    void nonPrintableCharactersAreEscapedBySize() {
        // U+00A0 (Zs), U+00AD (Cf), U+2028 (Zl), U+0378 (unassigned), a lone surrogate.
        assertEquals("'\\xa0x\\xad\\u2028\\ud800😀\\u0378é\\x85'", Py.repr("\u00a0x\u00ad\u2028\ud800😀\u0378é\u0085"));
        assertEquals("'\\ue000\\U000f0000'", Py.repr("\ue000\udb80\udc00"));
    }

    @Test
    void quotesAndControlCharactersAsPythonDoes() {
        // Debug's and ArgParser's copies always used single quotes; Choices' left \n as it was.
        assertEquals("\"it's\"", Py.repr("it's"));
        assertEquals("'a\\nb\\x1b'", Py.repr("a\nb\u001b"));
        JsonNode argv = JsonNodeFactory.instance.arrayNode().add("it's").add("a\\b");
        assertEquals("[\"it's\", 'a\\\\b']", Py.repr(argv));
    }

    @Test
    void bytesAndTheirType() {
        // output/Py's copy had no bytes: it printed them as a JMESPath expression.
        JsonNode bytes = BinaryNode.valueOf("it's\u0000".getBytes(StandardCharsets.UTF_8));
        assertEquals("b\"it's\\x00\"", Py.repr(bytes));
        assertEquals("b'\"\\''", Py.repr(BinaryNode.valueOf(new byte[] {'"', '\''})));
        assertEquals("b'\\xff'", Py.repr(BinaryNode.valueOf(new byte[] {(byte) 0xff})));
        assertEquals("<class 'bytes'>", Py.type(bytes));
    }

    @Test
    void aMissingNodeIsNone() {
        // json/PyRepr's typeName called it a dict.
        assertEquals("None", Py.repr(MissingNode.getInstance()));
        assertEquals("<class 'NoneType'>", Py.type(MissingNode.getInstance()));
        assertEquals("<class 'float'>", Py.type(JsonNodeFactory.instance.numberNode(1.0)));
    }
}
