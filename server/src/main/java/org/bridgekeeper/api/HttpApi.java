package org.bridgekeeper.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.delivery.DeadLetters;
import org.bridgekeeper.destinations.ApiDestinationService;
import org.bridgekeeper.invoke.Invoker;
import org.bridgekeeper.keys.KeyService;
import org.bridgekeeper.rules.EventService;
import org.bridgekeeper.rules.RuleService;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.common.TraceContext;
import org.bridgekeeper.error.AwsException;
import org.bridgekeeper.error.AwsException.InternalException;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.model.ServiceModel;
import javax.net.ssl.SSLContext;

/**
 * The AWS JSON 1.1 endpoint: {@code POST /} with {@code X-Amz-Target: AWSEvents.<Operation>},
 * on the JDK's HTTP (or, with a TLS context, HTTPS) server with a virtual thread per request; a
 * form body without {@code X-Amz-Target} is STS's query protocol ({@link StsApi}), answered in XML.
 * This class is the one place where errors become their wire form: an {@link AwsException} is
 * answered with its code and message; anything else is logged with the request id and answered
 * as {@code InternalException}, without its message (which could say more than a client should
 * see).
 *
 * <p>Every request but {@code GET /health} is first checked by the {@link Authentication} (the
 * {@code Host}, then the signature over the body), before its target or body is looked at; a
 * call that changes state or sends a secret outward leaves one line in the {@link AuditLog},
 * on disk before a successful call is answered.
 */
public final class HttpApi implements AutoCloseable {

    /** One operation: the validated input in, the output tree (written through the output shape) out. */
    @FunctionalInterface
    interface Handler {
        JsonNode handle(Scope scope, JsonNode input);
    }

    /** A service on this endpoint: its model (whose target prefix routes to it) and its operations. */
    record Service(ServiceModel model, Map<String, Handler> handlers) {}

    /**
     * Who may call and what is recorded: the authentication mode, the audit trail (closed with
     * this endpoint), the TLS context (null for plain HTTP) and the server's clock.
     */
    public record Security(Authentication authentication, AuditLog audit, SSLContext tls, Clock clock) {}

    /**
     * What the wire serves: the domain's services, each behind its operations. {@code secretsApi}:
     * whether Secrets Manager's reads of connection secrets are served ({@code --secrets-api}).
     */
    public record Backends(ConnectionService connections, ApiDestinationService destinations, RuleService rules,
                           EventService events, KeyService keys, Invoker invoker, DeadLetters deadLetters,
                           org.bridgekeeper.archives.ArchiveService archives,
                           boolean secretsApi, org.bridgekeeper.delivery.Deliveries deliveries) {
        /** Without the delivery history's operations. */
        public Backends(ConnectionService connections, ApiDestinationService destinations, RuleService rules,
                        EventService events, KeyService keys, Invoker invoker, DeadLetters deadLetters,
                        org.bridgekeeper.archives.ArchiveService archives, boolean secretsApi) {
            this(connections, destinations, rules, events, keys, invoker, deadLetters, archives, secretsApi, null);
        }
    }

    /**
     * The API of EventBridge (connections, API destinations, buses, rules, events), KMS, Secrets
     * Manager (connection secrets), STS and Bridgekeeper's extensions on one address, for
     * {@code backends}; call {@link #start}.
     */
    public static HttpApi of(Backends backends, Limits limits, InetSocketAddress address, Security security)
            throws java.io.IOException {
        Map<String, Handler> events = new java.util.HashMap<>();
        events.putAll(new ConnectionsApi(backends.connections()).handlers());
        events.putAll(new ApiDestinationsApi(backends.destinations()).handlers());
        events.putAll(new RulesApi(backends.rules(), backends.events()).handlers());
        events.putAll(new ArchivesApi(backends.archives()).handlers());
        return new HttpApi(java.util.List.of(
                new Service(ServiceModel.events(), events),
                new Service(ServiceModel.kms(), new KmsApi(backends.keys()).handlers()),
                new Service(ServiceModel.secretsManager(),
                        new SecretsManagerApi(backends.connections(), backends.secretsApi()).handlers()),
                new Service(ServiceModel.extensions(),
                        extensions(backends))),
                limits, address, security);
    }

