package org.bridgekeeper.destinations;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bridgekeeper.common.Ids;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.connections.PageTokens;
import org.bridgekeeper.error.AwsException.LimitExceededException;
import org.bridgekeeper.error.AwsException.ResourceAlreadyExistsException;
import org.bridgekeeper.error.AwsException.ResourceNotFoundException;
import org.bridgekeeper.error.AwsException.ValidationException;

/** The five API destination operations, with AWS's recorded checks, texts and derived state. */
public final class ApiDestinationService {

    /** AWS's default, and its quota "Rate of invocations per API destination". */
    static final int DEFAULT_RATE = 300;
    static final int DEFAULT_PAGE_SIZE = 100;

    public enum State { ACTIVE, INACTIVE }

    /** A destination with its state as of the read. */
    public record Viewed(ApiDestination destination, State state) {}

    public record Page(List<Viewed> destinations, String nextToken) {}

    public record Settings(int quota, int maxRate, boolean allowHttpEndpoints) {}

    public record Create(String name, String description, String connectionArn, String invocationEndpoint,
                         String httpMethod, Integer invocationRateLimitPerSecond) {}

    /** Null members are left as they are; an empty description clears it. */
    public record Update(String name, String description, String connectionArn, String invocationEndpoint,
                         String httpMethod, Integer invocationRateLimitPerSecond) {}

    private final ApiDestinationStore store;
    private final ConnectionService connections;
    private final PageTokens tokens;
    private final Clock clock;
    private final Ids ids;
    private final Settings settings;

    public ApiDestinationService(ApiDestinationStore store, ConnectionService connections, PageTokens tokens, Clock clock,
                                 Ids ids, Settings settings) {
        this.store = store;
        this.connections = connections;
        this.tokens = tokens;
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
    }

    public Viewed create(Scope scope, Create request) {
        checkEndpoint("create", request.invocationEndpoint());
        int rate = request.invocationRateLimitPerSecond() == null ? DEFAULT_RATE : request.invocationRateLimitPerSecond();
        checkRate("create", request.name(), rate);
        requireConnection("create", scope, request.connectionArn());
        Instant now = now();
        ApiDestination destination = new ApiDestination(scope, request.name(), ids.uuid(), emptyToNull(request.description()),
                request.connectionArn(), request.invocationEndpoint(), request.httpMethod(), rate, now, now);
        return switch (store.insert(destination, settings.quota())) {
            case CREATED -> view(destination);
            case NAME_TAKEN -> throw new ResourceAlreadyExistsException(prefix("create")
                    + "An api-destination with name '" + request.name() + "' already exists.");
            case QUOTA_EXCEEDED -> throw new LimitExceededException(prefix("create") + "The maximum number of "
                    + "api-destinations (" + settings.quota() + ") for this account and region has been reached.");
        };
    }

    public Viewed describe(Scope scope, String name) {
        return view(current("describe", scope, name));
    }

    public Viewed update(Scope scope, Update request) {
        ApiDestination old = current("update", scope, request.name());
        if (request.invocationEndpoint() != null) {
            checkEndpoint("update", request.invocationEndpoint());
        }
        if (request.invocationRateLimitPerSecond() != null) {
            checkRate("update", request.name(), request.invocationRateLimitPerSecond());
        }
        if (request.connectionArn() != null) {
            requireConnection("update", scope, request.connectionArn());
        }
        ApiDestination updated = new ApiDestination(scope, old.name(), old.uuid(),
                request.description() != null ? emptyToNull(request.description()) : old.description(),
                or(request.connectionArn(), old.connectionArn()), or(request.invocationEndpoint(), old.invocationEndpoint()),
                or(request.httpMethod(), old.httpMethod()),
                or(request.invocationRateLimitPerSecond(), old.invocationRateLimitPerSecond()), old.creationTime(), now());
        if (!store.update(updated)) {
            throw notFound("update", request.name());
        }
        return view(updated);
    }

