package org.bridgekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.bridgekeeper.cli.args.ArgParser;
import org.bridgekeeper.cli.args.CommandArgs;
import org.bridgekeeper.cli.args.FileContext;
import org.bridgekeeper.cli.args.ParamException;
import org.bridgekeeper.cli.args.YamlInput;
import org.bridgekeeper.cli.py.JsonDecodeError;
import org.bridgekeeper.cli.py.Py;

/**
 * {@code --cli-input-json} / {@code --cli-input-yaml}: a shallow merge, as aws-cli does it. A
 * top-level key given on the command line wins as a whole; the others are appended in the
 * file's order (which is then the request body's order).
 */
final class CliInput {

    private CliInput() {
    }

    static void merge(ArgParser.Result parsed, ObjectNode params, FileContext files) {
        String json = parsed.string(CommandArgs.CLI_INPUT_JSON);
        String yaml = parsed.string(CommandArgs.CLI_INPUT_YAML);
        String jsonText = json == null ? null : CommandArgs.cliInputText("--cli-input-json", json, files);
        String yamlText = yaml == null ? null : CommandArgs.cliInputText("--cli-input-yaml", yaml, files);
        if (json != null && yaml != null) {
            throw new CliError(252, "Only one --cli-input- parameter may be specified.");
        }
        if (jsonText != null) {
            JsonNode loaded;
            try {
                loaded = Py.loads(jsonText);
            } catch (JsonDecodeError e) {
                throw new ParamException("cli-input-json", "Invalid JSON received.");
            }
            apply("--cli-input-json", loaded, params);
        }
        if (yamlText != null) {
            JsonNode loaded;
            try {
                loaded = YamlInput.parse(yamlText);
            } catch (IllegalArgumentException e) {
                throw new ParamException("cli-input-yaml", "Invalid YAML received.");
            }
            apply("--cli-input-yaml", loaded, params);
        }
    }

    private static void apply(String cliName, JsonNode loaded, ObjectNode params) {
        if (!loaded.isObject()) {
            throw new ParamException(cliName, "Invalid type: expecting map, received " + Py.type(loaded));
        }
        Iterator<Map.Entry<String, JsonNode>> it = loaded.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!params.has(e.getKey())) {
                params.set(e.getKey(), e.getValue());
            }
        }
    }
}