    private static Map<String, Handler> extensions(Backends backends) {
        Map<String, Handler> handlers = new java.util.HashMap<>(
                new ExtensionsApi(backends.destinations(), backends.invoker(), backends.deadLetters()).handlers());
        if (backends.deliveries() != null) {
            handlers.putAll(new DeliveriesApi(backends.deliveries()).handlers());
        }
        return handlers;
    }

    /**
     * What one client may cost: the largest request body, the client connections open at once
     * (idle keep-alive ones included) and how long a client may take to send a request. The last
     * two are the JDK server's, which reads them once per process, when its first server is made.
     */
    public record Limits(int maxBodyBytes, int maxOpenConnections, java.time.Duration requestReadTimeout) {}

    /** Headers of one request, in bytes (names and values): far above any AWS client's, far below the JDK's 380 KiB. */
    static final int MAX_HEADER_BYTES = 32 * 1024;

    /** A service with the validator and writer of its model. */
    private record Served(ServiceModel model, Map<String, Handler> handlers, Validator validator, OutputWriter output) {}

    /** The operation a request names. */
    private record Target(Served service, String operation) {}

    private static final System.Logger LOG = System.getLogger("bridgekeeper.api");
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Map<String, Served> services;
    private final Security security;
    private final StsApi sts = new StsApi(ServiceModel.sts());
    private final int maxBodyBytes;
    private final ObjectMapper json;
    private final JsonFactory factory;
    private final HttpServer server;
    private final ExecutorService executor;

