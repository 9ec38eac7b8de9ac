package org.bridgekeeper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One setting of the server, declared once in {@link Config}: where it comes from, its default,
 * how its text becomes a typed value, and its help. {@code bridgekeeper server --help} and the
 * README's configuration table are both printed from these rows ({@link ConfigTable}).
 *
 * @param name         the setting's name in {@link Config#toString()}, as its accessor's
 * @param flag         the command-line flag; null for a setting given only by its variable
 * @param env          the environment variable
 * @param defaultValue the value when neither flag nor variable gives one, as text; {@code ""}
 *                     means unset (the value is then null)
 * @param kind         how it may be given
 * @param parser       text to value; null for a variable that the launcher script reads
 * @param help         one sentence or two, Markdown: {@code `code`} is printed without the
 *                     backticks by {@code --help}
 */
record Setting<T>(String name, String flag, String env, String defaultValue, Kind kind, Parser<T> parser,
                  String help) {

    /** How a setting may be given. */
    enum Kind {
        /** {@code --port 4750}, {@code --port=4750} or {@code BRIDGEKEEPER_PORT=4750}. */
        OPTION,
        /** The flag alone means true ({@code --allow-http-endpoints}); {@code =true|false} and the variable too. */
        SWITCH,
        /** Only from the environment, so that it never shows in a process list, and never printed. */
        SECRET,
        /** Read by the launcher script before the JVM starts: listed here, not parsed by the server. */
        LAUNCHER,
        /** An option that may be given more than once: the values join, comma-separated, as in the variable. */
        REPEATABLE
    }

    /** Text to a typed value. */
    @FunctionalInterface
    interface Parser<T> {
        /** The value of {@code text}; throws {@link Invalid} saying what was expected. */
        T parse(String text);
    }

    /** A text a parser refuses; {@code expected} ends "BRIDGEKEEPER_PORT must be ..." */
    static final class Invalid extends RuntimeException {
        Invalid(String expected) {
            super(expected, null, false, false);
        }
    }

    static <T> Setting<T> option(String name, String flag, String env, String defaultValue, Parser<T> parser,
                                 String help) {
        return new Setting<>(name, flag, env, defaultValue, Kind.OPTION, parser, help);
    }

    static <T> Setting<T> repeatable(String name, String flag, String env, String defaultValue, Parser<T> parser,
                                     String help) {
        return new Setting<>(name, flag, env, defaultValue, Kind.REPEATABLE, parser, help);
    }

    static Setting<Boolean> switchOption(String name, String flag, String env, String help) {
        return new Setting<>(name, flag, env, "false", Kind.SWITCH, trueOrFalse(), help);
    }

    static <T> Setting<T> secret(String name, String env, Parser<T> parser, String help) {
        return new Setting<>(name, null, env, "", Kind.SECRET, parser, help);
    }

    static Setting<Void> launcher(String env, String help) {
        return new Setting<>(null, null, env, "", Kind.LAUNCHER, null, help);
    }

    /**
     * The value of {@code text}, which {@code source} (the flag or the variable) gave. An empty
     * text leaves a setting without a default unset (null). A refusal names the source and, for
     * anything but a secret, quotes the text.
     */
    T parse(String text, String source) {
        if (text.isEmpty() && defaultValue.isEmpty()) {
            return null;
        }
        try {
            return parser.parse(text);
        } catch (Invalid e) {
            // A database URL may carry a password: such a text is not quoted either.
            boolean quote = kind != Kind.SECRET && !text.toLowerCase(Locale.ROOT).contains("password");
            throw new IllegalArgumentException(source + " must be " + e.getMessage()
                    + (quote ? ", not '" + text + "'" : ""));
        }
    }

    // ---- parsers -----------------------------------------------------------------------------

    static Parser<String> text() {
        return text -> text;
    }

    static Parser<String> matching(String regex, String expected) {
        Pattern pattern = Pattern.compile(regex);
        return text -> {
            if (!pattern.matcher(text).matches()) {
                throw new Invalid(expected);
            }
            return text;
        };
    }

    /** One of {@code choices}, in any case; the value is lower case. */
    static Parser<String> oneOf(String... choices) {
        return text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!List.of(choices).contains(lower)) {
                throw new Invalid("one of " + String.join(", ", choices));
            }
            return lower;
        };
    }

    static Parser<Boolean> trueOrFalse() {
        return text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Invalid("true or false");
        };
    }

    static Parser<Integer> wholeNumber(int min, int max) {
        return text -> {
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below, with the range
            }
            throw new Invalid("a whole number from " + min + " to " + max);
        };
    }

    static Parser<Duration> millis(int min, int max) {
        Parser<Integer> number = wholeNumber(min, max);
        return text -> Duration.ofMillis(number.parse(text));
    }

    /**
     * Comma-separated {@code name=url} pairs, each name one of {@code names}, each URL http or
     * https with a host; a name given twice keeps its last URL.
     */
    static Parser<java.util.Map<String, java.net.URI>> endpoints(java.util.Set<String> names) {
        String expected = "name=url pairs separated by commas, each name one of "
                + String.join(", ", new java.util.TreeSet<>(names)) + ", each url http(s)://host[:port]";
        return text -> {
            java.util.Map<String, java.net.URI> out = new java.util.LinkedHashMap<>();
            for (String pair : text.split(",")) {
                int equals = pair.indexOf('=');
                if (equals < 0 || !names.contains(pair.substring(0, equals).trim())) {
                    throw new Invalid(expected);
                }
                java.net.URI url;
                try {
                    url = new java.net.URI(pair.substring(equals + 1).trim());
                } catch (java.net.URISyntaxException e) {
                    throw new Invalid(expected);
                }
                if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                    throw new Invalid(expected);
                }
                out.put(pair.substring(0, equals).trim(), url);
            }
            return java.util.Map.copyOf(out);
        };
    }

    /** A period: a whole number and a unit, {@code 7d}, {@code 12h}, {@code 30m} or {@code 45s}; {@code 0} for none. */
    static Parser<Duration> period(Duration max) {
        Pattern form = Pattern.compile("(\\d{1,9})([dhms])");
        return text -> {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            var m = form.matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
                if (d.compareTo(max) <= 0) {
                    return d;
                }
            }
            throw new Invalid("a period such as 7d, 12h, 30m or 45s (at most " + max.toDays() + "d), or 0");
        };
    }

    static Parser<Path> path() {
        return Path::of;
    }

    static Parser<Path> readableFile() {
        return text -> {
            Path path = Path.of(text);
            if (!Files.isReadable(path)) {
                throw new Invalid("a readable file");
            }
            return path;
        };
    }
}
