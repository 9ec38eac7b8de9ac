package org.bridgekeeper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.bridgekeeper.common.Scheduler;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bridgekeeper.api.AuditLog;
import org.bridgekeeper.api.Authentication;
import org.bridgekeeper.api.HttpApi;
import org.bridgekeeper.api.ServerTls;
import org.bridgekeeper.delivery.ApiDestinationSender;
import org.bridgekeeper.delivery.DeadLetters;
import org.bridgekeeper.delivery.Deliverer;
import org.bridgekeeper.delivery.TargetSenders;
import org.bridgekeeper.rules.EventBusTargets;
import org.bridgekeeper.targets.ServiceTargets;
import org.bridgekeeper.delivery.Deliveries;
import org.bridgekeeper.delivery.DeliveryObserver;
import org.bridgekeeper.api.WebPages;
import org.bridgekeeper.observe.ConnectionLog;
import org.bridgekeeper.observe.DeliveryLog;
import org.bridgekeeper.observe.Metrics;
import org.bridgekeeper.observe.Observers;
import org.bridgekeeper.connections.Connections;
import org.bridgekeeper.rules.ConnectionEvents;
import org.bridgekeeper.rules.EventService;
import org.bridgekeeper.rules.PatternIndex;
import org.bridgekeeper.rules.RuleService;
import org.bridgekeeper.rules.Schedules;
import org.bridgekeeper.invoke.EgressPolicy;
import org.bridgekeeper.invoke.Invoker;
import org.bridgekeeper.invoke.Outbound;
import org.bridgekeeper.invoke.TrustedCertificates;
import org.bridgekeeper.destinations.ApiDestinationService;
import org.bridgekeeper.keys.KeyService;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.connections.OAuthTokens;
import org.bridgekeeper.connections.TokenExchange;
import org.bridgekeeper.invoke.HttpTokenExchange;
import org.bridgekeeper.invoke.ResourceConfigurations;
import org.bridgekeeper.secrets.Envelope;
import org.bridgekeeper.secrets.KeyRing;
import org.bridgekeeper.secrets.SealedPageTokens;
import org.bridgekeeper.secrets.Refusal;
import org.bridgekeeper.store.DataDir;
import org.bridgekeeper.store.Database;
import org.bridgekeeper.delivery.DeliveryStore;
import org.bridgekeeper.rules.RuleStore;

/** Starts Bridgekeeper: {@code bridgekeeper server [options]}. Wiring by hand, in one place. */
public final class Main implements AutoCloseable {

    static {
        Logging.install(); // before the first logger below: it chooses the log manager
    }

    private static final System.Logger LOG = System.getLogger("bridgekeeper");
    /** How often the delivery history forgets what is older than its retention. */
    static final Duration HISTORY_PURGE_PERIOD = Duration.ofMinutes(10);
    /**
     * How often the delivery engine reads the table for work it was not told of (due retries, other
     * nodes' enqueues, expired leases); this node's own enqueues wake it at once.
     */
    static final Duration DELIVERY_POLL = Duration.ofMillis(500);

    /** What {@code ./bridgekeeper}, {@code ./bridgekeeper --help} and {@code ./bridgekeeper help} print. */
    static final String OVERVIEW = """
            Bridgekeeper: a self-hosted, wire-compatible Amazon EventBridge for connections, API
            destinations, buses, rules and PutEvents (with the KMS keys, STS identity and Secrets Manager
            reads around them), and an AWS CLI-compatible client for it. AWS's CLI, SDKs and Terraform
            work against the server unchanged with --endpoint-url.

            Usage: bridgekeeper <command> [options]

            Commands:
              server               start the service on http://127.0.0.1:4750 (data in ./data);
                                   bridgekeeper server --help lists its options
              events <command>     the AWS CLI-compatible client for EventBridge, as `aws events`
                                   (bridgekeeper events help; bridgekeeper events <command> help)
              extensions <command> Bridgekeeper's own operations: dead letters, test invocations
                                   (bridgekeeper extensions help)
              rotate-master-key    a new master key, every secret rewrapped (server stopped);
                                   bridgekeeper rotate-master-key --help

            The client talks to the local server (http://localhost:4750) unless --endpoint-url, or
            AWS_ENDPOINT_URL_EVENTBRIDGE / AWS_ENDPOINT_URL, says otherwise. More: README.md, docs/cli.md.
            """;

