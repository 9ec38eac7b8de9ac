package org.bridgekeeper.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.args.CommandArgs;

/**
 * {@code --cli-auto-prompt}, reduced to its useful core: on a terminal, ask for each required
 * option missing from the command line (one line each, shorthand or JSON as on the command line;
 * an empty answer leaves it missing). aws-cli's full-screen prompt toolkit is not reproduced.
 * Without a terminal (stdin or stdout redirected) nothing is asked and the command runs as
 * given, so a script never hangs on a prompt; a missing option is then reported as usual.
 */
final class AutoPrompt {

    private AutoPrompt() {
    }

    static List<String> complete(CommandArgs args, List<String> given, Environment env, InputStream in,
                                 PrintStream err) {
        if (!env.stdinTty() || !env.stdoutTty() || given.contains("--cli-input-json")
                || given.contains("--cli-input-yaml") || given.contains("--generate-cli-skeleton")) {
            return given;
        }
        List<String> out = new ArrayList<>(given);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (CommandArgs.Arg a : args.members()) {
            if (!a.required() || present(given, a.cliName())) {
                continue;
            }
            err.print(a.cliName() + " (" + a.shape().type() + "): ");
            err.flush();
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                break;
            }
            if (!line.isBlank()) {
                out.add(a.cliName());
                out.add(line);
            }
        }
        return out;
    }

    private static boolean present(List<String> given, String option) {
        for (String g : given) {
            if (g.equals(option) || g.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }
}
