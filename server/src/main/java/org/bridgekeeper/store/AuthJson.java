package org.bridgekeeper.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.connections.AuthParameters;
import org.bridgekeeper.connections.AuthorizationType;
import org.bridgekeeper.connections.Connectivity;
import org.bridgekeeper.connections.Credentials;
import org.bridgekeeper.connections.HttpParameters;
import org.bridgekeeper.connections.Parameter;

/**
 * A connection's authorization parameters as JSON, in the layout AWS gives the connection's
 * secret ({@code {"username":..,"password":..,"invocation_http_parameters":{"header_parameters":
 * [{"key":..,"value":..,"is_value_secret":..}]}}}). The same codec writes the sealed secret and the
 * plaintext public copy; the public copy is written from the redacted parameters, whose secret
 * members are null and so absent.
 */
final class AuthJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthJson() {}

    static byte[] write(AuthParameters auth) {
        ObjectNode root = JSON.createObjectNode();
        switch (auth.credentials()) {
            case Credentials.Basic b -> {
                put(root, "username", b.username());
                put(root, "password", b.password());
            }
            case Credentials.ApiKey k -> {
                put(root, "api_key_name", k.name());
                put(root, "api_key_value", k.value());
            }
            case Credentials.OAuth o -> {
                put(root, "client_id", o.clientId());
                put(root, "client_secret", o.clientSecret());
                put(root, "authorization_endpoint", o.authorizationEndpoint());
                put(root, "http_method", o.httpMethod());
                if (o.oauthHttpParameters() != null) {
                    root.set("oauth_http_parameters", parameters(o.oauthHttpParameters()));
                }
            }
            case null -> { }
        }
        if (auth.invocationHttpParameters() != null) {
            root.set("invocation_http_parameters", parameters(auth.invocationHttpParameters()));
        }
        if (auth.connectivity() != null) {
            root.putObject("connectivity_parameters")
                    .put("resource_configuration_arn", auth.connectivity().resourceConfigurationArn())
                    .put("resource_association_arn", auth.connectivity().resourceAssociationArn());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static AuthParameters read(AuthorizationType type, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            // The message names no content: this may be a decrypted secret.
            throw new IllegalStateException("stored authorization parameters are not valid JSON");
        }
        Credentials credentials = switch (type) {
            case BASIC -> new Credentials.Basic(text(root, "username"), text(root, "password"));
            case API_KEY -> new Credentials.ApiKey(text(root, "api_key_name"), text(root, "api_key_value"));
            case OAUTH_CLIENT_CREDENTIALS -> new Credentials.OAuth(text(root, "client_id"), text(root, "client_secret"),
                    text(root, "authorization_endpoint"), text(root, "http_method"),
                    parameters(root.get("oauth_http_parameters")));
        };
        JsonNode c = root.get("connectivity_parameters");
        Connectivity connectivity = c == null ? null
                : new Connectivity(text(c, "resource_configuration_arn"), text(c, "resource_association_arn"));
        return new AuthParameters(credentials, parameters(root.get("invocation_http_parameters")), connectivity);
    }

    private static ObjectNode parameters(HttpParameters p) {
        ObjectNode node = JSON.createObjectNode();
        list(node, "header_parameters", p.header());
        list(node, "query_string_parameters", p.queryString());
        list(node, "body_parameters", p.body());
        return node;
    }

    private static void list(ObjectNode parent, String field, List<Parameter> parameters) {
        if (parameters == null) {
            return;
        }
        ArrayNode array = parent.putArray(field);
        for (Parameter p : parameters) {
            ObjectNode item = array.addObject();
            put(item, "key", p.key());
            put(item, "value", p.value());
            if (p.secret() != null) {
                item.put("is_value_secret", p.secret());
            }
        }
    }

    private static HttpParameters parameters(JsonNode node) {
        if (node == null) {
            return null;
        }
        return new HttpParameters(list(node.get("header_parameters")), list(node.get("query_string_parameters")),
                list(node.get("body_parameters")));
    }

    private static List<Parameter> list(JsonNode array) {
        if (array == null) {
            return null;
        }
        List<Parameter> out = new ArrayList<>();
        for (JsonNode item : array) {
            JsonNode secret = item.get("is_value_secret");
            out.add(new Parameter(text(item, "key"), text(item, "value"), secret == null ? null : secret.asBoolean()));
        }
        return out;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
