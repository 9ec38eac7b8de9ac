package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** Python's {@code int()} and {@code float()} on strings, as the CLI converts numeric arguments. */
final class Py {

    private static final Pattern INT = Pattern.compile("[+-]?\\d+(_\\d+)*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?((\\d+(_\\d+)*)?\\.?\\d+(_\\d+)*([eE][+-]?\\d+)?|\\d+(_\\d+)*\\.|(?i:inf|infinity|nan))");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Py() {
    }

    static JsonNode toInt(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        String s = value.textValue().strip();
        if (!INT.matcher(s).matches()) {
            throw PyValueError.forInt(value.textValue());
        }
        BigInteger big = new BigInteger(s.replace("_", "").replace("+", ""));
        return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }

    static JsonNode toFloat(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        String s = value.textValue().strip();
        if (!FLOAT.matcher(s).matches()) {
            throw PyValueError.forFloat(value.textValue());
        }
        String lower = s.toLowerCase();
        double d;
        if (lower.contains("nan")) {
            d = Double.NaN;
        } else if (lower.contains("inf")) {
            d = lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else {
            d = new BigDecimal(s.replace("_", "").replace("+", "")).doubleValue();
        }
        return NODES.numberNode(d);
    }

    static String repr(String s) {
        return org.bridgekeeper.cli.json.PyRepr.repr(TextNode.valueOf(s));
    }
}
