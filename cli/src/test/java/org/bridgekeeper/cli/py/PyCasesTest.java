package org.bridgekeeper.cli.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each function of {@link Py} against what CPython 3.11 made of the same random inputs
 * (resources/py/python.cases, written by generate.py beside it): json.loads with its error
 * texts, json.dumps with each set of arguments the CLI uses, repr of a str, float(), int().
 */
class PyCasesTest {

    record Case(String function, String in, String out, String error) {
        @Override
        public String toString() {
            return function + " " + Py.repr(in);
        }
    }

    static List<Case> cases() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Case> cases = new ArrayList<>();
        try (InputStream in = PyCasesTest.class.getResourceAsStream("/py/python.cases")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode c = json.readTree(line);
                cases.add(new Case(c.get("f").textValue(), c.get("in").textValue(),
                        c.has("out") ? c.get("out").textValue() : null, c.has("error") ? c.get("error").textValue() : null));
            }
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void asPython(Case c) {
        if (c.error() != null) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> apply(c));
            assertEquals(c.error(), e.getMessage());
            assertEquals(c.function().equals("loads") ? JsonDecodeError.class : PyValueError.class, e.getClass());
        } else {
            assertEquals(c.out(), apply(c));
        }
    }

    private static String apply(Case c) {
        return switch (c.function()) {
            case "loads" -> {
                JsonNode value = Py.loads(c.in());
                yield Py.repr(value) + " " + Py.typeName(value);
            }
            case "dumps" -> Py.dumps(Py.loads(c.in()));
            case "dumps_indent" -> Py.dumps(Py.loads(c.in()), 4, false);
            case "dumps_compact" -> Py.dumps(Py.loads(c.in()), ",", ":", true);
            case "repr" -> Py.repr(c.in());
            case "float" -> Py.floatRepr(Py.toFloat(c.in()));
            case "int" -> Py.repr(Py.toInt(c.in()));
            default -> throw new IllegalStateException(c.function());
        };
    }
}
