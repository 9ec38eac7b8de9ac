package org.bridgekeeper.api;

import com.sun.net.httpserver.Headers;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.AwsException;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.sigv4.SigV4;
import org.bridgekeeper.sigv4.Verification;

/**
 * Who is calling, decided once per request before anything else happens to it.
 *
 * <ul>
 *   <li><b>verify</b>: every request carries a valid Signature V4 by a key of the credentials
 *       file; the key's {@code aws_account_id} is the caller's account, the credential scope's
 *       region its region. AWS's error codes and texts otherwise.</li>
 *   <li><b>off</b>: nothing is verified; the account is a 12-digit access key id, or the
 *       configured default ({@link RequestScope}). On a loopback address the {@code Host} header
 *       must name loopback (or an {@code --allowed-hosts} name), so that a web page cannot reach
 *       the API through DNS rebinding: its requests carry the attacker's host name.</li>
 *   <li><b>auto</b> (the default) is verify with a credentials file, off on a loopback address
 *       without one, and a refusal to start anywhere else.</li>
 * </ul>
 */
public final class Authentication {

    /** The caller of one request: the access key id it named (verified or not) and its scope. */
    record Caller(String accessKeyId, Scope scope) {}

    private static final System.Logger LOG = System.getLogger("bridgekeeper.auth");
    /** What a region must look like to become part of ARNs. */
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern IPV4_LOOPBACK =
            Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

    private final CredentialsFile keys;          // null when off
    private final Set<String> allowedHosts;      // null when the Host is not checked
    private final RequestScope scopes;
    private final Clock clock;

    private Authentication(CredentialsFile keys, Set<String> allowedHosts, Scope defaults, Clock clock) {
        this.keys = keys;
        this.allowedHosts = allowedHosts;
        this.scopes = new RequestScope(defaults);
        this.clock = clock;
    }

    /**
     * The mode for a server listening on {@code listening}, or an {@link IllegalArgumentException}
     * that says why it must not start.
     *
     * @param mode            {@code auto}, {@code verify} or {@code off}
     * @param credentialsFile the keys; null when not given
     * @param allowedHosts    extra {@code Host} names, comma-separated; null when not given
     * @param defaults        the account and region of requests that name none (mode off)
     * @param clock           the server's clock, for the 15 minutes of clock skew
     */
    public static Authentication configure(String mode, Path credentialsFile, String allowedHosts, InetAddress listening,
                                           Scope defaults, Clock clock) {
        boolean loopback = listening.isLoopbackAddress();
        Set<String> hosts = allowedHosts(allowedHosts);
        switch (mode) {
            case "verify" -> {
                if (credentialsFile == null) {
                    throw new IllegalArgumentException("--auth verify needs --credentials-file FILE"
                            + " (BRIDGEKEEPER_CREDENTIALS_FILE): the keys whose signatures are accepted");
                }
                return new Authentication(CredentialsFile.load(credentialsFile), null, defaults, clock);
            }
            case "off" -> {
                if (credentialsFile != null) {
                    LOG.log(Level.WARNING, "--auth off: the credentials file " + credentialsFile + " is not used");
                }
                // Explicitly off on a non-loopback address: the operator chose an open endpoint, and the
                // names it is reached by are not known here; --allowed-hosts still narrows them.
                if (!loopback) {
                    LOG.log(Level.WARNING, "--auth off on " + listening.getHostAddress() + ": anyone who can reach"
                            + " this port can call the API and use every stored secret");
                }
                return new Authentication(null, loopback || allowedHosts != null ? hosts : null, defaults, clock);
            }
            case "auto" -> {
                if (credentialsFile != null) {
                    return new Authentication(CredentialsFile.load(credentialsFile), null, defaults, clock);
                }
                if (!loopback) {
                    throw new IllegalArgumentException("Bridgekeeper would listen on " + listening.getHostAddress()
                            + ", which is not a loopback address, without authentication: anyone who can reach the port"
                            + " could use every stored secret. Give --credentials-file FILE to verify callers' SigV4"
                            + " signatures (see the README, \"Security\"), or --auth off to serve without"
                            + " authentication, explicitly.");
                }
                return new Authentication(null, hosts, defaults, clock);
            }
            default -> throw new IllegalArgumentException("--auth must be auto, verify or off, not '" + mode + "'");
        }
    }