    private final Database database;
    private final HttpApi api;
    private final Scheduler time;
    private final ExecutorService background;
    private final OAuthTokens tokens;
    private final Deliverer deliverer;
    private final ExecutorService notifier;
    private final DeliveryStore deliveries;
    private final Outbound outbound;
    private final DataDir dataDir;
    private final org.bridgekeeper.nodes.Nodes nodes;

    private Main(Database database, HttpApi api, Scheduler time, ExecutorService background,
                 OAuthTokens tokens, Deliverer deliverer, ExecutorService notifier, DeliveryStore deliveries,
                 DataDir dataDir, Outbound outbound, org.bridgekeeper.nodes.Nodes nodes) {
        this.nodes = nodes;
        this.dataDir = dataDir;
        this.outbound = outbound;
        this.deliveries = deliveries;
        this.deliverer = deliverer;
        this.notifier = notifier;
        this.database = database;
        this.api = api;
        this.time = time;
        this.background = background;
        this.tokens = tokens;
    }

    /** This node among those sharing the database: its id, the live count, its share of a rate (issue 13). */
    public org.bridgekeeper.nodes.Nodes nodes() {
        return nodes;
    }

    /** The token service the invoker uses (and tests drive directly). */
    public OAuthTokens tokens() {
        return tokens;
    }

    /**
     * The deliveries not yet delivered nor dead (in flight included: a row goes only after its
     * outcome is recorded), for tests that wait until nothing more can be sent.
     */
    public List<org.bridgekeeper.delivery.Delivery> pendingDeliveries() {
        return deliveries.pending(PENDING_SHOWN);
    }

    /** At most this many of {@link #pendingDeliveries()}: the backlog itself stays on disk. */
    static final int PENDING_SHOWN = 1000;

    /** The delivery engine (its {@code running()} is for {@code /health}). */
    public Deliverer deliverer() {
        return deliverer;
    }

    /**
     * Opens the storage and starts serving; the caller closes it to stop, which closes
     * {@code time} too (the server's timer; tests pass a clock they move by hand).
     */
    /** Who may call, over what, on which address: settled before the data dir is touched, so that a refusal leaves nothing behind. */
    private record Access(InetSocketAddress address, Authentication authentication, javax.net.ssl.SSLContext tls) {}

