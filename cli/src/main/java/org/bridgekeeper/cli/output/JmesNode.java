package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;

/**
 * The JMESPath syntax tree, one record per node type of Python jmespath's {@code ast} module.
 * Sub-expression and index-expression chains keep a mutable child list because the parser, like
 * Python's, appends to them ({@code a.b.c} is one node with three children).
 */
sealed interface JmesNode {
    record Field(String name) implements JmesNode {}

    record Subexpression(List<JmesNode> children) implements JmesNode {}

    record IndexExpression(List<JmesNode> children) implements JmesNode {}

    record Index(BigInteger index) implements JmesNode {}

    /** Each bound may be null (absent). */
    record Slice(BigInteger start, BigInteger stop, BigInteger step) implements JmesNode {}

    record Projection(JmesNode left, JmesNode right) implements JmesNode {}

    record ValueProjection(JmesNode left, JmesNode right) implements JmesNode {}

    record FilterProjection(JmesNode left, JmesNode right, JmesNode condition) implements JmesNode {}

    record Flatten(JmesNode child) implements JmesNode {}

    record Identity() implements JmesNode {}

    record Current() implements JmesNode {}

    record Literal(JsonNode value) implements JmesNode {}

    /** {@code op} is Python's name: eq, ne, lt, gt, lte, gte. */
    record Comparator(String op, JmesNode left, JmesNode right) implements JmesNode {}

    record Or(JmesNode left, JmesNode right) implements JmesNode {}

    record And(JmesNode left, JmesNode right) implements JmesNode {}

    record Not(JmesNode child) implements JmesNode {}

    record Pipe(JmesNode left, JmesNode right) implements JmesNode {}

    record MultiSelectList(List<JmesNode> children) implements JmesNode {}

    record KeyValue(String key, JmesNode value) {}

    record MultiSelectHash(List<KeyValue> pairs) implements JmesNode {}

    record Function(String name, List<JmesNode> args) implements JmesNode {}

    record Expref(JmesNode child) implements JmesNode {}
}