    private static Set<String> allowedHosts(String list) {
        Set<String> hosts = new LinkedHashSet<>();
        if (list != null) {
            for (String name : list.split(",")) {
                String host = name.strip().toLowerCase(Locale.ROOT);
                if (!host.isEmpty()) {
                    hosts.add(host);
                }
            }
        }
        return Set.copyOf(hosts);
    }

    /** Whether signatures are verified. */
    boolean verifies() {
        return keys != null;
    }

    /** One phrase for the start-up line. */
    public String describe() {
        if (keys != null) {
            return "auth verify (" + keys.size() + (keys.size() == 1 ? " key" : " keys") + " from " + keys.file() + ")";
        }
        if (allowedHosts == null) {
            return "auth off";
        }
        return "auth off, Host must be loopback" + (allowedHosts.isEmpty() ? "" : " or " + String.join(", ", allowedHosts));
    }

    /**
     * Refuses a request whose {@code Host} names neither loopback nor an allowed name, when the
     * Host is checked (off on a loopback address). Called before the body is read.
     */
    void checkHost(Headers headers) {
        if (allowedHosts == null) {
            return;
        }
        String host = headers.getFirst("Host");
        if (host == null || !hostAllowed(host.strip().toLowerCase(Locale.ROOT))) {
            throw Errors.hostNotAllowed(host == null ? null : shorten(host));
        }
    }

    private boolean hostAllowed(String host) {
        String name = host;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = host.substring(0, end + 1);
            String rest = host.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return false;
            }
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                if (!host.substring(colon).matches(":\\d{1,5}")) {
                    return false;
                }
                name = host.substring(0, colon);
            }
        }
        return name.equals("localhost") || IPV4_LOOPBACK.matcher(name).matches() || ipv6Loopback(name)
                || allowedHosts.contains(name);
    }

    /** A bracketed IPv6 literal that is loopback ({@code [::1]} in any spelling); never a DNS query. */
    private static boolean ipv6Loopback(String name) {
        if (!IPV6_LITERAL.matcher(name).matches()) {
            return false;
        }
        try {
            // Only hex digits, colons and dots in brackets reach here: parsed as a literal, not looked up.
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    /**
     * The caller of a request whose Host passed {@link #checkHost}, or the AWS error that refuses it.
     *
     * @param body the request body as received, whose SHA-256 the signature covers
     */
    Caller authenticate(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        String authorization = headers.getFirst("Authorization");
        if (keys == null) {
            return new Caller(RequestScope.accessKeyId(authorization), scopes.of(authorization));
        }
        // The JDK's Headers look names up in any case; a repeated header is signed as its values joined by ','.
        Verification outcome = SigV4.verify(method, rawPath, rawQuery == null ? "" : rawQuery, name -> {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null
                    : values.size() == 1 ? values.getFirst() : String.join(",", values);
        }, body, id -> keys.find(id).map(k -> k.credentials().secretAccessKey()), clock.instant());
        return switch (outcome) {
            case Verification.Verified v -> {
                if (!REGION.matcher(v.region()).matches()) {
                    throw Errors.regionNotValid(shorten(v.region()));
                }
                CredentialsFile.Key key = keys.find(v.accessKeyId()).orElseThrow();
                yield new Caller(v.accessKeyId(), new Scope(key.account(), v.region()));
            }
            case Verification.Rejected r -> throw rejection(r);
        };
    }

    private static AwsException rejection(Verification.Rejected r) {
        return switch (r.code()) {
            case Verification.MISSING_AUTHENTICATION_TOKEN -> Errors.missingAuthenticationToken();
            case Verification.UNRECOGNIZED_CLIENT -> Errors.unrecognizedClient();
            case Verification.INCOMPLETE_SIGNATURE -> Errors.incompleteSignature(r.message());
            default -> Errors.invalidSignature(r.message());
        };
    }

    /** The access key id a request names, verified or not, for the audit trail; null when none. */
    static Optional<String> claimedAccessKeyId(Headers headers) {
        return Optional.ofNullable(RequestScope.accessKeyId(headers.getFirst("Authorization")));
    }
}
