package org.bridgekeeper.cli.py;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PyTest {
    private static Path resource(String name) {
        try {
            return Path.of(PyTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void floatReprMatchesPythonOnThousandsOfDoubles() throws IOException {
        int checked = 0;
        for (String line : Files.readAllLines(resource("/output/floats.cases"), StandardCharsets.US_ASCII)) {
            String[] parts = line.split(" ");
            double d = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(parts[0]));
            assertEquals(parts[1], Py.floatRepr(d), parts[0]);
            checked++;
        }
        assertEquals(5109, checked);
    }

    @Test
    void floatReprSpecialValues() {
        assertEquals("nan", Py.floatRepr(Double.NaN));
        assertEquals("inf", Py.floatRepr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Py.floatRepr(Double.NEGATIVE_INFINITY));
        assertEquals("-0.0", Py.floatRepr(-0.0));
        assertEquals("1700000000.123", Py.floatRepr(1700000000.123));
        assertEquals("1e+16", Py.floatRepr(1e16));
        assertEquals("1e-05", Py.floatRepr(1e-5));
    }

    @Test
    void stringReprPicksQuotesAsPythonDoes() {
        assertEquals("'plain'", Py.repr(TextNode.valueOf("plain")));
        assertEquals("\"it's\"", Py.repr(TextNode.valueOf("it's")));
        assertEquals("'both \\' and \"'", Py.repr(TextNode.valueOf("both ' and \"")));
        assertEquals("'tab\\tnl\\n\\x00\\x7f\\x85\\u2028ü😀'", Py.repr(TextNode.valueOf("tab\tnl\n\u0000\u007f\u0085\u2028ü😀")));
    }

    @Test
    void codePointOrderPutsAstralCharactersLast() {
        assertEquals(1, Integer.signum(Py.compareCodePoints("😀", "\uffff")));
        assertEquals(-1, Integer.signum("😀".compareTo("\uffff")));
    }

    /** json/PyRepr's copy kept Java's two digits here (4.9e-324, 9.9e-324). */
    @Test
    void floatReprOfTheSmallestSubnormalsHasPythonsOneDigit() {
        assertEquals("5e-324", Py.floatRepr(Double.MIN_VALUE));
        assertEquals("1e-323", Py.floatRepr(2 * Double.MIN_VALUE));
        assertEquals("1.5e-323", Py.floatRepr(3 * Double.MIN_VALUE));
        assertEquals("5e-324", Py.dumps(DoubleNode.valueOf(Double.MIN_VALUE)));
    }
}