    HttpApi(java.util.List<Service> services, Limits limits, InetSocketAddress address, Security security)
            throws IOException {
        java.util.Map<String, Served> byPrefix = new java.util.HashMap<>();
        for (Service s : services) {
            byPrefix.put(s.model().targetPrefix(), new Served(s.model(), Map.copyOf(s.handlers()),
                    new Validator(s.model()), new OutputWriter(s.model())));
        }
        this.services = Map.copyOf(byPrefix);
        this.security = security;
        this.maxBodyBytes = limits.maxBodyBytes();
        this.factory = JsonFactory.builder()
                // Deeply nested bodies fail fast as a SerializationException instead of exhausting the stack.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        this.json = new ObjectMapper(factory);
        // Without TCP_NODELAY, Nagle's algorithm meets the client's delayed ACK on every answer
        // larger than a segment: ~40 ms per ListConnections page (measured in bench/). The JDK
        // server reads this property once, when its first instance is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        limit(limits);
        // The JDK server keeps at most this many idle keep-alive connections and silently closes
        // any connection beyond them right after its answer (default 200). A client pooling more
        // connections than that then reuses a closed one and its next call fails ("Unexpected end
        // of file from server": DurabilityIT's 1,000 concurrent creates, now and then). Idle
        // connections still close after sun.net.httpserver.idleInterval (30 s).
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
        if (security.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(security.tls()));
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 1024);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
    }

    public void start() {
        server.start();
    }

    /**
     * The JDK server's own bounds against a flood of sockets (slowloris), set before its first
     * instance reads them (see {@code sun.net.httpserver.ServerConfig}): a connection beyond
     * {@code jdk.httpserver.maxConnections} is closed as soon as it is accepted; one that takes
     * longer than {@code sun.net.httpserver.maxReqTime} seconds to send its request (headers and
     * body) is closed, and so is a new one that sends nothing for as long (its idle check runs
     * every {@code sun.net.httpserver.clockTick} ms: one second instead of ten, so that such a
     * connection does not outlive the timeout by much); headers are bounded in size.
     */
    private static void limit(Limits limits) {
        System.setProperty("jdk.httpserver.maxConnections", Integer.toString(limits.maxOpenConnections()));
        long seconds = Math.max(1, (limits.requestReadTimeout().toMillis() + 999) / 1000);
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        System.setProperty("sun.net.httpserver.clockTick", "1000");
        System.setProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
    }

    // ---- observability (issue 16): /metrics, /console/, and each request's outcome --------------

    /** Hears each request's operation ("-" before one is known), outcome (success or the error code) and time. */
    @FunctionalInterface
    public interface RequestObserver {
        void answered(String operation, String outcome, long nanos);
    }

    private volatile WebPages pages;
    private volatile Health health = Health.none();

    /** What {@code /health} checks besides answering at all; call before {@link #start}. */
    public HttpApi checking(Health health) {
        this.health = health;
        return this;
    }

    private volatile RequestObserver observer = (operation, outcome, nanos) -> { };

    /** Serves {@code pages} beside the API; call before {@link #start}. */
    public HttpApi serving(WebPages pages, RequestObserver observer) {
        this.pages = pages;
        this.observer = observer;
        return this;
    }
    // ---- end of observability -------------------------------------------------------------------

    public int port() {
        return server.getAddress().getPort();
    }

    /** The authentication mode, in one phrase for the start-up line. */
    public String access() {
        return security.authentication().describe();
    }

    /** {@code https} with a TLS context, else {@code http}. */
    public String scheme() {
        return security.tls() != null ? "https" : "http";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        security.audit().close();
    }

    private void exchange(HttpExchange exchange) {
        String requestId = requestId();
        long started = System.nanoTime();
        String operation = "-";
        String outcome = "-";
        int status;
        try (exchange) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/health") && (method.equals("GET") || method.equals("HEAD"))) {
                Map<String, String> problems = health.problems();
                byte[] body = problems.isEmpty() ? HEALTHY
                        : json.writeValueAsBytes(json.createObjectNode().put("status", "unhealthy")
                                .set("problems", json.valueToTree(problems)));
                status = send(exchange, problems.isEmpty() ? 200 : 503, "application/json",
                        method.equals("HEAD") ? new byte[0] : body);
                return;
            }
            if (pages != null && WebPages.serves(path)) {
                // The console's files and /metrics: the Host check (DNS rebinding) as for the API's calls.
                try {
                    security.authentication().checkHost(exchange.getRequestHeaders());
                } catch (AwsException e) {
                    status = send(exchange, e.httpStatus(), "text/plain; charset=utf-8",
                            (e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return;
                }
                if (pages.serve(exchange, method, path)) {
                    return;
                }
            }
            Headers headers = exchange.getRequestHeaders();
            String audited = audited(headers.getFirst("X-Amz-Target"));
            // STS speaks the query protocol (a form body, no X-Amz-Target) and answers in XML, errors too.
            boolean query = StsApi.accepts(headers.getFirst("X-Amz-Target"), headers.getFirst("Content-Type"));
            Authentication.Caller caller = null;
            JsonNode input = null;
            JsonNode result = null;
            byte[] response;
            try {
                security.authentication().checkHost(headers);
                byte[] body = readBody(exchange);
                caller = security.authentication().authenticate(method, exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), headers, body);
                if (!method.equals("POST") || !path.equals("/")) {
                    throw Errors.notAnOperation(method, path);
                }
                if (query) {
                    operation = "GetCallerIdentity";
                    response = sts.answer(caller.scope(), body, requestId); // STS: the query protocol, in XML
                    status = 200;
                    outcome = "OK";
                } else {
                    Target target = targetOf(headers.getFirst("X-Amz-Target"));
                    operation = target.operation();
                    ServiceModel.Operation op = target.service().model().operation(operation).orElseThrow();
                    input = parse(body);
                    target.service().validator().validate(input, op.input());
                    Handler handler = target.service().handlers().get(operation);
                    Scope scope = caller.scope();
                    JsonNode validated = input;
                    // The request's W3C trace context, for the deliveries it causes (PutEvents).
                    result = TraceContext.with(headers.getFirst("traceparent"), () -> handler.handle(scope, validated));
                    response = write(target.service().output(), result, op.output());
                    status = 200;
                    outcome = "OK";
                }
            } catch (AwsException e) {
                status = e.httpStatus();
                outcome = e.code();
                response = query ? StsApi.error(e, requestId) : error(exchange, e);
            } catch (org.bridgekeeper.store.Database.StoreException e) {
                // The database refused (a full disk, a lost connection): one line without a stack,
                // since under a full disk every write fails alike; the client gets InternalException.
                LOG.log(Level.ERROR, "request " + requestId + " (" + operation + ") failed in the database: "
                        + e.getMessage());
                InternalException internal = Errors.internal(requestId);
                status = internal.httpStatus();
                outcome = internal.code();
                response = query ? StsApi.error(internal, requestId) : error(exchange, internal);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "request " + requestId + " (" + operation + ") failed", e);
                InternalException internal = Errors.internal(requestId);
                status = internal.httpStatus();
                outcome = internal.code();
                response = query ? StsApi.error(internal, requestId) : error(exchange, internal);
            }
            if (audited != null) {
                var written = security.audit().append(new AuditLog.Entry(security.clock().instant(), requestId,
                        caller != null ? caller.accessKeyId() : Authentication.claimedAccessKeyId(headers).orElse(null),
                        caller != null ? caller.scope().account() : null, caller != null ? caller.scope().region() : null,
                        audited, AuditLog.resource(audited, input, result), outcome,
                        exchange.getRemoteAddress().getAddress().getHostAddress()));
                if (status == 200) {
                    // A change is answered only once its line is on disk; a refusal need not wait.
                    try {
                        written.join();
                    } catch (CompletionException e) {
                        LOG.log(Level.ERROR, "request " + requestId + " (" + operation + ") succeeded, but its audit"
                                + " line could not be written; answered as an internal error");
                        InternalException internal = Errors.internal(requestId);
                        status = internal.httpStatus();
                        response = error(exchange, internal);
                    }
                }
            }
            send(exchange, status, query ? StsApi.CONTENT_TYPE : CONTENT_TYPE, response);
        } catch (IOException e) {
            // The client went away; nothing to answer.
            status = -1;
            outcome = "ClientGone";
        }
        observer.answered(operation, outcome.equals("OK") ? "success" : outcome, System.nanoTime() - started);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "request " + requestId + " " + operation + " -> " + status + " in "
                    + (System.nanoTime() - started) / 1_000 + " us");
        }
    }

    /**
     * The target, when it names an operation of a served model that may change state or send a
     * secret outward: every one but the reads ({@code Describe*}, {@code List*}, {@code Get*},
     * {@code TestEventPattern}), so that an operation added later is audited unless it is a read.
     */
    private String audited(String target) {
        if (target == null) {
            return null;
        }
        int dot = target.indexOf('.');
        Served service = dot < 0 ? null : services.get(target.substring(0, dot));
        if (service == null) {
            return null;
        }
        String operation = target.substring(dot + 1);
        if (service.model().operation(operation).isEmpty() || AuditLog.isRead(operation)) {
            return null;
        }
        return target;
    }

    /**
     * A random (version 4) UUID for the request. Not {@code UUID.randomUUID()}: its shared
     * SecureRandom serialises every request on one lock, and an id needs no cryptographic quality.
     */
    private static String requestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private Target targetOf(String target) {
        if (target == null || target.isBlank()) {
            throw Errors.missingTarget();
        }
        int dot = target.indexOf('.');
        Served service = dot < 0 ? null : services.get(target.substring(0, dot));
        String operation = dot < 0 ? null : target.substring(dot + 1);
        if (service == null || service.model().operation(operation).isEmpty()) {
            throw Errors.unknownOperation(target);
        }
        if (!service.handlers().containsKey(operation)) {
            throw Errors.operationNotBuilt(operation);
        }
        return new Target(service, operation);
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw Errors.contentLengthNotANumber();
            }
            if (length > maxBodyBytes) {
                // Read what the client is sending, when that is bounded, so that it can read our
                // answer; a larger declaration is answered at once and the connection closed.
                if (length <= DRAIN_LIMIT) {
                    try (InputStream in = exchange.getRequestBody()) {
                        in.skipNBytes(length);
                    } catch (IOException e) {
                        // the client gave up, or sent less than it declared; the answer may still reach it
                    }
                } else {
                    exchange.getResponseHeaders().set("Connection", "close");
                }
                throw Errors.bodyTooLarge(length, maxBodyBytes);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw Errors.bodyTooLarge(body.length, maxBodyBytes);
            }
            return body;
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode(); // as AWS: an empty body is an empty request
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input; the client gets a message of ours.
            throw Errors.bodyNotJson();
        } catch (IOException e) {
            throw Errors.bodyUnreadable();
        }
        if (node == null || node.isMissingNode()) {
            return json.createObjectNode();
        }
        if (!node.isObject()) {
            throw Errors.bodyNotObject();
        }
        return node;
    }

    private byte[] write(OutputWriter output, JsonNode result, String shape) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = factory.createGenerator(bytes)) {
            output.write(result == null ? json.createObjectNode() : result, shape, out);
        }
        return bytes.toByteArray();
    }

    private byte[] error(HttpExchange exchange, AwsException e) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", e.code());
        ObjectNode body = json.createObjectNode().put("__type", e.code());
        if (e.getMessage() != null) {
            body.put("message", e.getMessage());
        }
        return json.writeValueAsBytes(body);
    }

    private static int send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }
}
