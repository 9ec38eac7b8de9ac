package org.bridgekeeper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The server's configuration, parsed once: each setting from its flag ({@code --port 4750} or
 * {@code --port=4750}), else its environment variable ({@code BRIDGEKEEPER_PORT}), else its
 * default. A bad value is rejected with a message that names the flag or variable.
 */
public record Config(String host, int port, Path dataDir, String region, String account, Duration settleDelay,
                     int maxConnections, int maxBodyBytes, String logLevel, String masterKey,
                     boolean allowHttpEndpoints, Duration outboundTimeout, int authorizationAttempts,
                     Duration authorizationRetryDelay, Path resourceConfigurations, int maxPrivateConnections,
                     int maxApiDestinations, Path caBundle, Duration retryBaseDelay, Duration maxRetryDelay,
                     int deliveryConcurrency, Duration scheduleMinute) {

    /**
     * One setting: its flag, variable, default and help text; the README's table lists the same.
     * A switch ({@code --allow-http-endpoints}) takes no value on the command line.
     */
    record Setting(String flag, String env, String defaultValue, String help, boolean isSwitch) {
        Setting(String flag, String env, String defaultValue, String help) {
            this(flag, env, defaultValue, help, false);
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("--host", "BRIDGEKEEPER_HOST", "127.0.0.1", "address to listen on (0.0.0.0 for all interfaces)"),
            new Setting("--port", "BRIDGEKEEPER_PORT", "4750", "port to listen on (0 picks a free one)"),
            new Setting("--data-dir", "BRIDGEKEEPER_DATA_DIR", "./data", "where the database and key ring live"),
            new Setting("--region", "BRIDGEKEEPER_REGION", "us-east-1", "region of unsigned requests"),
            new Setting("--account", "BRIDGEKEEPER_ACCOUNT", "000000000000",
                    "account of requests whose access key id is not 12 digits"),
            new Setting("--settle-delay-ms", "BRIDGEKEEPER_SETTLE_DELAY_MS", "1000",
                    "how long DELETING and DEAUTHORIZING last (AWS takes about a second)"),
            new Setting("--max-connections", "BRIDGEKEEPER_MAX_CONNECTIONS", "3000",
                    "connections per account and region (AWS's default quota)"),
            new Setting("--max-body-bytes", "BRIDGEKEEPER_MAX_BODY_BYTES", "1048576", "largest request body accepted"),
            new Setting("--log-level", "BRIDGEKEEPER_LOG_LEVEL", "info", "error, warn, info or debug"),
            new Setting("--allow-http-endpoints", "BRIDGEKEEPER_ALLOW_HTTP_ENDPOINTS", "false",
                    "also allow http:// authorization and invocation endpoints (AWS allows only HTTPS)", true),
            new Setting("--outbound-timeout-ms", "BRIDGEKEEPER_OUTBOUND_TIMEOUT_MS", "5000",
                    "deadline of every outbound call, such as an OAuth token request (AWS: 5 seconds)"),
            new Setting("--authorization-attempts", "BRIDGEKEEPER_AUTHORIZATION_ATTEMPTS", "3",
                    "token requests for an AUTHORIZING connection before an unreachable endpoint de-authorizes it"),
            new Setting("--authorization-retry-delay-ms", "BRIDGEKEEPER_AUTHORIZATION_RETRY_DELAY_MS", "2000",
                    "wait before the second token request (then twice, three times as long)"),
            new Setting("--resource-configurations", "BRIDGEKEEPER_RESOURCE_CONFIGURATIONS", "",
                    "JSON file mapping VPC Lattice resource configuration ARNs to \"host:port\" (private connectivity)"),
            new Setting("--max-private-connections", "BRIDGEKEEPER_MAX_PRIVATE_CONNECTIONS", "20",
                    "private connections per account and region (AWS's quota)"),
            new Setting("--max-api-destinations", "BRIDGEKEEPER_MAX_API_DESTINATIONS", "3000",
                    "API destinations per account and region (AWS's default quota)"),
            new Setting("--ca-bundle", "BRIDGEKEEPER_CA_BUNDLE", "",
                    "PEM certificates trusted for outbound HTTPS besides the JDK's public CAs (a local receiver's CA)"),
            new Setting("--retry-base-delay-ms", "BRIDGEKEEPER_RETRY_BASE_DELAY_MS", "1000",
                    "first wait before an event delivery is retried; doubled at each retry, with jitter"),
            new Setting("--max-retry-delay-ms", "BRIDGEKEEPER_MAX_RETRY_DELAY_MS", "300000",
                    "longest wait between two attempts of an event delivery (a Retry-After may ask for more)"),
            new Setting("--delivery-concurrency", "BRIDGEKEEPER_DELIVERY_CONCURRENCY", "64",
                    "event deliveries in flight at once, across all API destinations"),
            new Setting("--schedule-minute-ms", "BRIDGEKEEPER_SCHEDULE_MINUTE_MS", "60000",
                    "how long a minute of a rate(...) schedule lasts: 60000, shorter only for tests and demos"));

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    /** Parses {@code args} (after the {@code server} subcommand) over {@code env}. */
    public static Config parse(List<String> args, Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            Setting setting = SETTINGS.stream().filter(s -> s.flag().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown option " + name + " (see --help)"));
            if (arg.contains("=")) {
                flags.put(setting.flag(), arg.substring(arg.indexOf('=') + 1));
            } else if (setting.isSwitch()) {
                flags.put(setting.flag(), "true");
            } else if (rest.isEmpty()) {
                throw new IllegalArgumentException(name + " needs a value");
            } else {
                flags.put(setting.flag(), rest.removeFirst());
            }
        }
        Function<String, Value> get = flag -> {
            Setting s = SETTINGS.stream().filter(x -> x.flag().equals(flag)).findFirst().orElseThrow();
            if (flags.containsKey(flag)) {
                return new Value(flags.get(flag), flag);
            }
            String fromEnv = env.get(s.env());
            return fromEnv != null && !fromEnv.isBlank() ? new Value(fromEnv.trim(), s.env())
                    : new Value(s.defaultValue(), flag);
        };
        Value region = get.apply("--region");
        if (!REGION.matcher(region.text()).matches()) {
            throw region.invalid("a region such as us-east-1");
        }
        Value account = get.apply("--account");
        if (!ACCOUNT.matcher(account.text()).matches()) {
            throw account.invalid("a 12-digit account id");
        }
        Value level = get.apply("--log-level");
        if (!List.of("error", "warn", "info", "debug").contains(level.text().toLowerCase())) {
            throw level.invalid("one of error, warn, info, debug");
        }
        String masterKey = env.get("BRIDGEKEEPER_MASTER_KEY");
        Value allowHttp = get.apply("--allow-http-endpoints");
        if (!List.of("true", "false").contains(allowHttp.text().toLowerCase())) {
            throw allowHttp.invalid("true or false");
        }
        return new Config(get.apply("--host").text(), get.apply("--port").integer(0, 65535),
                Path.of(get.apply("--data-dir").text()), region.text(), account.text(),
                Duration.ofMillis(get.apply("--settle-delay-ms").integer(0, 3_600_000)),
                get.apply("--max-connections").integer(1, Integer.MAX_VALUE),
                get.apply("--max-body-bytes").integer(1024, 64 * 1024 * 1024), level.text().toLowerCase(),
                masterKey == null || masterKey.isBlank() ? null : masterKey,
                Boolean.parseBoolean(allowHttp.text().toLowerCase()),
                Duration.ofMillis(get.apply("--outbound-timeout-ms").integer(100, 600_000)),
                get.apply("--authorization-attempts").integer(1, 100),
                Duration.ofMillis(get.apply("--authorization-retry-delay-ms").integer(0, 3_600_000)),
                readableFile(get.apply("--resource-configurations")),
                get.apply("--max-private-connections").integer(0, Integer.MAX_VALUE),
                get.apply("--max-api-destinations").integer(1, Integer.MAX_VALUE),
                readableFile(get.apply("--ca-bundle")),
                Duration.ofMillis(get.apply("--retry-base-delay-ms").integer(1, 3_600_000)),
                Duration.ofMillis(get.apply("--max-retry-delay-ms").integer(1, 86_400_000)),
                get.apply("--delivery-concurrency").integer(1, 10_000),
                Duration.ofMillis(get.apply("--schedule-minute-ms").integer(10, 3_600_000)));
    }

    /** A file setting: null when unset, else a path that must be readable. */
    private static Path readableFile(Value file) {
        if (file.text().isEmpty()) {
            return null;
        }
        Path path = Path.of(file.text());
        if (!java.nio.file.Files.isReadable(path)) {
            throw file.invalid("a readable file");
        }
        return path;
    }

    /** A raw value and where it came from, for messages. */
    private record Value(String text, String source) {
        int integer(int min, int max) {
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid("a whole number from " + min + " to " + max);
        }

        IllegalArgumentException invalid(String expected) {
            return new IllegalArgumentException(source + " must be " + expected + ", not '" + text + "'");
        }
    }

    @Override
    public String toString() {
        // The master key is never printed, whatever prints this record.
        return "Config[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", region=" + region + ", account="
                + account + ", settleDelay=" + settleDelay + ", maxConnections=" + maxConnections + ", maxBodyBytes="
                + maxBodyBytes + ", logLevel=" + logLevel + ", masterKey=" + (masterKey == null ? "unset" : "set")
                + ", allowHttpEndpoints=" + allowHttpEndpoints + ", outboundTimeout=" + outboundTimeout
                + ", authorizationAttempts=" + authorizationAttempts + ", authorizationRetryDelay="
                + authorizationRetryDelay + ", resourceConfigurations=" + resourceConfigurations
                + ", maxPrivateConnections=" + maxPrivateConnections + ", maxApiDestinations=" + maxApiDestinations + ", caBundle=" + caBundle + "]";
    }

    static String usage() {
        StringBuilder out = new StringBuilder("Usage: bridgekeeper server [options]\n\nOptions (each also from its environment variable):\n");
        for (Setting s : SETTINGS) {
            out.append(String.format("  %-20s %-32s %s (default %s)%n", s.flag(), s.env(), s.help(), s.defaultValue()));
        }
        out.append(String.format("  %-20s %-32s %s%n", "", "BRIDGEKEEPER_MASTER_KEY",
                "base64 of 32 bytes: the master key, instead of the key ring file (for nodes sharing a database)"));
        return out.toString();
    }
}
