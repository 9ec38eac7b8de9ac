package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.cli.model.Operation;
import org.bridgekeeper.cli.model.ServiceModel;
import org.bridgekeeper.cli.model.Shape;
import org.bridgekeeper.cli.py.Py;

/**
 * The options of one command, derived from its input shape as aws-cli derives them: every
 * member becomes {@code --kebab-name} (lists take several strings, booleans become
 * {@code --x}/{@code --no-x}), then {@code --cli-input-json}, {@code --cli-input-yaml},
 * {@code --generate-cli-skeleton} and, for paginated operations, {@code --starting-token},
 * {@code --page-size}, {@code --max-items}.
 */
public final class CommandArgs {

    /** One option, in argument-table order. */
    public record Arg(String cliName, String dest, String member, Shape shape, boolean required) {
    }

    public static final String CLI_INPUT_JSON = "cli_input_json";
    public static final String CLI_INPUT_YAML = "cli_input_yaml";
    public static final String SKELETON = "generate_cli_skeleton";
    public static final String STARTING_TOKEN = "starting_token";
    public static final String PAGE_SIZE = "page_size";
    public static final String MAX_ITEMS = "max_items";
    public static final String HELP = "help";

    private final ServiceModel model;
    private final Operation operation;
    private final List<Arg> members = new ArrayList<>();

    public CommandArgs(ServiceModel model, Operation operation) {
        this.model = model;
        this.operation = operation;
        Shape input = model.shapeOrNull(operation.input());
        if (input != null) {
            for (Map.Entry<String, String> m : input.members().entrySet()) {
                String cli = CliNames.option(m.getKey());
                members.add(new Arg("--" + cli, cli.replace('-', '_'), m.getKey(), model.shape(m.getValue()),
                        input.required().contains(m.getKey())));
            }
        }
    }

    public List<Arg> members() {
        return members;
    }

    public Operation operation() {
        return operation;
    }

    /**
     * The parser for this command line. As aws-cli does, the literal strings
     * {@code --cli-input-json}, {@code --cli-input-yaml} or {@code --generate-cli-skeleton}
     * anywhere in the arguments make every option optional (the {@code =value} form does not),
     * except {@code --generate-cli-skeleton output}: the output skeleton still needs the command's
     * required options (aws-cli's {@code GenerateCliSkeletonArgument.override_required_args}
     * looks at the very next argument).
     */
    public ArgParser parser(List<String> args) {
        int skeleton = args.indexOf("--generate-cli-skeleton");
        boolean skeletonWaives = skeleton >= 0
                && !(skeleton + 1 < args.size() && args.get(skeleton + 1).equals("output"));
        boolean overrideRequired = args.contains("--cli-input-json") || args.contains("--cli-input-yaml")
                || skeletonWaives;
        ArgParser p = new ArgParser();
        for (Arg a : members) {
            if (a.shape().type().equals("boolean")) {
                p.add(ArgSpec.flag(a.cliName(), a.dest(), true));
                p.add(ArgSpec.flag("--no-" + a.cliName().substring(2), a.dest(), false));
            } else if (a.shape().isList()) {
                p.add(ArgSpec.value(a.cliName(), a.dest()).withNargs(ArgSpec.Nargs.PLUS, null)
                        .withRequired(a.required() && !overrideRequired));
            } else {
                p.add(ArgSpec.value(a.cliName(), a.dest()).withRequired(a.required() && !overrideRequired));
            }
        }
        p.add(ArgSpec.value("--cli-input-json", CLI_INPUT_JSON));
        p.add(ArgSpec.value("--cli-input-yaml", CLI_INPUT_YAML));
        p.add(ArgSpec.value("--generate-cli-skeleton", SKELETON).withNargs(ArgSpec.Nargs.OPTIONAL, "input")
                .withChoices(List.of("input", "output", "yaml-input")));
        if (operation.paginator() != null) {
            p.add(ArgSpec.value("--starting-token", STARTING_TOKEN));
            if (operation.paginator().limitKey() != null) {
                p.add(ArgSpec.value("--page-size", PAGE_SIZE).withInt());
            }
            p.add(ArgSpec.value("--max-items", MAX_ITEMS).withInt());
        }
        p.add(ArgSpec.positional(HELP, ArgSpec.Nargs.OPTIONAL, List.of()));
        return p;
    }

    /**
     * The service parameters from the command line, in argument-table (model) order, each value
     * loaded from {@code file://}, parsed as shorthand or JSON, and converted to its type.
     */
    public ObjectNode callParameters(ArgParser.Result parsed, FileContext files) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        for (Arg a : members) {
            Object raw = parsed.values().get(a.dest());
            if (raw == null) {
                continue;
            }
            params.set(a.member(), unpack(a, raw, files));
        }
        return params;
    }

    /** Loads a {@code --cli-input-*} value: a file reference or the text itself. */
    public static String cliInputText(String cliName, String value, FileContext files) {
        JsonNode loaded = ParamFile.load(cliName, value, files);
        if (loaded == null) {
            return value;
        }
        return loaded.isTextual() ? loaded.textValue()
                : new String(Py.repr(loaded).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private JsonNode unpack(Arg a, Object raw, FileContext files) {
        if (raw instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        JsonNode value;
        if (raw instanceof List<?> list) {
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            list.forEach(s -> arr.add((String) s));
            value = arr;
            if (list.size() == 1) {
                JsonNode loaded = ParamFile.load(a.cliName(), (String) list.get(0), files);
                if (loaded != null) {
                    value = loaded;
                }
            }
        } else {
            value = TextNode.valueOf((String) raw);
            JsonNode loaded = ParamFile.load(a.cliName(), (String) raw, files);
            if (loaded != null) {
                value = loaded;
            }
        }
        JsonNode shorthand = shorthand(a, value);
        if (shorthand != null) {
            return shorthand;
        }
        return Unpack.cliArg(model, a.shape(), value, a.cliName());
    }

    /** aws-cli's {@code ParamShorthandParser}: only for complex shapes and values not looking like JSON. */
    private JsonNode shorthand(Arg a, JsonNode value) {
        JsonNode check = value.isArray() && !value.isEmpty() ? value.get(0) : value;
        if (check.isTextual() && (check.textValue().strip().startsWith("[") || check.textValue().strip()
                .startsWith("{"))) {
            return null;
        }
        Shape shape = a.shape();
        boolean complex = shape.isStructure() || shape.isMap()
                || (shape.isList() && !model.shape(shape.member()).isScalar());
        if (!complex) {
            return null;
        }
        if (shape.isStructure() && shape.members().size() == 1 && shape.members().containsKey("Value")
                && model.shape(shape.members().get("Value")).type().equals("string") && value.isTextual()
                && !value.textValue().contains("=")) {
            ObjectNode single = JsonNodeFactory.instance.objectNode();
            single.set("Value", value);
            return single;
        }
        try {
            JsonNode parsed;
            if (value.isArray()) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (JsonNode v : value) {
                    list.add(Shorthand.parse(v.asText()));
                }
                parsed = list;
            } else {
                parsed = Shorthand.parse(value.isTextual() ? value.textValue() : value.asText());
            }
            new BackCompat(model).visit(parsed, shape);
            return parsed;
        } catch (ShorthandException e) {
            throw new ParamException(a.cliName(), e.getMessage());
        }
    }
}
