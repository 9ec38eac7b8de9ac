package org.bridgekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bridgekeeper.cli.config.Settings;
import org.bridgekeeper.cli.http.HttpResult;
import org.bridgekeeper.cli.http.Transport;
import org.bridgekeeper.cli.http.TransportException;
import org.bridgekeeper.cli.model.Operation;
import org.bridgekeeper.cli.model.RequestSerializer;
import org.bridgekeeper.cli.model.ResponseShaper;
import org.bridgekeeper.cli.model.ServiceModel;
import org.bridgekeeper.cli.model.Shape;
import org.bridgekeeper.cli.py.JsonDecodeError;
import org.bridgekeeper.cli.py.Py;
import org.bridgekeeper.sigv4.Credentials;
import org.bridgekeeper.sigv4.SigV4;
import org.bridgekeeper.sigv4.Signature;

/**
 * Sends one operation as botocore does for an awsJson1_1 service: the body serialized in
 * parameter order, SigV4-signed ({@code content-type;host;x-amz-date;x-amz-target}), retried in
 * the standard mode (3 attempts; 5xx, throttling, timeouts and connection errors, full-jitter
 * backoff), the error parsed into {@code An error occurred (Code) when calling the X operation:
 * message}.
 */
final class Caller {

    private static final Set<String> RETRIED_CODES = Set.of("RequestTimeout", "RequestTimeoutException",
            "PriorRequestNotComplete", "Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
            "LimitExceededException", "RequestThrottled", "SlowDown", "EC2ThrottledException");
    private static final Set<Integer> RETRIED_STATUS = Set.of(500, 502, 503, 504);

    /** After aws-cli's text, when the call goes to the local Bridgekeeper by default: how to go on. */
    static final String LOCAL_CREDENTIALS_HINT = "\nFor the local Bridgekeeper (" + Settings.DEFAULT_ENDPOINT
            + ") any credentials do: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n(a 12-digit access key id is "
            + "the account, e.g. AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=x),\nor add --no-sign-request "
            + "(the server's default account).";

    private final ServiceModel model;
    private final Operation op;
    private final Settings settings;
    private final GlobalArgs globals;
    private final URI uri;
    /** The endpoint is the local Bridgekeeper by default (nothing configured one). */
    private final boolean localDefault;
    private final String region;
    private final Environment env;
    private final Clock clock;
    private final Debug debug;
    private final boolean wireTimestamps;
    private final Transport transport;
    private Credentials credentials;

    Caller(ServiceModel model, Operation op, Settings settings, GlobalArgs globals, Settings.Endpoint endpoint,
           String region, Environment env, Clock clock, Debug debug, boolean wireTimestamps) {
        this.model = model;
        this.op = op;
        this.settings = settings;
        this.globals = globals;
        this.uri = requestUri(endpoint.url());
        this.localDefault = !endpoint.configured();
        this.region = region;
        this.env = env;
        this.clock = clock;
        this.debug = debug;
        this.wireTimestamps = wireTimestamps;
        String ca = settings.caBundle(globals.caBundle());
        this.transport = new Transport(timeout(globals.connectTimeout()), timeout(globals.readTimeout()),
                globals.verifySsl(), ca == null ? null : env.workingDir().resolve(ca));
        debug.log("botocore.endpoint", "Setting " + model.endpointPrefix() + " timeout as ("
                + timeout(globals.connectTimeout()) + ", " + timeout(globals.readTimeout()) + ")");
    }

    private static int timeout(Integer seconds) {
        return seconds == null ? 60 : Math.max(0, seconds);
    }

