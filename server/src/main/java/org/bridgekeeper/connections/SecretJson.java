package org.bridgekeeper.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's authorization parameters as JSON, in the layout AWS gives the connection's
 * secret ({@code {"username":..,"password":..,"invocation_http_parameters":{"header_parameters":
 * [{"key":..,"value":..,"is_value_secret":..}]}}}). The same codec writes the sealed secret and the
 * plaintext public copy; the public copy is written from the redacted parameters, whose secret
 * members are null and so absent. Secrets Manager's reads of a connection secret answer the same
 * layout, as AWS shows it ({@link #awsSecretString}).
 */
public final class SecretJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretJson() {}

    /** As stored (sealed, or the redacted public copy): the connectivity too, secret flags as given. */
    public static byte[] write(AuthParameters auth) {
        try {
            return JSON.writeValueAsBytes(tree(auth, false));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The secret as AWS's Secrets Manager shows a connection's secret (recorded: these snake_case
     * keys in this order, without the connectivity, {@code is_value_secret} on every parameter).
     */
    public static String awsSecretString(AuthParameters auth) {
        try {
            return JSON.writeValueAsString(tree(auth, true));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode tree(AuthParameters auth, boolean aws) {
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
                    root.set("oauth_http_parameters", parameters(o.oauthHttpParameters(), aws));
                }
            }
            case null -> { }
        }
        if (auth.invocationHttpParameters() != null) {
            root.set("invocation_http_parameters", parameters(auth.invocationHttpParameters(), aws));
        }
        if (auth.connectivity() != null && !aws) {
            root.putObject("connectivity_parameters")
                    .put("resource_configuration_arn", auth.connectivity().resourceConfigurationArn())
                    .put("resource_association_arn", auth.connectivity().resourceAssociationArn());
        }
        return root;
    }

    public static AuthParameters read(AuthorizationType type, byte[] json) {
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

    private static ObjectNode parameters(HttpParameters p, boolean aws) {
        ObjectNode node = JSON.createObjectNode();
        list(node, "header_parameters", p.header(), aws);
        list(node, "query_string_parameters", p.queryString(), aws);
        list(node, "body_parameters", p.body(), aws);
        return node;
    }

    /** {@code aws}: every parameter says {@code is_value_secret}, as AWS's secret does; stored: only as given. */
    private static void list(ObjectNode parent, String field, List<Parameter> parameters, boolean aws) {
        if (parameters == null) {
            return;
        }
        ArrayNode array = parent.putArray(field);
        for (Parameter p : parameters) {
            ObjectNode item = array.addObject();
            put(item, "key", p.key());
            put(item, "value", p.value());
            if (aws) {
                item.put("is_value_secret", p.isSecret());
            } else if (p.secret() != null) {
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