    public static Main start(Config config, Scheduler time) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--host " + config.host() + " does not resolve to an address");
        }
        Access access = new Access(address, Authentication.configure(config.auth(), config.credentialsFile(),
                config.allowedHosts(), address.getAddress(), new Scope(config.account(), config.region()), time.clock()),
                config.tlsCert() == null && config.tlsKey() == null ? null
                        : ServerTls.context(config.tlsCert(), config.tlsKey(), time.clock()));
        org.bridgekeeper.store.DatabaseUrl shared = config.databaseUrl();
        if (shared != null && config.masterKey() == null) {
            // Before anything is opened: nodes sharing a database must share its master key.
            throw KeyRing.refuseWithoutMasterKey(shared.toString());
        }
        // Then the data dir: one process per data dir, before anything in it is read or made.
        DataDir dataDir = DataDir.lock(config.dataDir(), DataDir.Role.SERVER);
        Database database = null;
        try {
            database = shared == null ? Database.open(dataDir, 4) : Database.open(shared, config.databasePoolSize(), config.databasePoolSize());
            // Refuses (Refusal) rather than start with a key ring that cannot open what is stored.
            KeyRing keys = shared == null
                    ? KeyRing.forDatabase(dataDir.path(), config.masterKey(), database.sealedKeys())
                    : KeyRing.forSharedDatabase(shared.toString(), config.masterKey(), database.sealedKeys());
            return start(config, time, access, dataDir, database, keys);
        } catch (IOException | RuntimeException | Error e) {
            if (database != null) {
                database.close();
            }
            dataDir.close();
            throw e;
        }
    }

    private static Main start(Config config, Scheduler time, Access access, DataDir dataDir, Database database,
                              KeyRing keys)
            throws IOException {
        Clock clock = time.clock();
        KeyService customerKeys = new KeyService(database.keys(), new Envelope(keys), clock, Ids.secureRandom());
        // Connection state changes become events on the default bus, in order; the listener is set
        // once the event service (which needs the connections, through the invoker) exists.
        ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bridgekeeper-connection-events");
            t.setDaemon(true);
            return t;
        });
        // ---- several nodes (issue 13): this node registers and heartbeats; its id holds its leases -----
        // Alone: the embedded SQLite database is this process's (the data dir's lock), so what a killed
        // process left in the registry and its leases is dropped at once; a shared database's are
        // other nodes', which expire on their own.
        org.bridgekeeper.nodes.Nodes nodes = org.bridgekeeper.nodes.Nodes.register(database.nodes(), time,
                Ids.secureRandom(), config.host() + ":" + config.port(), !database.shared());
        Connections door = new Connections(database.connections(new Envelope(keys, customerKeys)), time,
                notifier, nodes.id());
        // ---- end of several nodes ---------------------------------------------------------------------
        ResourceConfigurations network = config.resourceConfigurations() == null
                ? ResourceConfigurations.none(config.outboundTimeout())
                : ResourceConfigurations.load(config.resourceConfigurations(), config.outboundTimeout());
        // A bad bundle fails the start; without one, the JDK's default context is loaded on first use.
        javax.net.ssl.SSLContext bundled = config.caBundle() == null ? null : TrustedCertificates.context(config.caBundle());
        // Every outbound call goes through one egress policy, to the address it checked.
        EgressPolicy egress = EgressPolicy.of(config.egressAllow());
        Outbound outbound = new Outbound(egress, config.outboundTimeout(),
                () -> bundled != null ? bundled : TrustedCertificates.context(null));
        TokenExchange exchange = new HttpTokenExchange(outbound,
                config.outboundTimeout(), config.allowHttpEndpoints(), network, clock);
        // ---- observability (issue 16): metrics (a no-op when off), token requests counted ---------
        Metrics metrics = config.metrics() ? new Metrics(database.counts(), clock) : null;
        if (metrics != null) {
            exchange = metrics.counting(exchange);
        }
        // ---- end of observability -------------------------------------------------------------------
        ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
        ConnectionService connections = new ConnectionService(door, new SealedPageTokens(keys), exchange, network,
                customerKeys, background, time, Ids.secureRandom(), new ConnectionService.Settings(config.settleDelay(), config.maxConnections(),
                        config.maxPrivateConnections(), config.authorizationAttempts(), config.authorizationRetryDelay()));
        // Several nodes (issue 13): one token request per refresh across nodes, under a lease that
        // outlasts a token request (its deadline) with room to spare.
        OAuthTokens tokens = new OAuthTokens(door, exchange, time,
                config.outboundTimeout().multipliedBy(2).plusSeconds(5));
        ApiDestinationService destinations = new ApiDestinationService(database.apiDestinations(),
                connections, new SealedPageTokens(keys), clock, Ids.secureRandom(),
                new ApiDestinationService.Settings(config.maxApiDestinations(), 300, config.allowHttpEndpoints()));
        Invoker invoker = new Invoker(connections, tokens, network, outbound,
                config.outboundTimeout(), config.allowHttpEndpoints(), clock, nodes.rateShare()); // the rate: this node's share
        // ---- observability (issue 16): the delivery history, metrics, the delivery log -------------
        boolean history = !config.deliveryHistoryRetention().isZero();
        DeliveryStore deliveryStore = database.deliveries(history);
        DeliveryObserver observer = metrics == null ? new DeliveryLog()
                : new Observers(List.of(new DeliveryLog(), metrics));
        // ---- end of observability -------------------------------------------------------------------
        // Each delivery goes to the sender of its target's type; event buses need the event service, made below.
        java.util.concurrent.atomic.AtomicReference<Deliverer.Sender> eventBuses = new java.util.concurrent.atomic.AtomicReference<>();
        Deliverer.Sender senders = new TargetSenders(new ApiDestinationSender(destinations, invoker),
                d -> eventBuses.get().send(d), new ServiceTargets(config.targetEndpoints(), config.outboundTimeout()));
        // A lease outlasts any attempt: the token request (up to the outbound deadline), the call, one
        // refresh after a 401 and its retry (each up to the deadline), and the outcome's write (10 s);
        // shorter, and a slow attempt still running would be repeated by the next claim. Not much longer
        // either: it is how long a dead node's deliveries wait for another node.
        Duration lease = config.outboundTimeout().multipliedBy(4).plusSeconds(10);
        Deliverer deliverer = new Deliverer(deliveryStore, senders, time,
                new Deliverer.Settings(config.retryBaseDelay(), config.maxRetryDelay(), config.deliveryConcurrency(),
                        lease, DELIVERY_POLL, config.maxPendingDeliveries()),
                observer, nodes.id());
        RuleStore ruleStore = database.rules();
        PatternIndex patterns = new PatternIndex(ruleStore);
        RuleService rules = new RuleService(ruleStore, patterns, new SealedPageTokens(keys), clock, RuleService.Settings.AWS);
        EventService events = new EventService(rules, patterns, deliveryStore, deliverer, clock, Ids.secureRandom());
        eventBuses.set(new EventBusTargets(events, rules)::send);
        door.listen(ConnectionLog.both(new ConnectionEvents(events), new ConnectionLog()));
        Schedules schedules = new Schedules(ruleStore, events, clock, config.scheduleMinute(), database.schedules());
        DeadLetters deadLetters = new DeadLetters(deliveryStore, deliverer, new SealedPageTokens(keys), clock);
        // Archives: told of every event that arrives on a bus; replays run on the scheduler, resumed at start.
        org.bridgekeeper.archives.ArchiveService archives = new org.bridgekeeper.archives.ArchiveService(
                database.archives(), rules, events, new SealedPageTokens(keys), time, Ids.secureRandom());
        events.archiveTo(archives);
        time.every(Duration.ofHours(1), archives::purge);
        Deliveries deliveries = new Deliveries(database.deliveryHistory(), deliveryStore, deliverer,
                new SealedPageTokens(keys), clock, observer);
        if (history) {
            time.every(HISTORY_PURGE_PERIOD, () -> background.execute(() -> deliveries.purge(config.deliveryHistoryRetention())));
        }
        if (!config.deadLetterRetention().isZero()) {
            time.every(HISTORY_PURGE_PERIOD, () -> background.execute(() -> deadLetters.purgeDeadLetters(
                    config.deadLetterRetention())));
        }
        HttpApi api = HttpApi.of(new HttpApi.Backends(connections, destinations, rules, events, customerKeys, invoker,
                        deadLetters, archives, config.secretsApi(), deliveries),
                new HttpApi.Limits(config.maxBodyBytes(), config.maxOpenConnections(), config.requestReadTimeout()),
                access.address(),
                new HttpApi.Security(access.authentication(), AuditLog.open(config.auditLog()), access.tls(), clock));
        api.serving(new WebPages(metrics == null ? null : metrics::scrape, Metrics.contentType(), config.metricsToken(),
                config.console()), metrics == null ? (operation, outcome, nanos) -> { } : metrics::request);
        api.checking(new org.bridgekeeper.api.Health(List.of(
                new org.bridgekeeper.api.Health.Check("database", database::health),
                deliveryEngineHealth(deliverer))));
        // Readers already see settled transitions (Connection.at); this writes them down, each reported
        // by the one write (of this node or another) that settles it.
        time.every(Duration.ofSeconds(1), connections::settle);
        // Several nodes (issue 13): authorizations a dead node left (its lease expired) are resumed here.
        time.every(Duration.ofSeconds(10), connections::resumeAuthorizations);
        time.every(Duration.ofMillis(Math.min(1000, config.scheduleMinute().toMillis() / 4)), schedules::tick);
        api.start();
        egress.listening(new InetSocketAddress(config.host(), api.port())); // before any call is made
        connections.resumeAuthorizations();
        // Alone on the database (the embedded one, behind the data dir's lock): any delivery lease is a
        // killed process's, so its deliveries are attempted now rather than when the lease expires.
        // A shared database's leases are other nodes': they expire on their own.
        if (!database.shared()) {
            deliveryStore.releaseAll();
        }
        deliverer.start();
        archives.resume();
        return new Main(database, api, time, background, tokens, deliverer, notifier, deliveryStore, dataDir, outbound,
                nodes);
    }

    public int port() {
        return api.port();
    }

    /** /health's check of the delivery engine: its claim loop runs. */
    static org.bridgekeeper.api.Health.Check deliveryEngineHealth(Deliverer deliverer) {
        return new org.bridgekeeper.api.Health.Check("delivery engine", () -> deliverer.running()
                ? java.util.Optional.empty() : java.util.Optional.of("the delivery engine has stopped"));
    }

    /** The database, for tests that make it fail (a full disk, a stopped writer). */
    Database database() {
        return database;
    }

    @Override
    public void close() {
        LOG.log(System.Logger.Level.INFO, "Bridgekeeper stopping");
        api.close();
        notifier.shutdownNow();
        deliverer.close();
        time.close();
        background.shutdownNow();
        outbound.close();
        nodes.close(); // several nodes (issue 13): leave the registry, let go of this node's leases
        database.close();
        dataDir.close(); // last: the next holder finds the database closed
        LOG.log(System.Logger.Level.INFO, "Bridgekeeper stopped");
    }

    /** The jar's version (its manifest's Implementation-Version), or "(development)". */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development)" : v;
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        List<String> rest = Arrays.asList(args);
        if (rest.isEmpty()) {
            System.err.print(OVERVIEW);
            System.exit(2);
        }
        if (List.of("--help", "-h", "help").contains(rest.getFirst())) {
            System.out.print(OVERVIEW);
            return;
        }
        if (rest.getFirst().equals("rotate-master-key")) {
            if (rest.contains("--help") || rest.contains("-h")) {
                System.out.print(RotateMasterKey.USAGE);
                return;
            }
            System.exit(RotateMasterKey.run(rest.subList(1, rest.size())));
        }
        if (!rest.getFirst().equals("server")) {
            System.err.print("bridgekeeper: unknown command " + rest.getFirst() + "\n\n" + OVERVIEW);
            System.exit(2);
        }
        rest = rest.subList(1, rest.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.print(Config.usage());
            return;
        }
        Config config;
        try {
            config = Config.parse(rest, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bridgekeeper: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logging.configure(config.logLevel(), config.logFormat());
        LOG.log(System.Logger.Level.INFO, "Bridgekeeper " + version() + " starting (Java " + Runtime.version() + ")");
        if (config.metrics() && config.metricsToken() == null && !loopback(config.host())) {
            LOG.log(System.Logger.Level.WARNING, "GET /metrics is open to anyone who reaches " + config.host() + ":"
                    + config.port() + ": set BRIDGEKEEPER_METRICS_TOKEN, or --metrics off, if that is not intended");
        }
        try {
            Main main = start(config, Scheduler.system());
            Runtime.getRuntime().addShutdownHook(new Thread(main::close, "bridgekeeper-shutdown"));
            LOG.log(System.Logger.Level.INFO, "Bridgekeeper listening on " + main.api.scheme() + "://" + config.host()
                    + ":" + main.port() + " (data dir " + config.dataDir().toAbsolutePath().normalize() + ", region "
                    + config.region() + ", account " + config.account() + ", " + main.api.access() + ", audit log "
                    + config.auditLog().toAbsolutePath().normalize() + ")");
        } catch (Refusal e) {
            System.err.println("bridgekeeper: " + e.getMessage());
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            System.err.println("bridgekeeper: cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

}
