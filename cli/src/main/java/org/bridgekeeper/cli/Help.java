package org.bridgekeeper.cli;

import java.io.PrintStream;
import java.util.Map;
import org.bridgekeeper.cli.args.CommandArgs;
import org.bridgekeeper.cli.model.Docs;
import org.bridgekeeper.cli.model.Operation;
import org.bridgekeeper.cli.model.ServiceModel;
import org.bridgekeeper.cli.model.Shape;

/**
 * {@code help} rendered from the service model as a plain-text man page (NAME, DESCRIPTION,
 * SYNOPSIS, OPTIONS with the JSON syntax of structured options, GLOBAL OPTIONS, OUTPUT). Unlike
 * aws-cli it needs neither groff nor a pager: it is plain text, to pipe where one likes.
 */
final class Help {

    private static final int WIDTH = 79;
    private static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    private static final String[][] GLOBALS = {
        {"--debug (boolean)", "Turn on debug logging. Secrets are masked."},
        {"--endpoint-url (string)", "Override the endpoint URL (default: the local Bridgekeeper,"
                + " http://localhost:4750, unless " + ENDPOINT_VARIABLE + ", AWS_ENDPOINT_URL or the profile's"
                + " endpoint_url say otherwise)."},
        {"--no-verify-ssl (boolean)", "Do not verify SSL certificates."},
        {"--no-paginate (boolean)", "Disable automatic pagination."},
        {"--output (string)", "The formatting style for command output: json, text, table, yaml, yaml-stream."},
        {"--query (string)", "A JMESPath query to use in filtering the response data."},
        {"--profile (string)", "Use a specific profile from your credential file."},
        {"--region (string)", "The region to use. Overrides config/env settings."},
        {"--version (string)", "Display the version of this tool."},
        {"--color (string)", "Turn on/off color output: on, off, auto."},
        {"--no-sign-request (boolean)", "Do not sign requests. Credentials will not be loaded."},
        {"--ca-bundle (string)", "The CA certificate bundle to use when verifying SSL certificates."},
        {"--cli-read-timeout (int)", "The maximum socket read time in seconds (0: blocking). Default 60."},
        {"--cli-connect-timeout (int)", "The maximum socket connect time in seconds (0: blocking). Default 60."},
        {"--cli-binary-format (string)", "The formatting style to be used for binary blobs: base64,"
                + " raw-in-base64-out."},
        {"--no-cli-pager (boolean)", "Disable the output pager."},
        {"--cli-auto-prompt (boolean)", "Prompt for the missing required parameters (on a terminal)."},
        {"--no-cli-auto-prompt (boolean)", "Disable automatic prompt."},
    };

    private Help() {
    }

    static void topLevel(PrintStream out) {
        out.print("bridgekeeper <service> <command> [parameters]\n\nThe AWS CLI-compatible client of Bridgekeeper."
                + " Services:\n\n  events      Amazon EventBridge's API: connections, API destinations, event buses,"
                + " rules,\n              targets, events...\n  extensions  Bridgekeeper's own operations:"
                + " test-invoke-api-destination,\n              list-dead-letters, redrive-dead-letters\n\n"
                + "Run `bridgekeeper <service> help` for the commands, `bridgekeeper <service> <command> help`\n"
                + "for one command.\n");
    }

    /** Marks a command the Bridgekeeper server does not handle yet (it answers UnknownOperationException). */
    static final String NOT_SERVED = "  (not served by Bridgekeeper yet)";

    static void service(ServiceModel model, PrintStream out) {
        String name = model.name();
        java.util.Set<String> served = served(name);
        StringBuilder sb = new StringBuilder(name.toUpperCase(java.util.Locale.ROOT) + "()\n\nNAME\n       " + name
                + " -\n\nAVAILABLE COMMANDS\n");
        if (served != null) {
            sb.append("       Every command works against AWS (--endpoint-url); the Bridgekeeper server\n"
                    + "       answers UnknownOperationException to those marked" + NOT_SERVED + ".\n\n");
        }
        for (Operation o : model.operations()) {
            sb.append("       o ").append(o.cliName());
            if (served != null && !served.contains(o.name())) {
                sb.append(NOT_SERVED);
            }
            sb.append("\n\n");
        }
        out.print(sb);
    }

