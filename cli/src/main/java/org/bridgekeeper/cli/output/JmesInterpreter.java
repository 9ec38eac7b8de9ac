package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.output.JmesNode.*;
import org.bridgekeeper.cli.py.Py;

/**
 * Python jmespath 1.0.1's TreeInterpreter. Results share nodes with the input exactly where
 * Python's share objects (a field returns the very dict, a projection builds a new list of the
 * same elements), because the YAML output turns a dict met twice into an anchor and an alias.
 */
final class JmesInterpreter {
    static final JsonNode NONE = NullNode.getInstance();

    /** An {@code &expression} value, which only functions such as sort_by() can use. */
    record ExprefValue(JmesNode expression) {}

    private JmesInterpreter() {}

    static JsonNode search(JmesNode node, JsonNode value) {
        return visit(node, value == null || value.isMissingNode() ? NONE : value);
    }

    /**
     * One node. An instanceof chain rather than a pattern switch: the switch would bootstrap
     * through invokedynamic and the class-file API, some milliseconds of every CLI start.
     */
    static JsonNode visit(JmesNode node, JsonNode value) {
        if (node instanceof Field f) {
            return field(value, f.name());
        }
        if (node instanceof Subexpression s) {
            return chain(s.children(), value);
        }
        if (node instanceof IndexExpression s) {
            return chain(s.children(), value);
        }
        if (node instanceof Index i) {
            return index(value, i.index());
        }
        if (node instanceof Slice s) {
            return slice(value, s);
        }
        if (node instanceof Projection p) {
            return project(visit(p.left(), value), p.right());
        }
        if (node instanceof ValueProjection p) {
            JsonNode base = visit(p.left(), value);
            if (!base.isObject()) {
                return NONE;
            }
            List<JsonNode> values = new ArrayList<>();
            for (JsonNode element : base) {
                values.add(element);
            }
            return collect(values, p.right());
        }
        if (node instanceof FilterProjection p) {
            return filter(visit(p.left(), value), p.condition(), p.right());
        }
        if (node instanceof Flatten f) {
            return flatten(visit(f.child(), value));
        }
        if (node instanceof Identity || node instanceof Current) {
            return value;
        }
        if (node instanceof Literal l) {
            return l.value();
        }
        if (node instanceof Comparator c) {
            return compare(c, visit(c.left(), value), visit(c.right(), value));
        }
        if (node instanceof Or o) {
            JsonNode matched = visit(o.left(), value);
            return isFalse(matched) ? visit(o.right(), value) : matched;
        }
        if (node instanceof And a) {
            JsonNode matched = visit(a.left(), value);
            return isFalse(matched) ? matched : visit(a.right(), value);
        }
        if (node instanceof Not n) {
            JsonNode result = visit(n.child(), value);
            // Python's "not" with jmespath's twist: 0 is truthy.
            if (Py.isNumber(result) || Py.isExpref(result)) {
                return BooleanNode.FALSE;
            }
            return BooleanNode.valueOf(isFalse(result));
        }
        if (node instanceof Pipe p) {
            return visit(p.right(), visit(p.left(), value));
        }
        if (node instanceof MultiSelectList m) {
            if (Py.isNone(value)) {
                return NONE;
            }
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (JmesNode child : m.children()) {
                list.add(visit(child, value));
            }
            return list;
        }
        if (node instanceof MultiSelectHash m) {
            if (Py.isNone(value)) {
                return NONE;
            }
            ObjectNode dict = JsonNodeFactory.instance.objectNode();
            for (KeyValue pair : m.pairs()) {
                dict.set(pair.key(), visit(pair.value(), value));
            }
            return dict;
        }
        if (node instanceof Function f) {
            List<JsonNode> args = new ArrayList<>();
            for (JmesNode arg : f.args()) {
                args.add(visit(arg, value));
            }
            return JmesFunctions.call(f.name(), args);
        }
        if (node instanceof Expref e) {
            return new POJONode(new ExprefValue(e.child()));
        }
        throw new IllegalStateException(node.getClass().getName());
    }

    private static JsonNode chain(List<JmesNode> children, JsonNode value) {
        JsonNode result = value;
        for (JmesNode child : children) {
            result = visit(child, result);
        }
        return result;
    }

    private static JsonNode field(JsonNode value, String name) {
        if (!value.isObject()) {
            return NONE;
        }
        JsonNode result = value.get(name);
        return result == null ? NONE : result;
    }

    private static JsonNode index(JsonNode value, BigInteger index) {
        if (!value.isArray()) {
            return NONE;
        }
        int size = value.size();
        BigInteger i = index.signum() < 0 ? index.add(BigInteger.valueOf(size)) : index;
        if (i.signum() < 0 || i.compareTo(BigInteger.valueOf(size)) >= 0) {
            return NONE;
        }
        return value.get(i.intValue());
    }

