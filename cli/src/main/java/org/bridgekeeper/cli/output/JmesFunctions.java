package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.cli.py.Py;
import org.bridgekeeper.cli.py.PyValueError;

/**
 * The JMESPath built-in functions with Python jmespath 1.0.1's argument checks, results and
 * error texts (which the AWS CLI prints as they are, exit 255).
 */
final class JmesFunctions {
    private JmesFunctions() {}

    /** Python's {@code <} between two numbers or two strings (the type checks exclude the rest). */
    private static final Comparator<JsonNode> PYTHON_ORDER = new Comparator<>() {
        @Override
        public int compare(JsonNode x, JsonNode y) {
            return JmesInterpreter.pythonCompare(x, y, "<");
        }
    };

    /** One parameter: its allowed types as the signature spells them (empty = any). */
    private record Param(String... types) {}

    private record Signature(boolean variadic, Param... params) {}

    private static Signature signature(String name) {
        return switch (name) {
            case "abs", "ceil", "floor" -> sig(p("number"));
            case "avg", "sum" -> sig(p("array-number"));
            case "contains" -> sig(p("array", "string"), p());
            case "ends_with", "starts_with" -> sig(p("string"), p("string"));
            case "join" -> sig(p("string"), p("array-string"));
            case "keys", "values" -> sig(p("object"));
            case "length" -> sig(p("string", "array", "object"));
            case "map" -> sig(p("expref"), p("array"));
            case "max", "min" -> sig(p("array-number", "array-string"));
            case "max_by", "min_by", "sort_by" -> sig(p("array"), p("expref"));
            case "merge" -> new Signature(true, p("object"));
            case "not_null" -> new Signature(true, p());
            case "reverse" -> sig(p("array", "string"));
            case "sort" -> sig(p("array-string", "array-number"));
            case "to_array", "to_string", "to_number", "type" -> sig(p());
            default -> null;
        };
    }

    private static Param p(String... types) {
        return new Param(types);
    }

    private static Signature sig(Param... params) {
        return new Signature(false, params);
    }

    static JsonNode call(String name, List<JsonNode> args) {
        Signature signature = signature(name);
        if (signature == null) {
            throw new OutputException("Unknown function: " + name + "()");
        }
        int expected = signature.params().length;
        if (signature.variadic()) {
            if (args.size() < expected) {
                throw new OutputException("Expected at least " + expected + " " + plural(expected)
                        + " for function " + name + "(), received " + args.size());
            }
        } else if (args.size() != expected) {
            throw new OutputException("Expected " + expected + " " + plural(expected) + " for function "
                    + name + "(), received " + args.size());
        }
        for (int i = 0; i < expected; i++) {
            typeCheck(name, args.get(i), signature.params()[i].types());
        }
        return invoke(name, args);
    }

    private static String plural(int count) {
        return count == 1 ? "argument" : "arguments";
    }

    // ---- type checks ------------------------------------------------------------------------

    /** jmespath's name for a Python type name (TYPES_MAP). */
    private static String jmesType(String pythonType) {
        return switch (pythonType) {
            case "bool" -> "boolean";
            case "list" -> "array";
            case "dict" -> "object";
            case "NoneType" -> "null";
            case "str" -> "string";
            case "float", "int" -> "number";
            case "_Expression" -> "expref";
            default -> "unknown";
        };
    }

    private static boolean pythonTypeIs(String pythonType, String jmesType) {
        return jmesType(pythonType).equals(jmesType);
    }

    private static void typeCheck(String function, JsonNode value, String[] types) {
        if (types.length == 0) {
            return;
        }
        String actual = Py.typeName(value);
        List<String> subtypes = new ArrayList<>();
        boolean allowed = false;
        for (String type : types) {
            int dash = type.indexOf('-');
            String base = dash < 0 ? type : type.substring(0, dash);
            if (dash >= 0) {
                subtypes.add(type.substring(dash + 1));
            }
            allowed |= pythonTypeIs(actual, base);
        }
        if (!allowed) {
            throw typeError(function, value, jmesType(actual), types);
        }
        if (subtypes.size() == 1) {
            for (JsonNode element : value) {
                String elementType = Py.typeName(element);
                if (!pythonTypeIs(elementType, subtypes.get(0))) {
                    throw typeError(function, element, elementType, types);
                }
            }
        } else if (subtypes.size() > 1 && !value.isEmpty()) {
            String first = Py.typeName(value.get(0));
            String chosen = null;
            for (String subtype : subtypes) {
                if (pythonTypeIs(first, subtype)) {
                    chosen = subtype;
                    break;
                }
            }
            if (chosen == null) {
                throw typeError(function, value.get(0), first, types);
            }
            for (JsonNode element : value) {
                String elementType = Py.typeName(element);
                if (!pythonTypeIs(elementType, chosen)) {
                    throw typeError(function, element, elementType, types);
                }
            }
        }
    }

    /** JMESPathTypeError; {@code received} is a jmespath type name or, for elements, a Python one. */
    private static OutputException typeError(String function, JsonNode value, String received, String[] expected) {
        return new OutputException("In function " + function + "(), invalid type for value: " + Py.str(value)
                + ", expected one of: " + pyList(expected) + ", received: \"" + received + "\"");
    }

