package org.bridgekeeper;

import static org.bridgekeeper.Setting.matching;
import static org.bridgekeeper.Setting.millis;
import static org.bridgekeeper.Setting.oneOf;
import static org.bridgekeeper.Setting.option;
import static org.bridgekeeper.Setting.path;
import static org.bridgekeeper.Setting.readableFile;
import static org.bridgekeeper.Setting.text;
import static org.bridgekeeper.Setting.wholeNumber;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.bridgekeeper.invoke.AddressRange;
import org.bridgekeeper.secrets.MasterKey;

/**
 * The server's configuration, parsed once: each setting from its flag ({@code --port 4750} or
 * {@code --port=4750}), else its environment variable ({@code BRIDGEKEEPER_PORT}), else its
 * default. A bad value is rejected with a message that names the flag or variable.
 *
 * <p>Each setting is one row below; {@code --help} and the README's table are printed from the
 * rows ({@link ConfigTable}), so a new setting is a row, its accessor, and {@code tools/config-table.sh}.
 */
public final class Config {

    static final Setting<String> HOST = option("host", "--host", "BRIDGEKEEPER_HOST", "127.0.0.1", text(),
            "address to listen on; `0.0.0.0` for all interfaces (containers: then with `--credentials-file`, or "
                    + "`--auth off` explicitly; see the README's \"Security\")");
    static final Setting<Integer> PORT = option("port", "--port", "BRIDGEKEEPER_PORT", "4750", wholeNumber(0, 65535),
            "port to listen on; `0` picks a free one");
    static final Setting<String> AUTH = option("auth", "--auth", "BRIDGEKEEPER_AUTH", "auto",
            oneOf("auto", "verify", "off"),
            "who may call: `verify` accepts only requests signed (SigV4) by a key of `--credentials-file`, whose "
                    + "section names the caller's account; `off` verifies nothing (the account is a 12-digit access key "
                    + "id) and, on a loopback address, answers only requests whose `Host` is loopback's; `auto` is "
                    + "`verify` with a credentials file, `off` on loopback without one, and a refusal to start on "
                    + "any other address without one");
    static final Setting<Path> CREDENTIALS_FILE = option("credentialsFile", "--credentials-file",
            "BRIDGEKEEPER_CREDENTIALS_FILE", "", readableFile(),
            "the keys that may call (`--auth verify`): an AWS shared credentials file, one section per key with "
                    + "`aws_access_key_id`, `aws_secret_access_key` and `aws_account_id` (12 digits); read at start");
    static final Setting<String> ALLOWED_HOSTS = option("allowedHosts", "--allowed-hosts",
            "BRIDGEKEEPER_ALLOWED_HOSTS", "", matching("[A-Za-z0-9._\\[\\]:-]+(,[A-Za-z0-9._\\[\\]:-]+)*",
                    "host names separated by commas"),
            "with `--auth off`: `Host` names accepted besides `localhost`, `127.0.0.1` and `[::1]` (any port), "
                    + "comma-separated, e.g. `bridgekeeper.test`");
    static final Setting<Path> TLS_CERT = option("tlsCert", "--tls-cert", "BRIDGEKEEPER_TLS_CERT", "", readableFile(),
            "serve HTTPS on the same port with this PEM certificate (then its intermediates); needs `--tls-key`");
    static final Setting<Path> TLS_KEY = option("tlsKey", "--tls-key", "BRIDGEKEEPER_TLS_KEY", "", readableFile(),
            "the certificate's private key: PEM, PKCS#8 (`BEGIN PRIVATE KEY`), RSA or EC, unencrypted (mode 0600)");
    static final Setting<Path> AUDIT_LOG = option("auditLog", "--audit-log", "BRIDGEKEEPER_AUDIT_LOG", "", path(),
            "the audit trail, one JSON line per call that changes state or sends a secret out (created 0600); "
                    + "default `audit.log` in the data dir");
    static final Setting<Path> DATA_DIR = option("dataDir", "--data-dir", "BRIDGEKEEPER_DATA_DIR", "./data", path(),
            "the database (`bridgekeeper.db`) and the key ring (`keyring.json`, mode 0600); a relative path is "
                    + "relative to the working directory the server starts in (the launcher does not change it)");
    static final Setting<org.bridgekeeper.store.DatabaseUrl> DATABASE_URL = option("databaseUrl", "--database-url",
            "BRIDGEKEEPER_DATABASE_URL", "", Config::databaseUrl,
            "a PostgreSQL database instead of SQLite in the data dir: `jdbc:postgresql://HOST:PORT/DATABASE`, which "
                    + "any number of nodes may share (each with its own data dir, and all with the same "
                    + "`BRIDGEKEEPER_MASTER_KEY`, which is then required). User and password in the URL "
                    + "(`?user=...&password=...`) or in the two settings below; docs/postgresql.md");
    static final Setting<String> DATABASE_USER = option("databaseUser", "--database-user",
            "BRIDGEKEEPER_DATABASE_USER", "", text(), "the PostgreSQL user, instead of the URL's `user`");
    static final Setting<Integer> DATABASE_POOL_SIZE = option("databasePoolSize", "--database-pool-size",
            "BRIDGEKEEPER_DATABASE_POOL_SIZE", "8", wholeNumber(1, 500),
            "PostgreSQL connections of each of a node's two pools (writes, reads): a node opens up to twice this many; "
                    + "keep nodes x 2 x this under the server's `max_connections`");
    static final Setting<String> REGION = option("region", "--region", "BRIDGEKEEPER_REGION", "us-east-1",
            matching("[a-z]{2}(-[a-z]+)+-\\d", "a region such as us-east-1"), "region of unsigned requests");
    static final Setting<String> ACCOUNT = option("account", "--account", "BRIDGEKEEPER_ACCOUNT", "000000000000",
            matching("\\d{12}", "a 12-digit account id"), "account of requests whose access key id is not 12 digits");
    static final Setting<Duration> SETTLE_DELAY = option("settleDelay", "--settle-delay-ms",
            "BRIDGEKEEPER_SETTLE_DELAY_MS", "1000", millis(0, 3_600_000),
            "how long `DELETING` and `DEAUTHORIZING` last before the connection is gone / `DEAUTHORIZED` "
                    + "(AWS takes about a second)");
    static final Setting<Integer> MAX_CONNECTIONS = option("maxConnections", "--max-connections",
            "BRIDGEKEEPER_MAX_CONNECTIONS", "3000", wholeNumber(1, Integer.MAX_VALUE),
            "connections per account and region (AWS's default quota)");
    static final Setting<Integer> MAX_BODY_BYTES = option("maxBodyBytes", "--max-body-bytes",
            "BRIDGEKEEPER_MAX_BODY_BYTES", "1048576", wholeNumber(1024, 64 * 1024 * 1024),
            "largest request body; larger ones get HTTP 413 `RequestEntityTooLargeException`");
    static final Setting<Integer> MAX_OPEN_CONNECTIONS = option("maxOpenConnections", "--max-open-connections",
            "BRIDGEKEEPER_MAX_OPEN_CONNECTIONS", "2048", wholeNumber(16, 1_000_000),
            "client connections open at once, idle keep-alive ones included; one more is closed as soon as it is "
                    + "accepted, so that a flood of sockets (slowloris) costs a bounded amount of memory. Read once per "
                    + "process (the JDK server's `jdk.httpserver.maxConnections`)");
    static final Setting<Duration> REQUEST_READ_TIMEOUT = option("requestReadTimeout", "--request-read-timeout-ms",
            "BRIDGEKEEPER_REQUEST_READ_TIMEOUT_MS", "10000", millis(1000, 600_000),
            "how long a client may take to send a whole request (headers and body), and to start one on a new "
                    + "connection; a slower one is disconnected (slowloris). Counted in whole seconds, rounded up, and "
                    + "read once per process (the JDK server's `sun.net.httpserver.maxReqTime`)");
    static final Setting<String> LOG_LEVEL = option("logLevel", "--log-level", "BRIDGEKEEPER_LOG_LEVEL", "info",
            oneOf("error", "warn", "info", "debug"),
            "`error`, `warn`, `info` or `debug` (debug logs every request: id, operation, status, time; never a body)");
    static final Setting<Boolean> ALLOW_HTTP_ENDPOINTS = Setting.switchOption("allowHttpEndpoints",
            "--allow-http-endpoints", "BRIDGEKEEPER_ALLOW_HTTP_ENDPOINTS",
            "also allow `http://` authorization, API destination and invocation endpoints; AWS allows only HTTPS, "
                    + "so this is for local testing. A switch: no value on the command line, `true`/`false` in the "
                    + "variable");
    static final Setting<Duration> OUTBOUND_TIMEOUT = option("outboundTimeout", "--outbound-timeout-ms",
            "BRIDGEKEEPER_OUTBOUND_TIMEOUT_MS", "5000", millis(100, 600_000),
            "deadline of every outbound call, such as an OAuth token request (AWS: 5 s)");
    static final Setting<Integer> AUTHORIZATION_ATTEMPTS = option("authorizationAttempts", "--authorization-attempts",
            "BRIDGEKEEPER_AUTHORIZATION_ATTEMPTS", "3", wholeNumber(1, 100),
            "token requests for an `AUTHORIZING` connection before an unreachable or failing (5xx, timeout) "
                    + "endpoint de-authorizes it");
    static final Setting<Duration> AUTHORIZATION_RETRY_DELAY = option("authorizationRetryDelay",
            "--authorization-retry-delay-ms", "BRIDGEKEEPER_AUTHORIZATION_RETRY_DELAY_MS", "2000", millis(0, 3_600_000),
            "wait before the second token request; then twice, three times as long");
    static final Setting<Path> RESOURCE_CONFIGURATIONS = option("resourceConfigurations", "--resource-configurations",
            "BRIDGEKEEPER_RESOURCE_CONFIGURATIONS", "", readableFile(),
            "JSON file mapping VPC Lattice resource configuration ARNs to `\"host:port\"`, for private connectivity");
    static final Setting<Integer> MAX_PRIVATE_CONNECTIONS = option("maxPrivateConnections",
            "--max-private-connections", "BRIDGEKEEPER_MAX_PRIVATE_CONNECTIONS", "20", wholeNumber(0, Integer.MAX_VALUE),
            "private connections per account and region (AWS's quota)");
    static final Setting<Integer> MAX_API_DESTINATIONS = option("maxApiDestinations", "--max-api-destinations",
            "BRIDGEKEEPER_MAX_API_DESTINATIONS", "3000", wholeNumber(1, Integer.MAX_VALUE),
            "API destinations per account and region (AWS's default quota)");
    static final Setting<Path> CA_BUNDLE = option("caBundle", "--ca-bundle", "BRIDGEKEEPER_CA_BUNDLE", "",
            readableFile(), "PEM certificates trusted for outbound HTTPS besides the JDK's public CAs (a local "
                    + "receiver's or authorization server's private CA)");
    static final Setting<Duration> RETRY_BASE_DELAY = option("retryBaseDelay", "--retry-base-delay-ms",
            "BRIDGEKEEPER_RETRY_BASE_DELAY_MS", "1000", millis(1, 3_600_000),
            "first wait before an event delivery is retried; doubled at each retry, with jitter");
    static final Setting<Duration> MAX_RETRY_DELAY = option("maxRetryDelay", "--max-retry-delay-ms",
            "BRIDGEKEEPER_MAX_RETRY_DELAY_MS", "300000", millis(1, 86_400_000),
            "longest wait between two attempts of a delivery (a `Retry-After` may ask for more)");
    static final Setting<Integer> DELIVERY_CONCURRENCY = option("deliveryConcurrency", "--delivery-concurrency",
            "BRIDGEKEEPER_DELIVERY_CONCURRENCY", "64", wholeNumber(1, 10_000),
            "event deliveries in flight at once, across all API destinations");
    static final Setting<Duration> SCHEDULE_MINUTE = option("scheduleMinute", "--schedule-minute-ms",
            "BRIDGEKEEPER_SCHEDULE_MINUTE_MS", "60000", millis(10, 3_600_000),
            "how long a minute of a `rate(...)` schedule lasts; shorter only for tests and demos");
    static final Setting<List<AddressRange>> EGRESS_ALLOW = option("egressAllow", "--egress-allow",
            "BRIDGEKEEPER_EGRESS_ALLOW", "", Config::addressRanges,
            "comma-separated CIDR ranges that outbound calls (token requests, invocations, TestInvoke) may reach "
                    + "although they are refused by default: loopback, private, carrier-grade NAT, link-local (metadata "
                    + "services), multicast, unspecified and reserved addresses, however a URL spells them and whatever "
                    + "a name resolves to; e.g. `127.0.0.0/8` for local receivers. The server's own address is never "
                    + "called; the addresses of `--resource-configurations` are not checked");

