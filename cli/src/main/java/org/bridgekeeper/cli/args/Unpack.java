package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.bridgekeeper.cli.model.ServiceModel;
import org.bridgekeeper.cli.model.Shape;
import org.bridgekeeper.cli.py.JsonDecodeError;
import org.bridgekeeper.cli.py.Py;

/**
 * aws-cli's {@code unpack_cli_arg}, for values that were not shorthand: JSON for structures,
 * maps and lists (when they look like JSON), {@code int()}/{@code float()} for numbers, and
 * the string as it is for everything else.
 */
final class Unpack {

    private Unpack() {
    }

    static JsonNode cliArg(ServiceModel model, Shape shape, JsonNode value, String cliName) {
        switch (shape.type()) {
            case "structure", "map" -> {
                String text = text(value);
                String stripped = text.stripLeading();
                if (!stripped.isEmpty() && stripped.charAt(0) == '{') {
                    return json(text, cliName);
                }
                throw new ParamException(cliName, "Invalid JSON:\n" + text);
            }
            case "list" -> {
                if (value.isTextual()) {
                    String stripped = value.textValue().stripLeading();
                    if (!stripped.isEmpty() && stripped.charAt(0) == '[') {
                        return json(value.textValue(), cliName);
                    }
                } else if (value.isArray() && value.size() == 1) {
                    String single = value.get(0).asText().strip();
                    if (!single.isEmpty() && single.charAt(0) == '[') {
                        return json(value.get(0).asText(), cliName);
                    }
                }
                Shape member = model.shape(shape.member());
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                if (value.isTextual()) {
                    // Python iterates a string character by character: aws-cli does the same here.
                    value.textValue().codePoints().forEach(c -> out.add(cliArg(model, member,
                            TextNode.valueOf(new String(Character.toChars(c))), cliName)));
                } else {
                    for (JsonNode v : value) {
                        out.add(cliArg(model, member, v, cliName));
                    }
                }
                return out;
            }
            case "integer", "long" -> {
                return toInt(value);
            }
            case "float", "double" -> {
                return toFloat(value);
            }
            case "boolean" -> {
                if (value.isTextual()) {
                    return JsonNodeFactory.instance.booleanNode(!value.textValue().equalsIgnoreCase("false")
                            && !value.textValue().isEmpty());
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }

    /** {@code int(value)} of a string; a value from a JSON file is already a number, or for validation to reject. */
    static JsonNode toInt(JsonNode value) {
        return value.isTextual() ? Py.toInt(value.textValue()) : value;
    }

    /** {@code float(value)} of a string, as {@link #toInt}. */
    static JsonNode toFloat(JsonNode value) {
        return value.isTextual() ? JsonNodeFactory.instance.numberNode(Py.toFloat(value.textValue())) : value;
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.asText();
    }

    private static JsonNode json(String text, String cliName) {
        try {
            return Py.loads(text);
        } catch (JsonDecodeError e) {
            throw new ParamException(cliName, "Invalid JSON: " + e.getMessage() + "\nJSON received: " + text);
        }
    }
}
