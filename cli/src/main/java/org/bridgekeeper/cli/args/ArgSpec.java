package org.bridgekeeper.cli.args;

import java.util.List;

/**
 * One argument of an {@link ArgParser}, in argparse's terms.
 *
 * @param option   {@code --name} for an optional, {@code null} for a positional
 * @param dest     where the value goes ({@code name}, {@code operation})
 * @param nargs    how many strings it takes
 * @param choices  the accepted values, or empty for any
 * @param constant the value of a flag ({@code true}/{@code false}) or of a bare {@code ?} optional
 * @param required argparse's {@code required}
 * @param isInt    converted with {@code int()} by argparse ({@code --cli-read-timeout})
 */
public record ArgSpec(String option, String dest, Nargs nargs, List<String> choices, Object constant,
                      boolean required, boolean isInt) {

    /** argparse's nargs: a flag (0), one string (None), {@code ?}, {@code +}, or {@code --version}. */
    public enum Nargs { FLAG, ONE, OPTIONAL, PLUS, VERSION }

    public static ArgSpec value(String option, String dest) {
        return new ArgSpec(option, dest, Nargs.ONE, List.of(), null, false, false);
    }

    public static ArgSpec flag(String option, String dest, boolean value) {
        return new ArgSpec(option, dest, Nargs.FLAG, List.of(), value, false, false);
    }

    public static ArgSpec positional(String dest, Nargs nargs, List<String> choices) {
        return new ArgSpec(null, dest, nargs, choices, null, nargs == Nargs.ONE, false);
    }

    public ArgSpec withChoices(List<String> values) {
        return new ArgSpec(option, dest, nargs, values, constant, required, isInt);
    }

    public ArgSpec withRequired(boolean value) {
        return new ArgSpec(option, dest, nargs, choices, constant, value, isInt);
    }

    public ArgSpec withInt() {
        return new ArgSpec(option, dest, nargs, choices, constant, required, true);
    }

    public ArgSpec withNargs(Nargs value, Object constantValue) {
        return new ArgSpec(option, dest, value, choices, constantValue, required, isInt);
    }

    boolean isPositional() {
        return option == null;
    }

    /** How argparse names it in messages: the option string, or the positional's dest. */
    String displayName() {
        return option != null ? option : dest;
    }
}