    /**
     * The operations the server handles, from {@code model/<service>-served.txt} (kept equal to the
     * server's handlers by a test of the server module); null when every operation is served.
     */
    static java.util.Set<String> served(String service) {
        try (java.io.InputStream in = Help.class.getResourceAsStream("model/" + service + "-served.txt")) {
            if (in == null) {
                return null;
            }
            java.util.Set<String> out = new java.util.HashSet<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.trim());
                }
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void operation(ServiceModel model, Docs docs, CommandArgs args, PrintStream out) {
        Operation op = args.operation();
        StringBuilder sb = new StringBuilder();
        String title = op.cliName().toUpperCase() + "()";
        sb.append(title).append(" ".repeat(Math.max(1, WIDTH - 2 * title.length()))).append(title).append("\n\n");
        sb.append("NAME\n       ").append(op.cliName()).append(" -\n\n");
        sb.append("DESCRIPTION\n").append(HtmlText.render(docs.operation(op.name()), 7, WIDTH)).append('\n');
        sb.append("SYNOPSIS\n            ").append(op.cliName()).append('\n');
        for (CommandArgs.Arg a : args.members()) {
            String opt = a.shape().type().equals("boolean") ? a.cliName() + " | --no-" + a.cliName().substring(2)
                    : a.cliName() + " <value>";
            sb.append("          ").append(a.required() ? opt : "[" + opt + "]").append('\n');
        }
        sb.append("          [--cli-input-json | --cli-input-yaml]\n");
        if (op.paginator() != null) {
            sb.append("          [--starting-token <value>]\n          [--page-size <value>]\n")
                    .append("          [--max-items <value>]\n");
        }
        sb.append("          [--generate-cli-skeleton <value>]\n");
        for (String[] g : GLOBALS) {
            sb.append("          [").append(g[0].substring(0, g[0].indexOf(' '))).append("]\n");
        }
        sb.append("\nOPTIONS\n");
        Shape input = model.shapeOrNull(op.input());
        for (CommandArgs.Arg a : args.members()) {
            sb.append("       ").append(a.cliName()).append(" (").append(typeName(a.shape())).append(")\n");
            String doc = HtmlText.render(docs.member(input.name(), a.member()), 10, WIDTH);
            sb.append(doc.isEmpty() ? "" : doc);
            if (!a.shape().enumValues().isEmpty()) {
                sb.append("\n          Possible values:\n\n");
                a.shape().enumValues().forEach(v -> sb.append("          o ").append(v).append("\n\n"));
            }
            if (!a.shape().isScalar()) {
                sb.append("\n          JSON Syntax:\n\n");
                StringBuilder syntax = new StringBuilder();
                jsonSyntax(model, a.shape(), 0, syntax, new java.util.ArrayList<>());
                syntax.toString().lines().forEach(l -> sb.append("             ").append(l).append('\n'));
            }
            sb.append('\n');
        }
        sb.append("       --cli-input-json | --cli-input-yaml (string) Reads arguments from the JSON or YAML string\n"
                + "       provided, in the format of --generate-cli-skeleton. Options on the command line win.\n\n"
                + "       --generate-cli-skeleton (string) Prints a JSON skeleton (input, the default), a YAML\n"
                + "       skeleton with comments (yaml-input), or a sample output (output) without calling the\n"
                + "       service.\n\n");
        sb.append("GLOBAL OPTIONS\n");
        String endpointVariable = "AWS_ENDPOINT_URL_" + model.serviceId().toUpperCase(java.util.Locale.ROOT)
                .replace(' ', '_');
        for (String[] g : GLOBALS) {
            sb.append("       ").append(g[0]).append("\n").append(HtmlText.wrap(g[1].replace(ENDPOINT_VARIABLE,
                    endpointVariable), 10, WIDTH, -1)).append("\n\n");
        }
        Shape output = model.shapeOrNull(op.output());
        sb.append("OUTPUT\n");
        if (output == null || output.members().isEmpty()) {
            sb.append("       None\n");
        } else {
            for (Map.Entry<String, String> m : output.members().entrySet()) {
                Shape s = model.shape(m.getValue());
                sb.append("       ").append(m.getKey()).append(" -> (").append(typeName(s)).append(")\n");
                String doc = HtmlText.render(docs.member(output.name(), m.getKey()), 10, WIDTH);
                sb.append(doc).append('\n');
            }
        }
        out.print(sb);
    }

    private static String typeName(Shape s) {
        return switch (s.type()) {
            case "integer", "long" -> "integer";
            default -> s.type();
        };
    }

    private static void jsonSyntax(ServiceModel model, Shape shape, int depth, StringBuilder sb,
                                   java.util.List<String> stack) {
        String pad = "  ".repeat(depth);
        switch (shape.type()) {
            case "structure" -> {
                if (stack.contains(shape.name())) {
                    sb.append("{ ... recursive ... }");
                    return;
                }
                stack.add(shape.name());
                sb.append("{\n");
                int i = 0;
                for (Map.Entry<String, String> m : shape.members().entrySet()) {
                    sb.append(pad).append("  \"").append(m.getKey()).append("\": ");
                    jsonSyntax(model, model.shape(m.getValue()), depth + 1, sb, stack);
                    sb.append(++i < shape.members().size() ? ",\n" : "\n");
                }
                sb.append(pad).append('}');
                stack.remove(stack.size() - 1);
            }
            case "list" -> {
                sb.append("[\n").append(pad).append("  ");
                jsonSyntax(model, model.shape(shape.member()), depth + 1, sb, stack);
                sb.append("\n").append(pad).append("  ...\n").append(pad).append(']');
            }
            case "map" -> {
                sb.append("{\"string\": ");
                jsonSyntax(model, model.shape(shape.value()), depth + 1, sb, stack);
                sb.append(", ...}");
            }
            case "string" -> sb.append(shape.enumValues().isEmpty() ? "\"string\""
                    : "\"" + String.join("\"|\"", shape.enumValues()) + "\"");
            default -> sb.append(typeName(shape));
        }
    }
}
