package org.bridgekeeper.cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bridgekeeper.cli.py.Py;
import org.bridgekeeper.cli.py.PyValueError;

/**
 * Python 3.11 argparse's {@code parse_known_args}, reduced to what the AWS CLI uses, so that the
 * command line is understood exactly as aws-cli understands it: unambiguous prefixes
 * ({@code --nam}), {@code --x=y}, the last repetition wins, a value starting with {@code -} is an
 * option (hence {@code expected one argument}), unknown options and stray strings are returned
 * as extras in order, required arguments are checked after everything was consumed.
 */
public final class ArgParser {

    private static final Pattern NEGATIVE_NUMBER = Pattern.compile("^-\\d+$|^-\\d*\\.\\d+$");

    private final List<ArgSpec> optionals = new ArrayList<>();
    private final Map<String, ArgSpec> byOption = new LinkedHashMap<>();
    private final List<ArgSpec> positionals = new ArrayList<>();

    public ArgParser add(ArgSpec spec) {
        if (spec.isPositional()) {
            positionals.add(spec);
        } else {
            ArgSpec previous = byOption.put(spec.option(), spec);
            if (previous != null) {
                optionals.remove(previous); // conflict_handler='resolve'
            }
            optionals.add(spec);
        }
        return this;
    }

    /** The values by dest, and the strings nobody consumed. */
    public record Result(Map<String, Object> values, List<String> extras, String version) {

        public String string(String dest) {
            return (String) values.get(dest);
        }

        public boolean has(String dest) {
            return values.containsKey(dest);
        }
    }

    private record Optional(ArgSpec spec, String optionString, String explicitArg) {
    }

    public Result parseKnownArgs(List<String> argStrings) {
        List<String> args = new ArrayList<>(argStrings.size());
        StringBuilder pattern = new StringBuilder();
        Map<Integer, Optional> optionIndices = new LinkedHashMap<>();
        boolean afterDoubleDash = false;
        for (String arg : argStrings) {
            int i = args.size();
            args.add(arg);
            if (afterDoubleDash) {
                pattern.append('A');
            } else if (arg.equals("--")) {
                pattern.append('-');
                afterDoubleDash = true;
            } else {
                Optional o = parseOptional(arg);
                if (o == null) {
                    pattern.append('A');
                } else {
                    optionIndices.put(i, o);
                    pattern.append('O');
                }
            }
        }
        State st = new State(args, pattern.toString(), optionIndices, positionals);
        int maxOptionIndex = optionIndices.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        int start = 0;
        while (start <= maxOptionIndex) {
            final int from = start;
            int nextOption = optionIndices.keySet().stream().filter(k -> k >= from).mapToInt(Integer::intValue)
                    .min().orElseThrow();
            if (start != nextOption) {
                int end = consumePositionals(st, start);
                if (end > start) {
                    start = end;
                    continue;
                }
                start = end;
            }
            if (!optionIndices.containsKey(start)) {
                for (int k = start; k < nextOption; k++) {
                    st.extras.add(args.get(k));
                }
                start = nextOption;
            }
            start = consumeOptional(st, start);
        }
        int stop = consumePositionals(st, start);
        for (int k = stop; k < args.size(); k++) {
            st.extras.add(args.get(k));
        }
        List<String> missing = new ArrayList<>();
        for (ArgSpec spec : optionals) {
            if (spec.required() && !st.seen.contains(spec)) {
                missing.add(spec.displayName());
            }
        }
        for (ArgSpec spec : positionals) {
            if (spec.required() && !st.seen.contains(spec)) {
                missing.add(spec.displayName());
            }
        }
        if (!missing.isEmpty()) {
            throw new ArgParseException("the following arguments are required: " + String.join(", ", missing));
        }
        return new Result(st.values, st.extras, st.version);
    }

    private static final class State {
        final List<String> args;
        final String pattern;
        final Map<Integer, Optional> optionIndices;
        final Map<String, Object> values = new LinkedHashMap<>();
        final List<String> extras = new ArrayList<>();
        // By identity: the specs are this parser's own objects, and a record's hashCode/equals is
        // an invokedynamic the AOT cache does not hold (spun at run time: 15 ms of every command).
        final Set<ArgSpec> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        final List<ArgSpec> positionalsLeft;
        String version;

        State(List<String> args, String pattern, Map<Integer, Optional> optionIndices, List<ArgSpec> positionalSpecs) {
            this.args = args;
            this.pattern = pattern;
            this.optionIndices = optionIndices;
            this.positionalsLeft = new ArrayList<>(positionalSpecs);
        }
    }