    public void delete(Scope scope, String name) {
        if (!store.delete(scope, name)) {
            throw notFound("delete", name);
        }
    }

    public Page list(Scope scope, String namePrefix, String connectionArn, String nextToken, Integer limit) {
        if (namePrefix != null && connectionArn != null) {
            throw new ValidationException(prefix("list") + "Request failed because only one filter is supported per "
                    + "request, either ConnectionArn or NamePrefix.");
        }
        String binding = "api-destinations\n" + scope.account() + "\n" + scope.region() + "\n"
                + Objects.toString(namePrefix, "") + "\n" + Objects.toString(connectionArn, "");
        String after = nextToken == null ? null : tokens.open(binding, nextToken).orElseThrow(() ->
                new ValidationException(prefix("list") + "The NextToken is not valid or has expired."));
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        List<ApiDestination> rows = store.list(scope, namePrefix, connectionArn, after, size + 1);
        Map<String, State> states = new HashMap<>();
        List<Viewed> page = rows.stream().limit(size)
                .map(d -> new Viewed(d, states.computeIfAbsent(d.connectionArn(), this::stateOf))).toList();
        return new Page(page, rows.size() > size ? tokens.issue(binding, rows.get(size - 1).name()) : null);
    }

    private Viewed view(ApiDestination destination) {
        return new Viewed(destination, stateOf(destination.connectionArn()));
    }

    /**
     * ACTIVE while the named connection is authorized. AWS was recorded still answering ACTIVE
     * right after DeauthorizeConnection, so DEAUTHORIZING counts as authorized too.
     */
    private State stateOf(String connectionArn) {
        return connection(connectionArn)
                .filter(c -> c.isAuthorized() || c.state() == org.bridgekeeper.connections.ConnectionState.DEAUTHORIZING)
                .isPresent() ? State.ACTIVE : State.INACTIVE;
    }

    private Optional<Connection> connection(String connectionArn) {
        return connections.byArn(connectionArn, false);
    }

    private void requireConnection(String verb, Scope scope, String connectionArn) {
        if (connection(connectionArn).isEmpty()) {
            throw new ResourceNotFoundException(prefix(verb) + "Connection '" + connectionArn + "' does not exist.");
        }
    }

    /** Recorded from AWS: HTTPS only (here also http:// with --allow-http-endpoints), no userinfo, no wildcard host. */
    private void checkEndpoint(String verb, String endpoint) {
        boolean valid;
        try {
            URI uri = new URI(endpoint.contains("://") ? endpoint : "https://" + endpoint);
            String scheme = uri.getScheme().toLowerCase();
            valid = (scheme.equals("https") || scheme.equals("http") && settings.allowHttpEndpoints())
                    && uri.getRawUserInfo() == null && uri.getHost() != null && !uri.getHost().isEmpty()
                    && !uri.getRawAuthority().contains("*");
        } catch (URISyntaxException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new ValidationException(prefix(verb) + "Parameter InvocationEndpoint is not valid. Reason: Endpoint '"
                    + endpoint + "' is invalid, please provide a valid HTTPS endpoint URL.");
        }
    }

    private void checkRate(String verb, String name, int rate) {
        if (rate > settings.maxRate()) {
            throw new LimitExceededException(prefix(verb) + "Invalid Invocation Rate Limit: Rate specified '" + rate
                    + "' for '" + name + "' exceeds maximum allowed of '" + settings.maxRate() + "'.");
        }
    }

    private ApiDestination current(String verb, Scope scope, String name) {
        return store.find(scope, name).orElseThrow(() -> notFound(verb, name));
    }

    /** Recorded from AWS for describe, update and delete. */
    private static ResourceNotFoundException notFound(String verb, String name) {
        return new ResourceNotFoundException(prefix(verb) + "An api-destination '" + name + "' does not exist.");
    }

    private static String prefix(String verb) {
        return "Failed to " + verb + " the api-destination(s). ";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
