package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.cli.py.Py;

/**
 * botocore's {@code ParamValidator} ({@code validate.py}): every violation is collected, in
 * botocore's order (missing required members, then unknown keys, then each known member), with
 * botocore's wording. Only types, required members, unknown keys and {@code min} are checked:
 * enums, patterns and maximums go to the server unchecked, as with the AWS CLI.
 */
public final class Validator {

    private final ServiceModel model;
    private final List<String> errors = new ArrayList<>();

    private Validator(ServiceModel model) {
        this.model = model;
    }

    /** The report lines; empty when the parameters are valid. */
    public static List<String> validate(ServiceModel model, JsonNode params, Shape shape) {
        Validator v = new Validator(model);
        v.validate(params, shape, "");
        return v.errors;
    }

    private static String name(String name) {
        if (name.isEmpty()) {
            return "input";
        }
        return name.startsWith(".") ? name.substring(1) : name;
    }

    private void invalidType(String name, JsonNode value, String validTypes) {
        errors.add("Invalid type for parameter " + name(name) + ", value: " + Py.str(value) + ", type: "
                + Py.type(value) + ", valid types: " + validTypes);
    }

    private void validate(JsonNode value, Shape shape, String name) {
        switch (shape.type()) {
            case "structure" -> structure(value, shape, name);
            case "string" -> {
                if (!value.isTextual()) {
                    invalidType(name, value, "<class 'str'>");
                } else if (shape.min() != null && value.textValue().codePointCount(0, value.textValue().length())
                        < shape.min()) {
                    errors.add("Invalid length for parameter " + name(name) + ", value: "
                            + value.textValue().codePointCount(0, value.textValue().length()) + ", valid min length: "
                            + shape.min());
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    invalidType(name, value, "<class 'list'>, <class 'tuple'>");
                    return;
                }
                if (shape.min() != null && value.size() < shape.min()) {
                    errors.add("Invalid length for parameter " + name(name) + ", value: " + value.size()
                            + ", valid min length: " + shape.min());
                }
                Shape member = model.shape(shape.member());
                for (int i = 0; i < value.size(); i++) {
                    validate(value.get(i), member, name + "[" + i + "]");
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    invalidType(name, value, "<class 'dict'>");
                    return;
                }
                Shape key = model.shape(shape.key());
                Shape val = model.shape(shape.value());
                Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    validate(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), key,
                            name + " (key: " + e.getKey() + ")");
                    validate(e.getValue(), val, name + "." + e.getKey());
                }
            }
            case "integer", "long" -> {
                // bool is an int subclass in Python, so True passes as an integer.
                if (!value.isIntegralNumber() && !value.isBoolean()) {
                    invalidType(name, value, "<class 'int'>");
                } else {
                    rangeCheck(name, value, shape);
                }
            }
            case "float", "double" -> {
                if (!value.isNumber() && !value.isBoolean()) {
                    invalidType(name, value, "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>");
                } else {
                    rangeCheck(name, value, shape);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    invalidType(name, value, "<class 'bool'>");
                }
            }
            case "timestamp" -> {
                if (Timestamps.parseInput(value) == null) {
                    invalidType(name, value, "<class 'datetime.datetime'>, timestamp-string");
                }
            }
            case "blob" -> {
                if (!value.isTextual() && !value.isBinary()) {
                    invalidType(name, value, "<class 'bytes'>, <class 'bytearray'>, file-like object");
                }
            }
            default -> {
            }
        }
    }

    private void rangeCheck(String name, JsonNode value, Shape shape) {
        if (shape.min() == null) {
            return;
        }
        // Whole numbers (and booleans, as Python's 0 and 1) compared as longs: the first BigDecimal
        // of a process costs the CLI 10 ms and more (docs/cli.md, "Start-up").
        boolean below = value.isBoolean() ? (value.booleanValue() ? 1 : 0) < shape.min()
                : value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() < shape.min()
                : value.decimalValue().compareTo(BigDecimal.valueOf(shape.min())) < 0;
        if (below) {
            errors.add("Invalid value for parameter " + name(name) + ", value: " + Py.str(value)
                    + ", valid min value: " + shape.min());
        }
    }

    private void structure(JsonNode value, Shape shape, String name) {
        if (!value.isObject()) {
            invalidType(name, value, "<class 'dict'>");
            return;
        }
        for (String required : shape.required()) {
            if (!value.has(required)) {
                errors.add("Missing required parameter in " + name(name) + ": \"" + required + "\"");
            }
        }
        List<String> known = new ArrayList<>();
        Iterator<String> it = value.fieldNames();
        while (it.hasNext()) {
            String param = it.next();
            if (!shape.members().containsKey(param)) {
                errors.add("Unknown parameter in " + name(name) + ": \"" + param + "\", must be one of: "
                        + String.join(", ", shape.members().keySet()));
            } else {
                known.add(param);
            }
        }
        for (String param : known) {
            validate(value.get(param), model.shape(shape.members().get(param)), name + "." + param);
        }
    }
}
