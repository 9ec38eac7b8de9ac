package org.bridgekeeper.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bridgekeeper.cli.py.Py;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JMESPath expressions against the results and error texts of Python jmespath 1.0.1, the
 * version AWS CLI 2.9.19 uses (resources/output/jmespath.cases, made by generate.py).
 */
class QueryComplianceTest {
    record Case(String expression, JsonNode input, String result, String error) {
        @Override
        public String toString() {
            return "<" + expression + ">";
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(GoldenCase.resource("/output/jmespath.cases"), StandardCharsets.UTF_8)) {
            JsonNode record = GoldenCase.JSON.readTree(line);
            cases.add(new Case(record.get("expr").textValue(), record.get("input"),
                    record.has("result") ? record.get("result").textValue() : null,
                    record.has("error") ? record.get("error").textValue() : null));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesAsPythonJmespath(Case c) {
        if (c.error() != null && c.error().startsWith("Bad value for --query ")) {
            QueryException e = assertThrows(QueryException.class, () -> Query.compile(c.expression()));
            assertEquals(c.error(), e.getMessage());
            return;
        }
        Query query = assertDoesNotThrowQuery(c.expression());
        if (c.error() != null) {
            OutputException e = assertThrows(OutputException.class, () -> query.search(c.input()));
            assertEquals(withoutAddress(c.error()), withoutAddress(e.getMessage()));
        } else {
            assertEquals(c.result(), Py.dumps(query.search(c.input()), ", ", ": ", false));
        }
    }

    private static Query assertDoesNotThrowQuery(String expression) {
        try {
            return Query.compile(expression);
        } catch (QueryException e) {
            throw new AssertionError("should compile: " + e.getMessage(), e);
        }
    }

    /** Python shows an object's address in a few messages; we cannot. */
    private static String withoutAddress(String message) {
        return message.replaceAll("<jmespath\\.visitor\\._Expression object( at 0x[0-9a-f]+)?>", "<expref>");
    }
}