    private Optional parseOptional(String arg) {
        if (arg.isEmpty() || arg.charAt(0) != '-') {
            return null;
        }
        ArgSpec exact = byOption.get(arg);
        if (exact != null) {
            return new Optional(exact, arg, null);
        }
        if (arg.length() == 1) {
            return null;
        }
        int eq = arg.indexOf('=');
        if (eq >= 0) {
            ArgSpec spec = byOption.get(arg.substring(0, eq));
            if (spec != null) {
                return new Optional(spec, arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        List<Optional> matches = optionTuples(arg);
        if (matches.size() > 1) {
            List<String> names = matches.stream().map(Optional::optionString).toList();
            throw new ArgParseException("ambiguous option: " + arg + " could match " + String.join(", ", names));
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (NEGATIVE_NUMBER.matcher(arg).matches()) {
            return null;
        }
        if (arg.contains(" ")) {
            return null;
        }
        return new Optional(null, arg, null);
    }

    private List<Optional> optionTuples(String arg) {
        List<Optional> out = new ArrayList<>();
        if (arg.startsWith("--")) {
            String prefix = arg;
            String explicit = null;
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                prefix = arg.substring(0, eq);
                explicit = arg.substring(eq + 1);
            }
            for (ArgSpec spec : optionals) {
                if (spec.option().startsWith(prefix)) {
                    out.add(new Optional(spec, spec.option(), explicit));
                }
            }
        } else {
            String shortPrefix = arg.substring(0, 2);
            String shortExplicit = arg.substring(2);
            for (ArgSpec spec : optionals) {
                if (spec.option().equals(shortPrefix)) {
                    out.add(new Optional(spec, spec.option(), shortExplicit));
                } else if (spec.option().startsWith(arg)) {
                    out.add(new Optional(spec, spec.option(), null));
                }
            }
        }
        return out;
    }

    /** Leading 'A's of the pattern from {@code start}, skipping '-' markers as argparse does. */
    private static int countArgs(String pattern, int start) {
        int n = 0;
        for (int i = start; i < pattern.length() && pattern.charAt(i) == 'A'; i++) {
            n++;
        }
        return n;
    }

    private int consumeOptional(State st, int start) {
        Optional o = st.optionIndices.get(start);
        if (o.spec() == null) {
            st.extras.add(st.args.get(start));
            return start + 1;
        }
        ArgSpec spec = o.spec();
        if (o.explicitArg() != null) {
            if (spec.nargs() == ArgSpec.Nargs.FLAG || spec.nargs() == ArgSpec.Nargs.VERSION) {
                throw new ArgParseException("argument " + spec.option() + ": ignored explicit argument "
                        + Py.repr(o.explicitArg()));
            }
            take(st, spec, List.of(o.explicitArg()));
            return start + 1;
        }
        int available = countArgs(st.pattern, start + 1);
        int count = switch (spec.nargs()) {
            case FLAG, VERSION -> 0;
            case ONE -> {
                if (available < 1) {
                    throw new ArgParseException("argument " + spec.option() + ": expected one argument");
                }
                yield 1;
            }
            case OPTIONAL -> Math.min(1, available);
            case PLUS -> {
                if (available < 1) {
                    throw new ArgParseException("argument " + spec.option() + ": expected at least one argument");
                }
                yield available;
            }
        };
        take(st, spec, st.args.subList(start + 1, start + 1 + count));
        return start + 1 + count;
    }

    private int consumePositionals(State st, int start) {
        int available = countArgs(st.pattern, start);
        int index = start;
        while (!st.positionalsLeft.isEmpty()) {
            ArgSpec spec = st.positionalsLeft.get(0);
            int count = switch (spec.nargs()) {
                case ONE -> available >= 1 ? 1 : -1;
                case OPTIONAL -> Math.min(1, available);
                case PLUS -> available >= 1 ? available : -1;
                default -> 0;
            };
            if (count < 0) {
                break;
            }
            st.positionalsLeft.remove(0);
            if (count > 0) {
                take(st, spec, st.args.subList(index, index + count));
            } else {
                st.seen.add(spec); // a '?' positional with nothing left takes its default
            }
            index += count;
            available -= count;
        }
        return index;
    }

    private void take(State st, ArgSpec spec, List<String> strings) {
        st.seen.add(spec);
        switch (spec.nargs()) {
            case FLAG -> st.values.put(spec.dest(), spec.constant());
            case VERSION -> {
                if (st.version == null) {
                    st.version = spec.dest();
                }
                throw new VersionRequested();
            }
            case PLUS -> {
                for (String s : strings) {
                    check(spec, s);
                }
                st.values.put(spec.dest(), List.copyOf(strings));
            }
            default -> {
                String v = strings.isEmpty() ? (String) spec.constant() : strings.get(0);
                if (v == null) {
                    return;
                }
                check(spec, v);
                st.values.put(spec.dest(), spec.isInt() ? (Object) parseInt(spec, v) : v);
            }
        }
    }

    /** Thrown when {@code --version} is met: argparse prints the version and exits at once. */
    public static final class VersionRequested extends RuntimeException {
        VersionRequested() {
            super(null, null, false, false);
        }
    }

    /** argparse's {@code type=int}: Python's int(), here within Java's int range. */
    private static Integer parseInt(ArgSpec spec, String v) {
        try {
            JsonNode n = Py.toInt(v);
            if (n.canConvertToInt()) {
                return n.intValue();
            }
        } catch (PyValueError e) {
            // argparse words it as below
        }
        throw new ArgParseException("argument " + spec.displayName() + ": invalid int value: " + Py.repr(v));
    }

    private static void check(ArgSpec spec, String value) {
        if (!spec.choices().isEmpty() && !spec.choices().contains(value)) {
            throw new ArgParseException("argument " + spec.displayName() + ": " + Choices.invalid(value,
                    spec.choices()));
        }
    }
}