    static final Setting<java.util.Map<String, java.net.URI>> TARGET_ENDPOINTS = Setting.repeatable("targetEndpoints",
            "--target-endpoint", "BRIDGEKEEPER_TARGET_ENDPOINTS", "",
            Setting.endpoints(java.util.Set.of("sqs", "sns", "lambda", "kinesis", "firehose", "states", "logs", "*")),
            "where targets that are AWS services are delivered: `sqs=http://127.0.0.1:9324`, one flag per service "
                    + "(repeatable) or comma-separated in the variable (`sqs=...,lambda=...`); names as in ARNs: `sqs`, "
                    + "`sns`, `lambda`, `kinesis`, `firehose`, `states`, `logs`, or `*` for every service without "
                    + "its own (LocalStack, moto). Credentials: the AWS SDK's default chain (`AWS_ACCESS_KEY_ID`, "
                    + "a profile, ...). A delivery to a service without an endpoint goes to the dead letters");
    static final Setting<Boolean> SECRETS_API = option("secretsApi", "--secrets-api", "BRIDGEKEEPER_SECRETS_API", "on",
            text -> oneOf("on", "off").parse(text).equals("on"),
            "`on` or `off`: Secrets Manager's reads of connection secrets (`GetSecretValue`, ...) for "
                    + "the connection's own account. Without `--auth verify` anyone who reaches the port can read "
                    + "them this way: `off` for operators who never want it");
    // ---- observability (issue 16) ----------------------------------------------------------------
    static final Setting<Duration> DELIVERY_HISTORY_RETENTION = option("deliveryHistoryRetention",
            "--delivery-history-retention", "BRIDGEKEEPER_DELIVERY_HISTORY_RETENTION", "7d",
            Setting.period(Duration.ofDays(3650)),
            "how long the delivery history (`Bridgekeeper.ListDeliveries`: every attempt of every delivery) keeps a "
                    + "delivery after it was created (pending ones are kept until they settle); `7d`, `12h`, `30m`; "
                    + "`0` records no history");
    // ---- the delivery engine (issue 13) -----------------------------------------------------------
    static final Setting<Integer> MAX_PENDING_DELIVERIES = option("maxPendingDeliveries", "--max-pending-deliveries",
            "BRIDGEKEEPER_MAX_PENDING_DELIVERIES", "1000000", wholeNumber(1, Integer.MAX_VALUE),
            "pending deliveries over which PutEvents answers `ThrottlingException` until the backlog drains (clients "
                    + "retry it). Pending deliveries stay on disk, not in memory, so this is sized for the disk: a "
                    + "million typical events of a few KB take a few GB");
    static final Setting<Duration> DEAD_LETTER_RETENTION = option("deadLetterRetention", "--dead-letter-retention",
            "BRIDGEKEEPER_DEAD_LETTER_RETENTION", "14d", Setting.period(Duration.ofDays(3650)),
            "how long a dead letter is kept after it failed (like an SQS dead-letter queue's longest retention); "
                    + "`14d`, `12h`, `30m`; `0` keeps them until redriven");
    static final Setting<String> METRICS = option("metrics", "--metrics", "BRIDGEKEEPER_METRICS", "on",
            oneOf("on", "off"), "`on`: `GET /metrics` answers in the Prometheus text format, open like `/health` "
                    + "unless `BRIDGEKEEPER_METRICS_TOKEN` is set; `off`: no metrics are kept and `/metrics` is 404");
    static final Setting<String> LOG_FORMAT = option("logFormat", "--log-format", "BRIDGEKEEPER_LOG_FORMAT", "text",
            oneOf("text", "json"), "`text` (one line per record) or `json` (one JSON object per line, for log "
                    + "shippers: `time`, `level`, `logger`, `message`, `error`)");
    static final Setting<String> CONSOLE = option("console", "--console", "BRIDGEKEEPER_CONSOLE", "on",
            oneOf("on", "off"), "`on`: the web console at `/console/` (its calls are signed API calls, "
                    + "authorized as any client's); `off`: `/console/` is 404");

