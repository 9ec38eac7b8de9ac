package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code --cli-input-yaml} as aws-cli loads it (ruamel, {@code typ='safe'}): YAML 1.2, so only
 * {@code true}/{@code false} are booleans ({@code yes} stays a string), and the core schema's
 * null, integer (also {@code 0x}/{@code 0o}) and float forms. SnakeYAML parses the text (it is
 * YAML 1.1, but only its syntax is used here); the scalars are resolved by the 1.2 rules below.
 */
public final class YamlInput {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern INT = Pattern.compile("[-+]?[0-9_]+");
    private static final Pattern OCT = Pattern.compile("0o[0-7_]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F_]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INF = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

    private YamlInput() {
    }

    /** The document as a tree; throws {@link IllegalArgumentException} when it is not YAML. */
    public static JsonNode parse(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true);
            root = new Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options),
                    new org.yaml.snakeyaml.representer.Representer(new DumperOptions()), new DumperOptions(), options)
                    .compose(new StringReader(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid YAML received.", e);
        }
        return root == null ? NODES.nullNode() : node(root);
    }

    private static JsonNode node(Node n) {
        if (n instanceof MappingNode m) {
            ObjectNode obj = NODES.objectNode();
            for (NodeTuple t : m.getValue()) {
                JsonNode key = node(t.getKeyNode());
                obj.set(key.isTextual() ? key.textValue() : key.asText(), node(t.getValueNode()));
            }
            return obj;
        }
        if (n instanceof SequenceNode s) {
            ArrayNode arr = NODES.arrayNode();
            s.getValue().forEach(item -> arr.add(node(item)));
            return arr;
        }
        ScalarNode scalar = (ScalarNode) n;
        String v = scalar.getValue();
        if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return NODES.textNode(v);
        }
        String tag = scalar.getTag().getValue();
        if (tag.endsWith(":str") && !scalar.getTag().isSecondary()) {
            return NODES.textNode(v);
        }
        if (NULL.matcher(v).matches()) {
            return NODES.nullNode();
        }
        if (BOOL.matcher(v).matches()) {
            return NODES.booleanNode(v.equalsIgnoreCase("true"));
        }
        if (INT.matcher(v).matches() && v.chars().anyMatch(Character::isDigit)) {
            return NODES.numberNode(new BigInteger(v.replace("_", "").replace("+", "")));
        }
        if (OCT.matcher(v).matches()) {
            return NODES.numberNode(new BigInteger(v.substring(2).replace("_", ""), 8));
        }
        if (HEX.matcher(v).matches()) {
            return NODES.numberNode(new BigInteger(v.substring(2).replace("_", ""), 16));
        }
        if (FLOAT.matcher(v).matches() && v.chars().anyMatch(Character::isDigit)) {
            return NODES.numberNode(Double.parseDouble(v.replace("_", "")));
        }
        if (INF.matcher(v).matches()) {
            return NODES.numberNode(v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (NAN.matcher(v).matches()) {
            return NODES.numberNode(Double.NaN);
        }
        return NODES.textNode(v);
    }
}
