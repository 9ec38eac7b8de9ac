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
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.error.Errors.Action;

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
        checkEndpoint(Action.CREATE, request.invocationEndpoint());
        int rate = request.invocationRateLimitPerSecond() == null ? DEFAULT_RATE : request.invocationRateLimitPerSecond();
        checkRate(Action.CREATE, request.name(), rate);
        requireConnection(Action.CREATE, scope, request.connectionArn());
        Instant now = now();
        ApiDestination destination = new ApiDestination(scope, request.name(), ids.uuid(), emptyToNull(request.description()),
                request.connectionArn(), request.invocationEndpoint(), request.httpMethod(), rate, now, now);
        return switch (store.insert(destination, settings.quota())) {
            case CREATED -> view(destination);
            case NAME_TAKEN -> throw Errors.apiDestinationExists(request.name());
            case QUOTA_EXCEEDED -> throw Errors.apiDestinationQuota(settings.quota());
        };
    }

    public Viewed describe(Scope scope, String name) {
        return view(current(Action.DESCRIBE, scope, name));
    }

    /**
     * The destination an ARN names, if it is {@code caller}'s (the ARN's account, region and
     * partition are the caller's) and exists with the same id (a re-created one is another).
     */
    public Optional<ApiDestination> byArn(Scope caller, String arn) {
        // arn:<partition>:events:<region>:<account>:api-destination/<name>/<uuid>
        String prefix = caller.arn("events", "api-destination/");
        String[] resource = arn.startsWith(prefix) ? arn.substring(prefix.length()).split("/", -1) : new String[0];
        if (resource.length != 2 || resource[0].isEmpty()) {
            return Optional.empty();
        }
        return store.find(caller, resource[0]).filter(d -> d.arn().equals(arn));
    }

    public Viewed update(Scope scope, Update request) {
        ApiDestination old = current(Action.UPDATE, scope, request.name());
        if (request.invocationEndpoint() != null) {
            checkEndpoint(Action.UPDATE, request.invocationEndpoint());
        }
        if (request.invocationRateLimitPerSecond() != null) {
            checkRate(Action.UPDATE, request.name(), request.invocationRateLimitPerSecond());
        }
        if (request.connectionArn() != null) {
            requireConnection(Action.UPDATE, scope, request.connectionArn());
        }
        ApiDestination updated = new ApiDestination(scope, old.name(), old.uuid(),
                request.description() != null ? emptyToNull(request.description()) : old.description(),
                or(request.connectionArn(), old.connectionArn()), or(request.invocationEndpoint(), old.invocationEndpoint()),
                or(request.httpMethod(), old.httpMethod()),
                or(request.invocationRateLimitPerSecond(), old.invocationRateLimitPerSecond()), old.creationTime(), now());
        if (!store.update(updated)) {
            throw Errors.apiDestinationNotFound(Action.UPDATE, request.name());
        }
        return view(updated);
    }

    public void delete(Scope scope, String name) {
        if (!store.delete(scope, name)) {
            throw Errors.apiDestinationNotFound(Action.DELETE, name);
        }
    }

    public Page list(Scope scope, String namePrefix, String connectionArn, String nextToken, Integer limit) {
        if (namePrefix != null && connectionArn != null) {
            throw Errors.oneApiDestinationFilter();
        }
        String binding = "api-destinations\n" + scope.account() + "\n" + scope.region() + "\n"
                + Objects.toString(namePrefix, "") + "\n" + Objects.toString(connectionArn, "");
        String after = tokens.after(binding, nextToken, Errors::invalidApiDestinationsNextToken);
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        PageTokens.Page<ApiDestination> page = tokens.page(binding,
                store.list(scope, namePrefix, connectionArn, after, size + 1), size, ApiDestination::name);
        Map<String, State> states = new HashMap<>();
        return new Page(page.items().stream()
                .map(d -> new Viewed(d, states.computeIfAbsent(d.connectionArn(), arn -> stateOf(scope, arn)))).toList(),
                page.nextToken());
    }

    private Viewed view(ApiDestination destination) {
        return new Viewed(destination, stateOf(destination.scope(), destination.connectionArn()));
    }

    /**
     * ACTIVE while the named connection is authorized. AWS was recorded still answering ACTIVE
     * right after DeauthorizeConnection, so DEAUTHORIZING counts as authorized too.
     */
    private State stateOf(Scope scope, String connectionArn) {
        return connection(scope, connectionArn)
                .filter(c -> c.isAuthorized() || c.state() == org.bridgekeeper.connections.ConnectionState.DEAUTHORIZING)
                .isPresent() ? State.ACTIVE : State.INACTIVE;
    }

    /** The caller's connection the ARN names: another account's or region's is none of the caller's. */
    private Optional<Connection> connection(Scope scope, String connectionArn) {
        return connections.byArn(scope, connectionArn, false);
    }

    /**
     * AWS's recorded not-found error, also for a connection of another account or region: it is
     * looked up in the caller's own account, where it does not exist (and saying more would tell
     * the caller that another account has it).
     */
    private void requireConnection(Action action, Scope scope, String connectionArn) {
        if (connection(scope, connectionArn).isEmpty()) {
            throw Errors.apiDestinationConnectionMissing(action, connectionArn);
        }
    }

    /** Recorded from AWS: HTTPS only (here also http:// with --allow-http-endpoints), no userinfo, no wildcard host. */
    private void checkEndpoint(Action action, String endpoint) {
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
            throw Errors.invalidInvocationEndpoint(action, endpoint);
        }
    }

    private void checkRate(Action action, String name, int rate) {
        if (rate > settings.maxRate()) {
            throw Errors.invocationRateTooHigh(action, name, rate, settings.maxRate());
        }
    }

    private ApiDestination current(Action action, Scope scope, String name) {
        return store.find(scope, name).orElseThrow(() -> Errors.apiDestinationNotFound(action, name));
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
