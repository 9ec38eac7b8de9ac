package org.bridgekeeper.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.args.CommandArgs;
import org.bridgekeeper.cli.py.Py;

/**
 * {@code --debug}: log lines on stderr in the AWS CLI's layout
 * ({@code 2026-11-24 22:03:11,123 - MainThread - botocore.auth - DEBUG - ...}). Unlike aws-cli,
 * secrets are never written: option values that may hold one are replaced, request parameters
 * are logged with every {@code sensitive} member masked (Password, ClientSecret, ApiKeyValue,
 * header/query/body parameter values), and the session token is masked in the canonical request.
 */
class Debug {

    static final Debug OFF = new Debug(null, null, null) {
        @Override
        void log(String logger, String message) {
        }

        @Override
        boolean on() {
            return false;
        }
    };

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final PrintStream err;
    private final Clock clock;
    private final ZoneId zone;

    Debug(PrintStream err, Clock clock, ZoneId zone) {
        this.err = err;
        this.clock = clock;
        this.zone = zone;
    }

    boolean on() {
        return true;
    }

    void log(String logger, String message) {
        err.print(TIME.format(clock.instant().atZone(zone)) + " - MainThread - " + logger + " - DEBUG - " + message
                + "\n");
    }

    /** The arguments as a Python list, with the values of secret-bearing options replaced. */
    static String redactArgs(List<String> argv, CommandArgs commandArgs) {
        List<String> shown = new ArrayList<>();
        boolean redactNext = false;
        for (String a : argv) {
            String value = a;
            if (redactNext && !a.startsWith("--")) {
                value = "****";
            } else {
                redactNext = false;
                int eq = a.indexOf('=');
                String option = eq > 0 && a.startsWith("--") ? a.substring(0, eq) : a;
                if (secretBearing(option, commandArgs)) {
                    if (eq > 0) {
                        value = option + "=****";
                    } else {
                        redactNext = true;
                    }
                }
            }
            shown.add(Py.repr(value));
        }
        return "[" + String.join(", ", shown) + "]";
    }

    private static boolean secretBearing(String option, CommandArgs commandArgs) {
        if (option.equals("--cli-input-json") || option.equals("--cli-input-yaml")) {
            return true;
        }
        for (CommandArgs.Arg a : commandArgs.members()) {
            if (a.cliName().equals(option)) {
                return !a.shape().isScalar() || a.shape().sensitive();
            }
        }
        return false;
    }
}
