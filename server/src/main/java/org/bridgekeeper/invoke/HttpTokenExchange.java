package org.bridgekeeper.invoke;

import static org.bridgekeeper.invoke.RequestBuilder.form;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.connections.Connectivity;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.HttpParameters;
import org.bridgekeeper.connections.OAuthToken;
import org.bridgekeeper.connections.Parameter;
import org.bridgekeeper.connections.TokenExchange;
import org.bridgekeeper.invoke.RequestBuilder.Built;

/**
 * The client-credentials token request over HTTP, as RFC 6749 section 4.4 describes it (AWS does
 * not document its own form): the client id and secret as HTTP Basic (section 2.3.1, each
 * form-encoded first), {@code grant_type=client_credentials} unless a body parameter sets
 * {@code grant_type}, the connection's OAuth header, query string and body parameters, and its
 * HTTP method (for GET, the body parameters go in the query string). One deadline covers the
 * whole exchange; the answer is read up to 64 KiB and parsed with strict limits.
 */
public final class HttpTokenExchange implements TokenExchange {

    /** AWS's recorded text. */
    static final String UNREACHABLE = "Could not connect to the specified endpoint.";
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final Outbound outbound;
    private final Duration timeout;
    private final boolean allowHttp;
    private final ResourceConfigurations network;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_ANSWER_BYTES).build())
            .build());

    public HttpTokenExchange(Outbound outbound, Duration timeout, boolean allowHttp, ResourceConfigurations network,
                             Clock clock) {
        this.outbound = outbound;
        this.timeout = timeout;
        this.allowHttp = allowHttp;
        this.network = network;
        this.clock = clock;
    }

    /**
     * One token request. An endpoint the egress policy refuses is refused without a request, and
     * not retryable: the connection becomes DEAUTHORIZED with the policy's reason.
     */
    @Override
    public Result exchange(Scope scope, Credentials.OAuth oauth, Connectivity via) {
        Built built = request(oauth, allowHttp);
        if (built instanceof Built.Refused refused) {
            return new Result.Refused(refused.reason());
        }
        OutboundRequest request = (OutboundRequest) built;
        InetSocketAddress mapped = null;
        if (via != null) {
            mapped = network.address(via.resourceConfigurationArn(), scope.account()).orElse(null);
            if (mapped == null) {
                return new Result.Refused(network.unavailable(via.resourceConfigurationArn(), scope.account()));
            }
        }
        long started = System.nanoTime();
        try {
            // One deadline for connect, headers and body (an endpoint that stalls after its
            // headers fails this attempt at the deadline); the answer is read up to the cap.
            Outbound.Answer response = outbound.call(request, "authorization endpoint", mapped,
                    started + timeout.toNanos(), MAX_ANSWER_BYTES + 1, MAX_ANSWER_BYTES);
            byte[] answer = response.start();
            if (response.status() < 200 || response.status() > 299) {
                return new Result.Refused("The authorization endpoint answered HTTP " + response.status() + ".",
                        response.status() >= 500);
            }
            if (response.overCap()) {
                return new Result.Refused("The authorization endpoint's answer is larger than " + MAX_ANSWER_BYTES + " bytes.");
            }
            return granted(answer);
        } catch (Outbound.Refused e) {
            return new Result.Refused(e.getMessage());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Result.Refused(UNREACHABLE, true);
        } catch (HttpTimeoutException e) {
            return new Result.Refused("The authorization endpoint did not answer within " + timeout.toMillis() + " ms.", true);
        } catch (IOException e) {
            // Unresolvable host, TLS failure, connection reset: the endpoint cannot be used now.
            return new Result.Refused(System.nanoTime() - started >= timeout.toNanos()
                    ? "The authorization endpoint did not answer within " + timeout.toMillis() + " ms." : UNREACHABLE, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Refused("The token request was interrupted.");
        }
    }

    /**
     * The token request (RFC 6749 section 4.4, see the class comment), addressed to the
     * authorization endpoint itself; private connectivity is applied by the caller.
     */
    static Built request(Credentials.OAuth oauth, boolean allowHttp) {
        HttpParameters parameters = oauth.oauthHttpParameters() != null ? oauth.oauthHttpParameters()
                : new HttpParameters(null, null, null);
        List<Parameter> body = new ArrayList<>(parameters.body() == null ? List.of() : parameters.body());
        if (body.stream().noneMatch(p -> "grant_type".equals(p.key()))) {
            body.addFirst(new Parameter("grant_type", "client_credentials", false));
        }
        String method = oauth.httpMethod() == null ? "POST" : oauth.httpMethod();
        RequestBuilder request = RequestBuilder.to(method, oauth.authorizationEndpoint(), "authorization endpoint");
        for (Parameter p : parameters.queryString() == null ? List.<Parameter>of() : parameters.queryString()) {
            request.addQuery(p.key(), p.value(), p.isSecret());
        }
        request.header("Accept", "application/json", false)
                .authorization("Basic", Base64.getEncoder().encodeToString(
                        (form(oauth.clientId()) + ":" + form(oauth.clientSecret())).getBytes(StandardCharsets.UTF_8)));
        for (Parameter p : parameters.header() == null ? List.<Parameter>of() : parameters.header()) {
            if (p.value() != null) { // a header given without a value is not sent
                request.header(p.key(), p.value(), p.isSecret());
            }
        }
        if (method.equals("GET")) {
            body.forEach(p -> request.addQuery(p.key(), p.value(), p.isSecret()));
        } else {
            request.headerIfAbsent("Content-Type", "application/x-www-form-urlencoded")
                    .body(formBody(body, false), formBody(body, true));
        }
        return request.build(allowHttp);
    }

    private Result granted(byte[] answer) {
        JsonNode root;
        try {
            root = json.readTree(answer);
        } catch (IOException e) {
            return new Result.Refused("The authorization endpoint's answer is not JSON.");
        }
        JsonNode token = root == null ? null : root.get("access_token");
        if (token == null || !token.isTextual() || token.textValue().isEmpty()) {
            return new Result.Refused("The authorization endpoint's answer has no access_token.");
        }
        JsonNode expiresIn = root.get("expires_in");
        Long seconds = null;
        if (expiresIn != null && expiresIn.isNumber()) {
            seconds = expiresIn.asLong();
        } else if (expiresIn != null && expiresIn.isTextual() && expiresIn.textValue().matches("\\d{1,12}")) {
            seconds = Long.parseLong(expiresIn.textValue()); // some servers quote it
        }
        return new Result.Granted(new OAuthToken(token.textValue(),
                seconds == null ? null : clock.instant().plusSeconds(Math.max(0, seconds))));
    }

    private static String formBody(List<Parameter> parameters, boolean masked) {
        StringJoiner out = new StringJoiner("&");
        for (Parameter p : parameters) {
            if (p.key() != null) {
                out.add(form(p.key()) + "=" + (masked && p.isSecret() ? RequestBuilder.REDACTED : form(p.value())));
            }
        }
        return out.toString();
    }
}
