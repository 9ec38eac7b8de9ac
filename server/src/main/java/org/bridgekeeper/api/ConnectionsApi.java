package org.bridgekeeper.api;

import static org.bridgekeeper.api.Inputs.absent;
import static org.bridgekeeper.api.Inputs.integer;
import static org.bridgekeeper.api.Inputs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.connections.AuthParameters;
import org.bridgekeeper.connections.AuthorizationType;
import org.bridgekeeper.connections.Connection;
import org.bridgekeeper.connections.ConnectionRequests;
import org.bridgekeeper.connections.ConnectionService;
import org.bridgekeeper.connections.ConnectionState;
import org.bridgekeeper.connections.Connectivity;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.HttpParameters;
import org.bridgekeeper.connections.Parameter;

/**
 * The six connection operations: each binds its validated input to a request record, calls the
 * service, and builds the output tree (which {@link OutputWriter} then trims to the output shape).
 */
final class ConnectionsApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ConnectionService service;

    ConnectionsApi(ConnectionService service) {
        this.service = service;
    }

    public Map<String, HttpApi.Handler> handlers() {
        return Map.of(
                "CreateConnection", (scope, in) -> summary(service.create(scope, create(in)), false),
                "DescribeConnection", (scope, in) -> describe(service.describe(scope, text(in, "Name"))),
                "UpdateConnection", (scope, in) -> summary(service.update(scope, update(in)), true),
                "DeleteConnection", (scope, in) -> summary(service.delete(scope, text(in, "Name")), true),
                "DeauthorizeConnection", (scope, in) -> summary(service.deauthorize(scope, text(in, "Name")), true),
                "ListConnections", (scope, in) -> list(service.list(scope, listRequest(in))));
    }

    // ---- input ----------------------------------------------------------------------------------

    private static ConnectionRequests.Create create(JsonNode in) {
        return new ConnectionRequests.Create(text(in, "Name"), text(in, "Description"), type(in), auth(in.get("AuthParameters")),
                resourceConfigurationArn(in.get("InvocationConnectivityParameters")), text(in, "KmsKeyIdentifier"));
    }

    private static ConnectionRequests.Update update(JsonNode in) {
        return new ConnectionRequests.Update(text(in, "Name"), text(in, "Description"), type(in), auth(in.get("AuthParameters")),
                resourceConfigurationArn(in.get("InvocationConnectivityParameters")), text(in, "KmsKeyIdentifier"));
    }

    private static ConnectionRequests.List listRequest(JsonNode in) {
        String state = text(in, "ConnectionState");
        JsonNode limit = in.get("Limit");
        return new ConnectionRequests.List(text(in, "NamePrefix"), state == null ? null : ConnectionState.valueOf(state),
                text(in, "NextToken"), limit == null || limit.isNull() ? null : limit.intValue());
    }

    private static AuthorizationType type(JsonNode in) {
        String type = text(in, "AuthorizationType");
        return type == null ? null : AuthorizationType.valueOf(type);
    }

    private static ConnectionRequests.Auth auth(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        JsonNode basic = node.get("BasicAuthParameters");
        JsonNode oauth = node.get("OAuthParameters");
        JsonNode apiKey = node.get("ApiKeyAuthParameters");
        JsonNode client = absent(oauth) ? null : oauth.get("ClientParameters");
        return new ConnectionRequests.Auth(
                absent(basic) ? null : new Credentials.Basic(text(basic, "Username"), text(basic, "Password")),
                absent(oauth) ? null : new Credentials.OAuth(
                        absent(client) ? null : text(client, "ClientID"),
                        absent(client) ? null : text(client, "ClientSecret"),
                        text(oauth, "AuthorizationEndpoint"), text(oauth, "HttpMethod"),
                        httpParameters(oauth.get("OAuthHttpParameters"))),
                absent(apiKey) ? null : new Credentials.ApiKey(text(apiKey, "ApiKeyName"), text(apiKey, "ApiKeyValue")),
                httpParameters(node.get("InvocationHttpParameters")),
                resourceConfigurationArn(node.get("ConnectivityParameters")));
    }

    private static String resourceConfigurationArn(JsonNode connectivity) {
        if (absent(connectivity) || absent(connectivity.get("ResourceParameters"))) {
            return null;
        }
        return text(connectivity.get("ResourceParameters"), "ResourceConfigurationArn");
    }

    private static HttpParameters httpParameters(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        return new HttpParameters(parameters(node.get("HeaderParameters")),
                parameters(node.get("QueryStringParameters")), parameters(node.get("BodyParameters")));
    }

    private static List<Parameter> parameters(JsonNode array) {
        if (absent(array)) {
            return null;
        }
        List<Parameter> out = new ArrayList<>(array.size());
        for (JsonNode p : array) {
            JsonNode secret = p.get("IsValueSecret");
            out.add(new Parameter(text(p, "Key"), text(p, "Value"), absent(secret) ? null : secret.booleanValue()));
        }
        return out;
    }



    // ---- output ---------------------------------------------------------------------------------

    /** The response of Create (no LastAuthorizedTime, as AWS) and of Update, Delete and Deauthorize. */
    private static ObjectNode summary(Connection c, boolean withLastAuthorized) {
        ObjectNode out = NODES.objectNode()
                .put("ConnectionArn", c.arn())
                .put("ConnectionState", c.state().name())
                .put("CreationTime", seconds(c.creationTime()))
                .put("LastModifiedTime", seconds(c.lastModifiedTime()));
        if (withLastAuthorized) {
            out.put("LastAuthorizedTime", seconds(c.lastAuthorizedTime()));
        }
        return out;
    }

    private static ObjectNode describe(Connection c) {
        ObjectNode out = listItem(c);
        putIfPresent(out, "Description", c.description());
        putIfPresent(out, "SecretArn", c.secretArn());
        putIfPresent(out, "KmsKeyIdentifier", c.kmsKeyIdentifier());
        if (c.invocationConnectivity() != null) {
            out.set("InvocationConnectivityParameters", connectivity(c.invocationConnectivity()));
        }
        out.set("AuthParameters", authParameters(c.auth()));
        return out;
    }

    private static ObjectNode list(ConnectionService.Page page) {
        ObjectNode out = NODES.objectNode();
        ArrayNode items = out.putArray("Connections");
        page.connections().forEach(c -> items.add(listItem(c)));
        putIfPresent(out, "NextToken", page.nextToken());
        return out;
    }

    private static ObjectNode listItem(Connection c) {
        ObjectNode out = NODES.objectNode()
                .put("ConnectionArn", c.arn())
                .put("Name", c.name())
                .put("ConnectionState", c.state().name())
                .put("AuthorizationType", c.type().name())
                .put("CreationTime", seconds(c.creationTime()))
                .put("LastModifiedTime", seconds(c.lastModifiedTime()))
                .put("LastAuthorizedTime", seconds(c.lastAuthorizedTime()));
        putIfPresent(out, "StateReason", c.stateReason());
        return out;
    }

    /** Describe's AuthParameters: {@code {}} once de-authorized; secrets absent by construction. */
    private static ObjectNode authParameters(AuthParameters auth) {
        ObjectNode out = NODES.objectNode();
        if (auth == null) {
            return out;
        }
        switch (auth.credentials()) {
            case Credentials.Basic b -> putIfPresent(out.putObject("BasicAuthParameters"), "Username", b.username());
            case Credentials.ApiKey k -> putIfPresent(out.putObject("ApiKeyAuthParameters"), "ApiKeyName", k.name());
            case Credentials.OAuth o -> {
                ObjectNode oauth = out.putObject("OAuthParameters");
                putIfPresent(oauth.putObject("ClientParameters"), "ClientID", o.clientId());
                putIfPresent(oauth, "AuthorizationEndpoint", o.authorizationEndpoint());
                putIfPresent(oauth, "HttpMethod", o.httpMethod());
                if (o.oauthHttpParameters() != null) {
                    oauth.set("OAuthHttpParameters", httpParameters(o.oauthHttpParameters()));
                }
            }
            case null -> { }
        }
        if (auth.invocationHttpParameters() != null) {
            out.set("InvocationHttpParameters", httpParameters(auth.invocationHttpParameters()));
        }
        if (auth.connectivity() != null) {
            out.set("ConnectivityParameters", connectivity(auth.connectivity()));
        }
        return out;
    }

    private static ObjectNode connectivity(Connectivity c) {
        ObjectNode out = NODES.objectNode();
        out.putObject("ResourceParameters")
                .put("ResourceConfigurationArn", c.resourceConfigurationArn())
                .put("ResourceAssociationArn", c.resourceAssociationArn());
        return out;
    }

    /**
     * As AWS: a secret parameter shows its key and {@code IsValueSecret: true} without its value;
     * any other shows its value and {@code IsValueSecret: false}.
     */
    private static ObjectNode httpParameters(HttpParameters p) {
        ObjectNode out = NODES.objectNode();
        parameters(out, "HeaderParameters", p.header());
        parameters(out, "QueryStringParameters", p.queryString());
        parameters(out, "BodyParameters", p.body());
        return out;
    }

    private static void parameters(ObjectNode parent, String field, List<Parameter> parameters) {
        if (parameters == null) {
            return;
        }
        ArrayNode array = parent.putArray(field);
        for (Parameter p : parameters) {
            ObjectNode item = array.addObject();
            putIfPresent(item, "Key", p.key());
            if (!p.isSecret()) {
                putIfPresent(item, "Value", p.value());
            }
            item.put("IsValueSecret", p.isSecret());
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** AWS answers whole epoch seconds (recorded). */
    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