    /** botocore sends {@code POST /} when the endpoint has no path, and keeps a path or query it has. */
    private static URI requestUri(String endpoint) {
        URI u = URI.create(endpoint);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + path
                + (u.getRawQuery() != null ? "?" + u.getRawQuery() : ""));
    }

    /** One call: the response shaped by the output model (timestamps as the CLI shows them). */
    JsonNode call(JsonNode params) {
        Shape input = model.shapeOrNull(op.input());
        byte[] body = RequestSerializer.body(model, input, params);
        Timing.mark("body");
        if (debug.on()) {
            debug.log("botocore.endpoint", "Making request for OperationModel(name=" + op.name() + ") with params: "
                    + Py.dumps(ResponseShaper.masked(model, input, params)));
        }
        int maxAttempts = settings.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            List<Map.Entry<String, String>> headers = headers(body);
            Outcome outcome;
            try {
                Timing.mark("signed");
                HttpResult result = transport.post(uri, headers, body);
                Timing.mark("http");
                outcome = outcome(result);
            } catch (TransportException e) {
                boolean retryable = e.kind() != TransportException.Kind.SSL;
                if (!retryable || attempt >= maxAttempts) {
                    throw new CliError(255, e.getMessage());
                }
                debug.log("botocore.retries.standard", "Retry needed, retrying request after delay");
                backoff(attempt);
                continue;
            }
            if (outcome.result() != null) {
                return outcome.result();
            }
            if (!outcome.retryable() || attempt >= maxAttempts) {
                String retryInfo = outcome.retryable() ? " (reached max retries: " + (attempt - 1) + ")" : "";
                debug.log("botocore.retries.standard", outcome.retryable() ? "Max attempts reached"
                        : "Not retrying request.");
                throw new CliError(254, "An error occurred (" + outcome.code() + ") when calling the " + op.name()
                        + " operation" + retryInfo + ": " + outcome.message());
            }
            debug.log("botocore.retries.standard", "Retry needed, retrying request after delay");
            backoff(attempt);
        }
    }

    /** Full jitter: {@code random() * min(2^(attempt-1), 20)} seconds before the next attempt. */
    private void backoff(int attempt) {
        double seconds = env.random().getAsDouble() * Math.min(Math.pow(2, attempt - 1), 20);
        env.sleeper().accept((long) (seconds * 1000));
    }

    private record Outcome(JsonNode result, String code, String message, boolean retryable) {
    }

    private Outcome outcome(HttpResult r) {
        debug.log("botocore.parsers", "Response headers: " + new LinkedHashMap<>(r.headers()));
        if (r.headers().containsKey("x-amzn-requestid")) {
            debug.log("botocore.endpoint", "RequestId: " + r.headers().get("x-amzn-requestid"));
        }
        if (r.status() < 300) {
            JsonNode parsed = parseBody(r.body());
            JsonNode shaped = ResponseShaper.shape(model, model.shapeOrNull(op.output()), parsed, env.zone(),
                    wireTimestamps);
            if (debug.on()) {
                debug.log("botocore.parsers", "Response body: " + Py.dumps(
                        ResponseShaper.masked(model, model.shapeOrNull(op.output()), shaped)));
            }
            return new Outcome(shaped, null, null, false);
        }
        String code;
        String message;
        String text = new String(r.body(), StandardCharsets.UTF_8).strip();
        if (r.status() >= 500 && (text.isEmpty() || text.startsWith("<html>"))) {
            code = String.valueOf(r.status());
            message = Reasons.phrase(r.status());
        } else {
            JsonNode body = parseBody(r.body());
            JsonNode m = body.get("message") != null ? body.get("message") : body.get("Message");
            message = m == null ? "" : m.isTextual() ? m.textValue() : m.toString();
            JsonNode type = body.get("__type");
            code = type != null && type.isTextual() ? type.textValue() : String.valueOf(r.status());
            if (code.contains("#")) {
                code = code.substring(code.lastIndexOf('#') + 1);
            }
            String queryError = r.headers().get("x-amzn-query-error");
            if (queryError != null && queryError.contains(";")) {
                code = queryError.substring(0, queryError.indexOf(';'));
            }
        }
        boolean retryable = RETRIED_STATUS.contains(r.status()) || RETRIED_CODES.contains(code);
        return new Outcome(null, code, message, retryable);
    }

    private static JsonNode parseBody(byte[] body) {
        try {
            JsonNode n = Py.loads(new String(body, StandardCharsets.UTF_8));
            return n.isObject() ? n : new ObjectNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
        } catch (JsonDecodeError e) {
            return new ObjectNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
        }
    }

    private List<Map.Entry<String, String>> headers(byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String target = model.targetPrefix() + "." + op.name();
        String contentType = "application/x-amz-json-1.1";
        headers.add(new SimpleEntry<>("Accept-Encoding", "identity"));
        headers.add(new SimpleEntry<>("X-Amz-Target", target));
        headers.add(new SimpleEntry<>("Content-Type", contentType));
        headers.add(new SimpleEntry<>("User-Agent", Version.userAgent(model.name(), op.cliName())));
        if (!globals.signRequest()) {
            return headers;
        }
        if (credentials == null) {
            credentials = settings.credentials();
            if (credentials == null) {
                throw new CliError(253, "Unable to locate credentials. You can configure credentials by running "
                        + "\"aws configure\"." + (localDefault ? LOCAL_CREDENTIALS_HINT : ""));
            }
        }
        Map<String, String> toSign = new LinkedHashMap<>();
        toSign.put("Content-Type", contentType);
        toSign.put("Host", Transport.hostHeader(uri));
        toSign.put("X-Amz-Target", target);
        Signature s = SigV4.sign("POST", uri.getRawPath(), uri.getRawQuery(), toSign, body, credentials, region,
                model.signingName(), clock.instant());
        if (debug.on()) {
            String canonical = s.canonicalRequest();
            if (credentials.hasSessionToken()) {
                canonical = canonical.replace(credentials.sessionToken(), "****");
            }
            debug.log("botocore.auth", "CanonicalRequest:\n" + canonical);
            debug.log("botocore.auth", "StringToSign:\n" + s.stringToSign());
            debug.log("botocore.auth", "Signature:\n" + s.signature());
        }
        headers.add(new SimpleEntry<>("X-Amz-Date", s.amzDate()));
        if (credentials.hasSessionToken()) {
            headers.add(new SimpleEntry<>("X-Amz-Security-Token", credentials.sessionToken()));
        }
        headers.add(new SimpleEntry<>("Authorization", s.authorization()));
        return headers;
    }
}
