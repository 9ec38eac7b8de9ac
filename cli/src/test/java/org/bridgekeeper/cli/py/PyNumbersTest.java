package org.bridgekeeper.cli.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import org.junit.jupiter.api.Test;

/**
 * int() and float() of a str where the CLI's copies disagreed with Python 3.11. args/Py
 * refused float("1.e5") and float("1e1_0"), which JMESPath's to_number() and Python accept;
 * ArgParser's int() took "_1", "1__0" and "1_". None stripped U+00A0 or U+0085, or read
 * Unicode digits, as CPython does.
 */
class PyNumbersTest {

    @Test
    void floatAcceptsPythonsWholeGrammar() {
        assertEquals(100000.0, Py.toFloat("1.e5"));
        assertEquals(1e10, Py.toFloat("1e1_0"));
        assertEquals(1000.5, Py.toFloat(" 1_000.5 "));
        assertEquals(0.5, Py.toFloat(".5"));
        assertEquals(5.0, Py.toFloat("5."));
        assertEquals(Double.NEGATIVE_INFINITY, Py.toFloat("-Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, Py.toFloat("iNf"));
        assertEquals(Double.NaN, Py.toFloat("-nan"));
        assertEquals(1.0, Py.toFloat("\u00a01\u0085"));
        assertEquals(3.5, Py.toFloat("\u0663.5"));
    }

    @Test
    void floatRefusesWhatPythonRefuses() {
        for (String s : new String[] {"_1", "1__0", "1e5_", "0x10", "1._5", "", "infinit", "1 2"}) {
            PyValueError e = assertThrows(PyValueError.class, () -> Py.toFloat(s), s);
            assertEquals("could not convert string to float: " + Py.repr(s), e.getMessage());
        }
    }

    @Test
    void intAsPythonReadsIt() {
        assertEquals(IntNode.valueOf(1000), Py.toInt("1_000"));
        assertEquals(IntNode.valueOf(5), Py.toInt("+5"));
        assertEquals(IntNode.valueOf(7), Py.toInt("\u00a07 "));
        assertEquals(IntNode.valueOf(3), Py.toInt("\u0663"));
        assertEquals(LongNode.valueOf(1L << 40), Py.toInt(Long.toString(1L << 40)));
        assertEquals("123456789012345678901234567890", Py.toInt("123456789012345678901234567890").toString());
        for (String s : new String[] {"_1", "1__0", "1_", "1.0", "", "0x10"}) {
            PyValueError e = assertThrows(PyValueError.class, () -> Py.toInt(s), s);
            assertEquals("invalid literal for int() with base 10: " + Py.repr(s), e.getMessage());
        }
    }
}
