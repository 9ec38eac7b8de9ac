package org.bridgekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.args.ArgParser;
import org.bridgekeeper.cli.args.ArgSpec;
import org.bridgekeeper.cli.args.CommandArgs;
import org.bridgekeeper.cli.args.FileContext;
import org.bridgekeeper.cli.config.Settings;
import org.bridgekeeper.cli.model.Docs;
import org.bridgekeeper.cli.model.Operation;
import org.bridgekeeper.cli.model.ServiceModel;
import org.bridgekeeper.cli.model.Shape;
import org.bridgekeeper.cli.model.Skeletons;
import org.bridgekeeper.cli.model.Validator;
import org.bridgekeeper.cli.model.YamlSkeleton;
import org.bridgekeeper.cli.output.Query;
import org.bridgekeeper.cli.output.QueryException;
import org.bridgekeeper.cli.py.Py;

/**
 * One command line, in aws-cli's order of events: global options, the service and operation
 * names, the operation's options, then the call parameters ({@code file://}, shorthand, JSON),
 * {@code --cli-input-*}, {@code --generate-cli-skeleton}, region, validation, credentials, the
 * request (with retries) and the output. The order matters: it decides which error a user sees
 * first, and the transcripts pin it.
 */
final class Command {

    /** {@code Unknown options: a, b}: printed after the usage block, exit 252. */
    static final class UnknownOptions extends RuntimeException {
        UnknownOptions(List<String> extras) {
            super("Unknown options: " + String.join(", ", extras), null, false, false);
        }
    }

    private final Environment env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private Debug debug = Debug.OFF;

    Command(Environment env, InputStream in, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    int run(List<String> argv) {
        ArgParser.Result top = GlobalArgs.parser().parseKnownArgs(argv);
        GlobalArgs globals = GlobalArgs.from(top);
        if (globals.debug()) {
            debug = new Debug(err, clock, env.zone());
            debug.log("awscli.clidriver", "CLI version: " + Version.text());
        }
        Timing.mark("global options");
        Query query = compileQuery(globals.query());
        checkEndpointUrl(globals.endpointUrl());
        Settings settings = Settings.load(env.variables(), env.home(), env.workingDir(), globals.profile());
        Timing.mark("settings");
        if ("help".equals(globals.command())) {
            Help.topLevel(out);
            return 0;
        }
        ServiceModel model = ServiceModel.load(globals.command());
        Timing.mark("model");
        List<String> choices = new ArrayList<>();
        model.operations().forEach(o -> choices.add(o.cliName()));
        choices.add("help");
        ArgParser.Result service = new ArgParser()
                .add(ArgSpec.positional("operation", ArgSpec.Nargs.ONE, choices)).parseKnownArgs(top.extras());
        String opName = service.string("operation");
        if (opName.equals("help")) {
            Help.service(model, out);
            return 0;
        }
        Operation op = model.operation(opName).orElseThrow();
        CommandArgs commandArgs = new CommandArgs(model, op);
        List<String> opArgs = service.extras();
        if (opArgs.size() == 1 && opArgs.get(0).equals("help")) {
            Help.operation(model, Docs.load(model.name()), commandArgs, out);
            return 0;
        }
        if (autoPromptEnabled(globals, settings)) {
            opArgs = AutoPrompt.complete(commandArgs, opArgs, env, in, err);
        }
        if (debug.on()) {
            debug.log("awscli.clidriver", "Arguments entered to CLI: " + Debug.redactArgs(argv, commandArgs));
        }
        ArgParser.Result parsed = commandArgs.parser(opArgs).parseKnownArgs(opArgs);
        List<String> extras = new ArrayList<>(parsed.extras());
        Object help = parsed.values().get(CommandArgs.HELP);
        if (help != null) {
            extras.add((String) help);
        }
        if (!extras.isEmpty()) {
            throw new UnknownOptions(extras);
        }
        globals = Paging.checkEnabled(op, parsed, globals);

        FileContext files = new FileContext(env.workingDir(), env.variables(), env.home().toString());
        ObjectNode params = commandArgs.callParameters(parsed, files);
        CliInput.merge(parsed, params, files);

        Timing.mark("parameters");
        Shape input = model.shapeOrNull(op.input());
        Shape output = model.shapeOrNull(op.output());
        String skeleton = parsed.string(CommandArgs.SKELETON);
        if ("input".equals(skeleton)) {
            out.print(Py.dumps(Skeletons.input(model, input), 4, true) + "\n");
            return 0;
        }
        if ("yaml-input".equals(skeleton)) {
            out.print(YamlSkeleton.render(model, Docs.load(model.name()), input));
            return 0;
        }
        String format = settings.output(globals.output());
        boolean wire = settings.wireTimestamps();
        Settings.Endpoint endpoint = settings.endpoint(globals.endpointUrl(), model.serviceId());
        String region = settings.region(globals.region());
        if (region == null && !endpoint.configured()) {
            region = Settings.DEFAULT_LOCAL_REGION;
        }
        if (region == null) {
            throw new CliError(253,
                    "You must specify a region. You can also configure your region by running \"aws configure\".");
        }
        if ("output".equals(skeleton)) {
            JsonNode stub = Skeletons.output(model, output);
            List<String> stubErrors = Validator.validate(model, stub, output);
            if (!stubErrors.isEmpty()) {
                throw CliError.paramValidation(stubErrors);
            }
            validate(model, params, input);
            print(format, op, stub, query, globals, settings);
            return 0;
        }
        validate(model, params, input);
        Timing.mark("validation");
        Caller caller = new Caller(model, op, settings, globals, endpoint, region, env, clock, debug, wire);
        JsonNode result = op.paginator() != null && globals.paginate()
                ? new Paging(model, op, caller, parsed).fullResult(params)
                : caller.call(params);
        Timing.mark("call");
        print(format, op, result, query, globals, settings);
        return 0;
    }

    private static void validate(ServiceModel model, JsonNode params, Shape input) {
        if (input == null) {
            return;
        }
        List<String> errors = Validator.validate(model, params, input);
        if (!errors.isEmpty()) {
            throw CliError.paramValidation(errors);
        }
    }

    private boolean autoPromptEnabled(GlobalArgs globals, Settings settings) {
        if (globals.noAutoPrompt()) {
            return false;
        }
        return globals.autoPrompt() || settings.autoPrompt() != null;
    }

    private static Query compileQuery(String expression) {
        if (expression == null) {
            return null;
        }
        try {
            return Query.compile(expression);
        } catch (QueryException e) {
            throw new CliError(252, e.getMessage());
        }
    }

    private static void checkEndpointUrl(String url) {
        if (url == null) {
            return;
        }
        String scheme = null;
        try {
            scheme = URI.create(url).getScheme();
        } catch (IllegalArgumentException e) {
            int colon = url.indexOf(':');
            if (colon > 0 && url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
                scheme = url.substring(0, colon);
            }
        }
        if (scheme == null || scheme.isEmpty()) {
            throw new CliError(252, "Bad value for --endpoint-url \"" + url + "\": scheme is missing.  Must be of"
                    + " the form http://<hostname>/ or https://<hostname>/");
        }
    }

    private void print(String format, Operation op, JsonNode result, Query query, GlobalArgs globals,
                       Settings settings) {
        JsonNode shown = query == null ? result : query.search(result);
        boolean color = switch (globals.color()) {
            case "on" -> true;
            case "off" -> false;
            default -> env.stdoutTty();
        };
        Pager.write(settings, globals, env, out, err, target -> org.bridgekeeper.cli.output.Formatter.write(format,
                op.name(), shown, color, target, env.terminalWidth()));
    }
}