    private static String pyList(String[] items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(Py.repr(items[i]));
        }
        return out.append(']').toString();
    }

    // ---- the functions ----------------------------------------------------------------------

    private static JsonNode invoke(String name, List<JsonNode> args) {
        JsonNode a = args.isEmpty() ? null : args.get(0);
        return switch (name) {
            case "abs" -> a.isIntegralNumber() ? Py.intNode(a.bigIntegerValue().abs()) : DoubleNode.valueOf(Math.abs(a.doubleValue()));
            case "avg" -> a.isEmpty() ? JmesInterpreter.NONE : DoubleNode.valueOf(trueDivide(sum(a), a.size()));
            case "ceil" -> roundToInt(a, RoundingMode.CEILING);
            case "floor" -> roundToInt(a, RoundingMode.FLOOR);
            case "contains" -> contains(a, args.get(1));
            case "ends_with" -> BooleanNode.valueOf(a.textValue().endsWith(args.get(1).textValue()));
            case "starts_with" -> BooleanNode.valueOf(a.textValue().startsWith(args.get(1).textValue()));
            case "join" -> {
                List<String> parts = new ArrayList<>();
                for (JsonNode e : args.get(1)) {
                    parts.add(e.textValue());
                }
                yield TextNode.valueOf(String.join(a.textValue(), parts));
            }
            case "keys" -> {
                ArrayNode keys = JsonNodeFactory.instance.arrayNode();
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    keys.add(e.getKey());
                }
                yield keys;
            }
            case "values" -> {
                ArrayNode values = JsonNodeFactory.instance.arrayNode();
                for (JsonNode v : a) {
                    values.add(v);
                }
                yield values;
            }
            case "length" -> IntNode.valueOf(a.isTextual() ? a.textValue().codePointCount(0, a.textValue().length()) : a.size());
            case "map" -> {
                JmesNode expression = expref(a);
                ArrayNode result = JsonNodeFactory.instance.arrayNode();
                for (JsonNode element : args.get(1)) {
                    result.add(JmesInterpreter.visit(expression, element));
                }
                yield result;
            }
            case "max" -> extreme(a, true);
            case "min" -> extreme(a, false);
            case "max_by" -> extremeBy(a, expref(args.get(1)), true);
            case "min_by" -> extremeBy(a, expref(args.get(1)), false);
            case "merge" -> merge(args);
            case "not_null" -> {
                for (JsonNode arg : args) {
                    if (!Py.isNone(arg)) {
                        yield arg;
                    }
                }
                yield JmesInterpreter.NONE;
            }
            case "reverse" -> {
                if (a.isTextual()) {
                    yield TextNode.valueOf(new StringBuilder(a.textValue()).reverse().toString());
                }
                ArrayNode reversed = JsonNodeFactory.instance.arrayNode();
                for (int i = a.size() - 1; i >= 0; i--) {
                    reversed.add(a.get(i));
                }
                yield reversed;
            }
            case "sort" -> {
                List<JsonNode> items = list(a);
                items.sort(PYTHON_ORDER);
                yield array(items);
            }
            case "sort_by" -> sortBy(a, expref(args.get(1)));
            case "sum" -> {
                Object total = sum(a);
                yield total instanceof BigInteger i ? Py.intNode(i) : DoubleNode.valueOf((Double) total);
            }
            case "to_array" -> a.isArray() ? a : array(List.of(a));
            case "to_string" -> a.isTextual() ? a : TextNode.valueOf(toJsonString(a));
            case "to_number" -> toNumber(a);
            case "type" -> {
                String type = jmesType(Py.typeName(a));
                yield type.equals("expref") ? JmesInterpreter.NONE : TextNode.valueOf(type);
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static JmesNode expref(JsonNode value) {
        return ((JmesInterpreter.ExprefValue) ((POJONode) value).getPojo()).expression();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            items.add(item);
        }
        return items;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }

    /** Python's sum(): exact while every term is an int, float once one is not. */
    private static Object sum(JsonNode numbers) {
        BigInteger exact = BigInteger.ZERO;
        Double inexact = null;
        for (JsonNode n : numbers) {
            if (inexact == null && n.isIntegralNumber()) {
                exact = exact.add(n.bigIntegerValue());
            } else {
                if (inexact == null) {
                    inexact = toFloat(exact);
                }
                inexact = inexact + (n.isIntegralNumber() ? toFloat(n.bigIntegerValue()) : n.doubleValue());
            }
        }
        return inexact == null ? exact : inexact;
    }

    private static double toFloat(BigInteger i) {
        double d = i.doubleValue();
        if (Double.isInfinite(d)) {
            throw new OutputException("int too large to convert to float");
        }
        return d;
    }

    private static double trueDivide(Object sum, int count) {
        double total = sum instanceof BigInteger i ? toFloat(i) : (Double) sum;
        return total / count;
    }

    private static JsonNode roundToInt(JsonNode number, RoundingMode mode) {
        if (number.isIntegralNumber()) {
            return number;
        }
        double d = number.doubleValue();
        if (Double.isNaN(d)) {
            throw new OutputException("cannot convert float NaN to integer");
        }
        if (Double.isInfinite(d)) {
            throw new OutputException("cannot convert float infinity to integer");
        }
        return Py.intNode(new BigDecimal(d).setScale(0, mode).toBigIntegerExact());
    }

    private static JsonNode contains(JsonNode subject, JsonNode search) {
        if (subject.isTextual()) {
            if (!search.isTextual()) {
                throw new OutputException("'in <string>' requires string as left operand, not " + Py.typeName(search));
            }
            return BooleanNode.valueOf(subject.textValue().contains(search.textValue()));
        }
        for (JsonNode element : subject) {
            if (element == search || Py.equal(element, search)) {
                return BooleanNode.TRUE;
            }
        }
        return BooleanNode.FALSE;
    }

    /** Python's max()/min(): the first of the largest/smallest. */
    private static JsonNode extreme(JsonNode array, boolean max) {
        if (array.isEmpty()) {
            return JmesInterpreter.NONE;
        }
        JsonNode best = array.get(0);
        for (int i = 1; i < array.size(); i++) {
            JsonNode item = array.get(i);
            int order = JmesInterpreter.pythonCompare(item, best, max ? ">" : "<");
            if (max ? order > 0 : order < 0) {
                best = item;
            }
        }
        return best;
    }

    private static JsonNode extremeBy(JsonNode array, JmesNode expression, boolean max) {
        String function = max ? "max_by" : "min_by";
        if (array.isEmpty()) {
            return JmesInterpreter.NONE;
        }
        String[] allowed = {"number", "string"};
        JsonNode best = array.get(0);
        JsonNode bestKey = key(function, expression, best, allowed);
        for (int i = 1; i < array.size(); i++) {
            JsonNode item = array.get(i);
            JsonNode itemKey = key(function, expression, item, allowed);
            int order = JmesInterpreter.pythonCompare(itemKey, bestKey, max ? ">" : "<");
            if (max ? order > 0 : order < 0) {
                best = item;
                bestKey = itemKey;
            }
        }
        return best;
    }

    private static JsonNode key(String function, JmesNode expression, JsonNode element, String[] allowed) {
        JsonNode result = JmesInterpreter.visit(expression, element);
        String type = jmesType(Py.typeName(result));
        if (!Arrays.asList(allowed).contains(type)) {
            throw typeError(function, result, type, allowed);
        }
        return result;
    }

    private static JsonNode sortBy(JsonNode array, JmesNode expression) {
        if (array.isEmpty()) {
            return array;
        }
        String required = jmesType(Py.typeName(JmesInterpreter.visit(expression, array.get(0))));
        if (!required.equals("number") && !required.equals("string")) {
            throw typeError("sort_by", array.get(0), required, new String[] {"string", "number"});
        }
        String[] allowed = {required};
        List<JsonNode[]> keyed = new ArrayList<>();
        for (JsonNode element : array) {
            keyed.add(new JsonNode[] {key("sort_by", expression, element, allowed), element});
        }
        keyed.sort(new Comparator<JsonNode[]>() {
            @Override
            public int compare(JsonNode[] x, JsonNode[] y) {
                return PYTHON_ORDER.compare(x[0], y[0]);
            }
        });
        List<JsonNode> sorted = new ArrayList<>();
        for (JsonNode[] pair : keyed) {
            sorted.add(pair[1]);
        }
        return array(sorted);
    }

    private static JsonNode merge(List<JsonNode> args) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (JsonNode arg : args) {
            if (!arg.isObject()) {
                // Only the first argument is type-checked; dict.update() fails on the rest.
                if (arg.isArray() && arg.isEmpty()) {
                    continue;
                }
                throw new OutputException(arg.isArray() || arg.isTextual()
                        ? "cannot convert dictionary update sequence element #0 to a sequence"
                        : "'" + Py.typeName(arg) + "' object is not iterable");
            }
            for (Map.Entry<String, JsonNode> e : arg.properties()) {
                merged.set(e.getKey(), e.getValue());
            }
        }
        return merged;
    }

    /** {@code json.dumps(x, separators=(',', ':'), default=str)}. */
    private static String toJsonString(JsonNode value) {
        try {
            return Py.dumps(Py.isExpref(value) ? TextNode.valueOf(Py.str(value)) : value, ",", ":", true);
        } catch (PyValueError e) {
            throw new OutputException(e.getMessage());
        }
    }

    /** int(s), else float(s), else None; numbers as they are; anything else None. */
    private static JsonNode toNumber(JsonNode value) {
        if (Py.isNumber(value)) {
            return value;
        }
        if (!value.isTextual()) {
            return JmesInterpreter.NONE;
        }
        try {
            return Py.toInt(value.textValue());
        } catch (PyValueError notInt) {
            try {
                return DoubleNode.valueOf(Py.toFloat(value.textValue()));
            } catch (PyValueError notFloat) {
                return JmesInterpreter.NONE;
            }
        }
    }
}
