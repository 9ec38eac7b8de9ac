package org.bridgekeeper.cli;

import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.args.ArgParser;
import org.bridgekeeper.cli.args.ArgSpec;
import org.bridgekeeper.cli.model.ServiceModel;

/**
 * The AWS CLI's global options (awscli/data/cli.json, in its order) and the top-level
 * positional command. They are parsed first, from anywhere on the line, as aws-cli does.
 */
record GlobalArgs(boolean debug, String endpointUrl, boolean verifySsl, boolean paginate, String output,
                  String query, String profile, String region, String color, boolean signRequest,
                  String caBundle, Integer readTimeout, Integer connectTimeout, String binaryFormat,
                  boolean noPager, boolean autoPrompt, boolean noAutoPrompt, String command) {

    /** The top-level choices: the services, then {@code help} (aws-cli adds it last). */
    static final List<String> COMMANDS = commands();

    private static List<String> commands() {
        List<String> all = new ArrayList<>(ServiceModel.SERVICES);
        all.add("help");
        return List.copyOf(all);
    }

    static ArgParser parser() {
        return new ArgParser()
                .add(ArgSpec.flag("--debug", "debug", true))
                .add(ArgSpec.value("--endpoint-url", "endpoint_url"))
                .add(ArgSpec.flag("--no-verify-ssl", "verify_ssl", false))
                .add(ArgSpec.flag("--no-paginate", "paginate", false))
                .add(ArgSpec.value("--output", "output").withChoices(List.of("json", "text", "table", "yaml",
                        "yaml-stream")))
                .add(ArgSpec.value("--query", "query"))
                .add(ArgSpec.value("--profile", "profile"))
                .add(ArgSpec.value("--region", "region"))
                .add(new ArgSpec("--version", "version", ArgSpec.Nargs.VERSION, List.of(), null, false, false))
                .add(ArgSpec.value("--color", "color").withChoices(List.of("on", "off", "auto")))
                .add(ArgSpec.flag("--no-sign-request", "sign_request", false))
                .add(ArgSpec.value("--ca-bundle", "ca_bundle"))
                .add(ArgSpec.value("--cli-read-timeout", "read_timeout").withInt())
                .add(ArgSpec.value("--cli-connect-timeout", "connect_timeout").withInt())
                .add(ArgSpec.value("--cli-binary-format", "cli_binary_format").withChoices(List.of("base64",
                        "raw-in-base64-out")))
                .add(ArgSpec.flag("--no-cli-pager", "no_cli_pager", true))
                .add(ArgSpec.flag("--cli-auto-prompt", "cli_auto_prompt", true))
                .add(ArgSpec.flag("--no-cli-auto-prompt", "no_cli_auto_prompt", true))
                .add(ArgSpec.positional("command", ArgSpec.Nargs.ONE, COMMANDS));
    }

    static GlobalArgs from(ArgParser.Result r) {
        return new GlobalArgs(flag(r, "debug", false), r.string("endpoint_url"), flag(r, "verify_ssl", true),
                flag(r, "paginate", true), r.string("output"), r.string("query"), r.string("profile"),
                r.string("region"), r.has("color") ? r.string("color") : "auto", flag(r, "sign_request", true),
                r.string("ca_bundle"), (Integer) r.values().get("read_timeout"),
                (Integer) r.values().get("connect_timeout"), r.string("cli_binary_format"),
                flag(r, "no_cli_pager", false), flag(r, "cli_auto_prompt", false),
                flag(r, "no_cli_auto_prompt", false), r.string("command"));
    }

    private static boolean flag(ArgParser.Result r, String dest, boolean dflt) {
        Object v = r.values().get(dest);
        return v == null ? dflt : (Boolean) v;
    }

    GlobalArgs withPaginate(boolean value) {
        return new GlobalArgs(debug, endpointUrl, verifySsl, value, output, query, profile, region, color,
                signRequest, caBundle, readTimeout, connectTimeout, binaryFormat, noPager, autoPrompt, noAutoPrompt,
                command);
    }
}
