package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A compiled {@code --query}: a JMESPath interpreter of our own that follows Python jmespath 1.0.1
 * (what AWS CLI 2.9.19 bundles) in syntax, results, number types and error texts. A library such
 * as io.burt's jmespath would cost an ANTLR runtime on the class path and start-up, and differs
 * from Python in messages and in number and equality details that show in the output.
 */
public final class Query {
    private final JmesNode expression;

    private Query(JmesNode expression) {
        this.expression = expression;
    }

    /** Compiles a JMESPath expression; a bad one gives the AWS CLI's exact message. */
    public static Query compile(String expression) throws QueryException {
        try {
            return new Query(JmesParser.parse(expression));
        } catch (JmesLexer.Failure | JmesParser.Failure e) {
            throw new QueryException("Bad value for --query " + expression + ": " + e.getMessage());
        }
    }

    /**
     * Applies the expression with Python jmespath 1.0.1 semantics. A null or missing input is an
     * empty response ({@code {}}), as the AWS CLI sees one. The result is never Java null (None is
     * a {@code NullNode}) and may share nodes with the input.
     *
     * @throws OutputException for what Python raises at run time (unknown function, wrong
     *     argument count or type, comparing a string with a number, a zero slice step)
     */
    public JsonNode search(JsonNode input) {
        JsonNode value = input == null || input.isMissingNode() ? JsonNodeFactory.instance.objectNode() : input;
        return JmesInterpreter.search(expression, value);
    }
}