    static final Setting<MasterKey> MASTER_KEY = Setting.secret("masterKey", "BRIDGEKEEPER_MASTER_KEY",
            MasterKey::parse, "base64 of 32 random bytes: the master key, instead of the key ring file (nodes that "
                    + "share a database share it). Not a flag, so that it never shows in a process list");
    static final Setting<String> DATABASE_PASSWORD = Setting.secret("databasePassword",
            "BRIDGEKEEPER_DATABASE_PASSWORD", Setting.text(), "the PostgreSQL password, instead of the URL's `password`. "
                    + "Not a flag, so that it never shows in a process list");
    static final Setting<String> METRICS_TOKEN = Setting.secret("metricsToken", "BRIDGEKEEPER_METRICS_TOKEN",
            Setting.text(), "when set, `GET /metrics` requires `Authorization: Bearer <token>` (Prometheus: "
                    + "`authorization: {credentials_file: ...}`). Not a flag, so that it never shows in a process list");
    static final Setting<Void> JAVA_OPTS = Setting.launcher("BRIDGEKEEPER_JAVA_OPTS",
            "extra JVM options for the server, which the launcher (`./bridgekeeper`) adds after its own, so they "
                    + "override them (the heap is capped at 256 MB: `-Xmx256m`)");

    /** Every row, in the order of {@code --help} and the README. */
    static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, AUTH, CREDENTIALS_FILE, ALLOWED_HOSTS, TLS_CERT,
            TLS_KEY, AUDIT_LOG, DATA_DIR, DATABASE_URL, DATABASE_USER, DATABASE_POOL_SIZE, REGION, ACCOUNT, SETTLE_DELAY,
            MAX_CONNECTIONS, MAX_BODY_BYTES, MAX_OPEN_CONNECTIONS, REQUEST_READ_TIMEOUT, LOG_LEVEL, ALLOW_HTTP_ENDPOINTS, OUTBOUND_TIMEOUT, AUTHORIZATION_ATTEMPTS,
            AUTHORIZATION_RETRY_DELAY, RESOURCE_CONFIGURATIONS, MAX_PRIVATE_CONNECTIONS, MAX_API_DESTINATIONS,
            CA_BUNDLE, RETRY_BASE_DELAY, MAX_RETRY_DELAY, DELIVERY_CONCURRENCY, SCHEDULE_MINUTE, EGRESS_ALLOW, TARGET_ENDPOINTS,
            SECRETS_API, DELIVERY_HISTORY_RETENTION, MAX_PENDING_DELIVERIES, DEAD_LETTER_RETENTION, METRICS, LOG_FORMAT,
            CONSOLE, MASTER_KEY, DATABASE_PASSWORD, METRICS_TOKEN, JAVA_OPTS);

    /** Each parsed row's value; null for a setting that is unset. */
    private final Map<Setting<?>, Object> values;

    private Config(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    /** Parses {@code args} (after the {@code server} subcommand) over {@code env}. */
    public static Config parse(List<String> args, Map<String, String> env) {
        Map<Setting<?>, String> flags = new HashMap<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            int equals = arg.indexOf('=');
            String name = equals >= 0 ? arg.substring(0, equals) : arg;
            Setting<?> setting = SETTINGS.stream().filter(s -> name.equals(s.flag())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown option " + name + " (see --help)"));
            if (setting.kind() == Setting.Kind.REPEATABLE && flags.containsKey(setting)) {
                String value = equals >= 0 ? arg.substring(equals + 1) : rest.isEmpty() ? null : rest.removeFirst();
                if (value == null) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                flags.merge(setting, value, (a, b) -> a + "," + b);
            } else if (equals >= 0) {
                flags.put(setting, arg.substring(equals + 1));
            } else if (setting.kind() == Setting.Kind.SWITCH) {
                flags.put(setting, "true");
            } else if (rest.isEmpty()) {
                throw new IllegalArgumentException(name + " needs a value");
            } else {
                flags.put(setting, rest.removeFirst());
            }
        }
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : SETTINGS) {
            if (setting.kind() == Setting.Kind.LAUNCHER) {
                continue;
            }
            String fromEnv = env.get(setting.env());
            if (flags.containsKey(setting)) {
                values.put(setting, setting.parse(flags.get(setting), setting.flag()));
            } else if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(setting, setting.parse(fromEnv.trim(), setting.env()));
            } else {
                values.put(setting, setting.parse(setting.defaultValue(), setting.flag()));
            }
        }
        return new Config(values);
    }

    /** The value of a row (null when it is unset). */
    @SuppressWarnings("unchecked") // each value was made by its row's parser
    <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting.env() + " is not read by the server");
        }
        return (T) values.get(setting);
    }

    public String host() {
        return get(HOST);
    }

    public int port() {
        return get(PORT);
    }

    public Path dataDir() {
        return get(DATA_DIR);
    }

    /**
     * The PostgreSQL database, with the user and password of their own settings when set (they
     * win over the URL's); null for SQLite in the data dir.
     */
    /** Each PostgreSQL pool's size (writes, reads). */
    public int databasePoolSize() {
        return get(DATABASE_POOL_SIZE);
    }

    public org.bridgekeeper.store.DatabaseUrl databaseUrl() {
        org.bridgekeeper.store.DatabaseUrl url = get(DATABASE_URL);
        if (url == null) {
            return null;
        }
        String user = get(DATABASE_USER);
        String password = get(DATABASE_PASSWORD);
        return new org.bridgekeeper.store.DatabaseUrl(url.url(), user != null ? user : url.user(),
                password != null ? password : url.password());
    }

    private static org.bridgekeeper.store.DatabaseUrl databaseUrl(String text) {
        try {
            return org.bridgekeeper.store.DatabaseUrl.parse(text, null, null);
        } catch (IllegalArgumentException e) {
            throw new Setting.Invalid(e.getMessage());
        }
    }

    public String region() {
        return get(REGION);
    }

    public String account() {
        return get(ACCOUNT);
    }

    public Duration settleDelay() {
        return get(SETTLE_DELAY);
    }

    public int maxConnections() {
        return get(MAX_CONNECTIONS);
    }

    public int maxBodyBytes() {
        return get(MAX_BODY_BYTES);
    }

    public int maxOpenConnections() {
        return get(MAX_OPEN_CONNECTIONS);
    }

    public Duration requestReadTimeout() {
        return get(REQUEST_READ_TIMEOUT);
    }

    /** One of error, warn, info, debug. */
    public String logLevel() {
        return get(LOG_LEVEL);
    }

    /** Null unless {@code BRIDGEKEEPER_MASTER_KEY} is set: the key ring file is used then. */
    public MasterKey masterKey() {
        return get(MASTER_KEY);
    }

    public boolean allowHttpEndpoints() {
        return get(ALLOW_HTTP_ENDPOINTS);
    }

    public Duration outboundTimeout() {
        return get(OUTBOUND_TIMEOUT);
    }

    public int authorizationAttempts() {
        return get(AUTHORIZATION_ATTEMPTS);
    }

    public Duration authorizationRetryDelay() {
        return get(AUTHORIZATION_RETRY_DELAY);
    }

    /** Null when unset. */
    public Path resourceConfigurations() {
        return get(RESOURCE_CONFIGURATIONS);
    }

    public int maxPrivateConnections() {
        return get(MAX_PRIVATE_CONNECTIONS);
    }

    public int maxApiDestinations() {
        return get(MAX_API_DESTINATIONS);
    }

    /** Null when unset. */
    public Path caBundle() {
        return get(CA_BUNDLE);
    }

    public Duration retryBaseDelay() {
        return get(RETRY_BASE_DELAY);
    }

    public Duration maxRetryDelay() {
        return get(MAX_RETRY_DELAY);
    }

    public int deliveryConcurrency() {
        return get(DELIVERY_CONCURRENCY);
    }

    public Duration scheduleMinute() {
        return get(SCHEDULE_MINUTE);
    }

    /** The ranges outbound calls may reach besides public addresses; empty when unset. */
    public List<AddressRange> egressAllow() {
        List<AddressRange> ranges = get(EGRESS_ALLOW);
        return ranges == null ? List.of() : ranges;
    }

    private static List<AddressRange> addressRanges(String text) {
        try {
            return AddressRange.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new Setting.Invalid("CIDR ranges such as 127.0.0.0/8,fd00::/8 (" + e.getMessage() + ")");
        }
    }

    /** Service name (or {@code *}) to the endpoint its targets are delivered to; empty when none is set. */
    public java.util.Map<String, java.net.URI> targetEndpoints() {
        java.util.Map<String, java.net.URI> value = get(TARGET_ENDPOINTS);
        return value == null ? java.util.Map.of() : value;
    }

    /** {@code auto}, {@code verify} or {@code off}. */
    public String auth() {
        return get(AUTH);
    }

    /** Null when unset. */
    public Path credentialsFile() {
        return get(CREDENTIALS_FILE);
    }

    /** Comma-separated; null when unset. */
    public String allowedHosts() {
        return get(ALLOWED_HOSTS);
    }

    /** Null when unset. */
    public Path tlsCert() {
        return get(TLS_CERT);
    }

    /** Null when unset. */
    public Path tlsKey() {
        return get(TLS_KEY);
    }

    /** {@code audit.log} in the data dir unless set. */
    public Path auditLog() {
        Path set = get(AUDIT_LOG);
        return set != null ? set : dataDir().resolve("audit.log");
    }

    /** Whether Secrets Manager's reads of connection secrets are served. */
    public boolean secretsApi() {
        return get(SECRETS_API);
    }

    /** Zero when no history is kept. */
    public Duration deliveryHistoryRetention() {
        return get(DELIVERY_HISTORY_RETENTION);
    }

    public int maxPendingDeliveries() {
        return get(MAX_PENDING_DELIVERIES);
    }

    /** Zero: dead letters are kept until redriven. */
    public Duration deadLetterRetention() {
        return get(DEAD_LETTER_RETENTION);
    }

    public boolean metrics() {
        return get(METRICS).equals("on");
    }

    /** Null unless {@code BRIDGEKEEPER_METRICS_TOKEN} is set. */
    public String metricsToken() {
        return get(METRICS_TOKEN);
    }

    /** text or json. */
    public String logFormat() {
        return get(LOG_FORMAT);
    }

    public boolean console() {
        return get(CONSOLE).equals("on");
    }

    /** Every setting the server read; a secret shows only whether it is set. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "Config[", "]");
        for (Setting<?> setting : SETTINGS) {
            if (values.containsKey(setting)) {
                Object value = values.get(setting);
                out.add(setting.name() + "=" + (setting.kind() != Setting.Kind.SECRET ? value
                        : value == null ? "unset" : "set"));
            }
        }
        return out.toString();
    }

    /** The text of {@code bridgekeeper server --help}. */
    static String usage() {
        return ConfigTable.help(SETTINGS);
    }
}
