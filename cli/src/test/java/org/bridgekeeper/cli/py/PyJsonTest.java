package org.bridgekeeper.cli.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import org.junit.jupiter.api.Test;

/**
 * json.loads and json.dumps against Python 3.11 (expected values printed by it), including
 * where json/PyJsonParser and output/PyJson disagreed.
 */
class PyJsonTest {

    @Test
    void negativeZeroKeepsItsSign() {
        // json/PyJsonParser went through BigDecimal, which has no -0.
        assertEquals("-0.0", Py.repr(Py.loads("-0.0")));
        assertEquals("0", Py.repr(Py.loads("-0")));
    }

    @Test
    void aHugeExponentIsInfinity() {
        // json/PyJsonParser failed with BigDecimal's "Exponent overflow.".
        assertEquals("inf", Py.repr(Py.loads("1e9999999999")));
        assertEquals("-inf", Py.repr(Py.loads("-1e400")));
        assertEquals("0.0", Py.repr(Py.loads("1e-9999999999")));
    }

    @Test
    void errorsSayWhereInCodePoints() {
        // output/PyJson counted UTF-16 units and kept no position.
        assertEquals("Extra data: line 1 column 5 (char 4)", error("\"😀\" x"));
        assertEquals("Expecting property name enclosed in double quotes: line 1 column 9 (char 8)",
                error("{\"a\": 1,}"));
        assertEquals("Expecting ',' delimiter: line 1 column 6 (char 5)", error("[1, 2"));
        assertEquals("Invalid control character at: line 1 column 3 (char 2)", error("\"a\tb\""));
        assertEquals("Expecting value: line 1 column 1 (char 0)", error("nul"));
    }

    @Test
    void badUnicodeEscapesAsCPythonsScannerReportsThem() {
        // json/PyJsonParser pointed at the backslash and called a cut-short escape unterminated.
        assertEquals("Invalid \\uXXXX escape: line 1 column 3 (char 2)", error("\"\\u12}"));
        assertEquals("Invalid \\uXXXX escape: line 1 column 3 (char 2)", error("\"\\u1212"));
        assertEquals("Invalid \\uXXXX escape: line 1 column 9 (char 8)", error("\"\\ud83d\\u12\""));
        assertEquals("Invalid \\uXXXX escape: line 1 column 9 (char 8)", error("\"\\ud83d\\u12x\""));
        assertEquals("Invalid \\uXXXX escape: line 1 column 8 (char 7)", error("\"false\\udc00"));
        assertEquals("Invalid \\escape: line 1 column 2 (char 1)", error("\"\\x\""));
        assertEquals("Invalid \\uXXXX escape: line 1 column 9 (char 8)", error("\"\\ud83d\\ude00"));
        assertEquals("é", Py.loads("\"\\u00E9\"").textValue());
    }

    @Test
    void valuesAsPythonMakesThem() {
        assertEquals("😀", Py.loads("\"\\ud83d\\ude00\"").textValue());
        assertEquals("\ud83d x", Py.loads("\"\\ud83d x\"").textValue());
        assertEquals("{'a': 2, 'b': 3}", Py.repr(Py.loads("{\"a\":1,\"a\":2,\"b\":3}")));
        assertEquals("12345678901234567890123", Py.repr(Py.loads("12345678901234567890123")));
        assertEquals("<class 'float'>", Py.type(Py.loads("1.0")));
        assertEquals("[nan, inf, -inf]", Py.repr(Py.loads("[NaN, Infinity, -Infinity]")));
    }

    @Test
    void dumpsWithEachSetOfArguments() {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.putArray("k").add("é\u2028").add(1.5).addNull().add(true).add(Double.NaN);
        value.putObject("e");
        assertEquals("{\"k\": [\"\\u00e9\\u2028\", 1.5, null, true, NaN], \"e\": {}}", Py.dumps(value));
        assertEquals("{\"k\":[\"\\u00e9\\u2028\",1.5,null,true,NaN],\"e\":{}}", Py.dumps(value, ",", ":", true));
        assertEquals("{\"k\": [\"é\u2028\", 1.5, null, true, NaN], \"e\": {}}", Py.dumps(value, ", ", ": ", false));
        assertEquals("{\n    \"k\": [\n        \"\\u00e9\\u2028\",\n        1.5,\n        null,\n        true,\n"
                + "        NaN\n    ],\n    \"e\": {}\n}", Py.dumps(value, 4, true));
    }

    @Test
    void dumpsWritesBlobsAsBotocoreSerializesThem() {
        assertEquals("\"AAE=\"", Py.dumps(BinaryNode.valueOf(new byte[] {0, 1})));
    }

    @Test
    void anExpressionReferenceIsCircular() {
        JsonNode list = JsonNodeFactory.instance.arrayNode().add(new POJONode(new Object()));
        assertEquals("Circular reference detected",
                assertThrows(PyValueError.class, () -> Py.dumps(list)).getMessage());
    }

    private static String error(String text) {
        return assertThrows(JsonDecodeError.class, () -> Py.loads(text)).getMessage();
    }
}