    /** Python's list[start:stop:step]. */
    private static JsonNode slice(JsonNode value, Slice s) {
        if (!value.isArray()) {
            return NONE;
        }
        long step = s.step() == null ? 1 : clamp(s.step());
        if (step == 0) {
            throw new OutputException("slice step cannot be zero");
        }
        long length = value.size();
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? length : length - 1;
        long start = s.start() == null ? (step < 0 ? upper : lower) : bound(clamp(s.start()), length, lower, upper);
        long stop = s.stop() == null ? (step < 0 ? lower : upper) : bound(clamp(s.stop()), length, lower, upper);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        if (step > 0) {
            for (long i = start; i < stop; i += step) {
                result.add(value.get((int) i));
            }
        } else {
            for (long i = start; i > stop; i += step) {
                result.add(value.get((int) i));
            }
        }
        return result;
    }

    private static long bound(long index, long length, long lower, long upper) {
        if (index < 0) {
            index += length;
            return Math.max(index, lower);
        }
        return Math.min(index, upper);
    }

    /** Python clamps huge slice bounds; anything past a long's range behaves the same. */
    private static long clamp(BigInteger n) {
        if (n.bitLength() > 62) {
            return n.signum() < 0 ? -(1L << 62) : (1L << 62);
        }
        return n.longValue();
    }

    private static JsonNode project(JsonNode base, JmesNode right) {
        if (!base.isArray()) {
            return NONE;
        }
        List<JsonNode> elements = new ArrayList<>();
        for (JsonNode element : base) {
            elements.add(element);
        }
        return collect(elements, right);
    }

    private static JsonNode collect(List<JsonNode> elements, JmesNode right) {
        ArrayNode collected = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : elements) {
            JsonNode current = visit(right, element);
            if (!Py.isNone(current)) {
                collected.add(current);
            }
        }
        return collected;
    }

    private static JsonNode filter(JsonNode base, JmesNode condition, JmesNode right) {
        if (!base.isArray()) {
            return NONE;
        }
        ArrayNode collected = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : base) {
            if (!isFalse(visit(condition, element))) {
                JsonNode current = visit(right, element);
                if (!Py.isNone(current)) {
                    collected.add(current);
                }
            }
        }
        return collected;
    }

    private static JsonNode flatten(JsonNode base) {
        if (!base.isArray()) {
            return NONE;
        }
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : base) {
            if (element.isArray()) {
                for (JsonNode inner : element) {
                    merged.add(inner);
                }
            } else {
                merged.add(element);
            }
        }
        return merged;
    }

    private static JsonNode compare(Comparator c, JsonNode left, JsonNode right) {
        switch (c.op()) {
            case "eq":
                return BooleanNode.valueOf(jmesEquals(left, right));
            case "ne":
                return BooleanNode.valueOf(!jmesEquals(left, right));
            default:
                break;
        }
        boolean leftComparable = Py.isNumber(left) || left.isTextual();
        boolean rightComparable = Py.isNumber(right) || right.isTextual();
        if (!leftComparable || !rightComparable) {
            return NONE;
        }
        String symbol = switch (c.op()) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "lte" -> "<=";
            default -> ">=";
        };
        int order = pythonCompare(left, right, symbol);
        boolean result = switch (c.op()) {
            case "lt" -> order < 0;
            case "gt" -> order > 0;
            case "lte" -> order <= 0;
            default -> order >= 0;
        };
        if (isNaNComparison(left, right)) {
            result = false;
        }
        return BooleanNode.valueOf(result);
    }

    private static boolean isNaNComparison(JsonNode a, JsonNode b) {
        return (a.isFloatingPointNumber() && Double.isNaN(a.doubleValue()))
                || (b.isFloatingPointNumber() && Double.isNaN(b.doubleValue()));
    }

    /**
     * Python's ordering of two numbers or two strings; a string against a number raises
     * TypeError ({@code '<' not supported between instances of 'str' and 'int'}).
     */
    static int pythonCompare(JsonNode a, JsonNode b, String symbol) {
        if (a.isTextual() && b.isTextual()) {
            return Py.compareCodePoints(a.textValue(), b.textValue());
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            return Py.compareNumbers(a, b);
        }
        throw new OutputException("'" + symbol + "' not supported between instances of '" + Py.typeName(a)
                + "' and '" + Py.typeName(b) + "'");
    }

    /** jmespath's _equals: Python == except that 0 and 1 never equal a boolean at the top level. */
    private static boolean jmesEquals(JsonNode x, JsonNode y) {
        if (Py.isNumber(x) && isZeroOrOne(x)) {
            if (y.isBoolean()) {
                return false;
            }
        } else if (Py.isNumber(y) && isZeroOrOne(y)) {
            if (x.isBoolean()) {
                return false;
            }
        }
        return Py.equal(x, y);
    }

    private static boolean isZeroOrOne(JsonNode number) {
        double d = number.doubleValue();
        return d == 0 || d == 1;
    }

    /** jmespath's falsiness: '', [], {}, None and False; numbers (even 0) are true. */
    static boolean isFalse(JsonNode value) {
        if (Py.isNone(value)) {
            return true;
        }
        if (value.isTextual()) {
            return value.textValue().isEmpty();
        }
        if (value.isContainerNode()) {
            return value.isEmpty();
        }
        if (value.isBoolean()) {
            return !value.booleanValue();
        }
        return false;
    }
}
