package org.bridgekeeper.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.AwsException;
import org.bridgekeeper.error.Errors;
import org.bridgekeeper.model.ServiceModel;

/**
 * STS on the same port, in the query protocol STS speaks: {@code POST /} with a form body
 * ({@code Action=GetCallerIdentity&Version=2011-06-15}) and no {@code X-Amz-Target}, answered in
 * XML, errors as {@code <ErrorResponse>}. {@code GetCallerIdentity} answers the request's account
 * (its scope) as the account's root user: {@code arn:aws:iam::<account>:root}, user id the account
 * id, as STS answers for root credentials. Enough for {@code aws sts get-caller-identity} and for
 * Terraform's credential check and account id.
 */
final class StsApi {

    static final String CONTENT_TYPE = "text/xml";
    private static final String VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + VERSION + "/";

    private final ServiceModel model;

    StsApi(ServiceModel model) {
        this.model = model;
    }

    /** Whether a request is in the query protocol: a form body and no X-Amz-Target. */
    static boolean accepts(String target, String contentType) {
        return target == null && contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The XML answer to the form {@code body}; an {@link AwsException} for a refused request. */
    byte[] answer(Scope scope, byte[] body, String requestId) {
        Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
        String action = form.get("Action");
        if (action == null || action.isEmpty()) {
            throw Errors.missingAction();
        }
        if (model.operation(action).isEmpty()) {
            throw Errors.unknownAction(action, form.getOrDefault("Version", VERSION));
        }
        if (!action.equals("GetCallerIdentity")) {
            throw Errors.actionNotBuilt(action);
        }
        String xml = "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + escape(SecretsManagerApi.callerArn(scope)) + "</Arn>\n"
                + "    <UserId>" + escape(scope.account()) + "</UserId>\n"
                + "    <Account>" + escape(scope.account()) + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** STS's error form: Sender for a client error, Receiver for a server one. */
    static byte[] error(AwsException e, String requestId) {
        String xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n"
                + "    <Type>" + (e.httpStatus() >= 500 ? "Receiver" : "Sender") + "</Type>\n"
                + "    <Code>" + escape(e.code()) + "</Code>\n"
                + "    <Message>" + escape(e.getMessage() == null ? "" : e.getMessage()) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw Errors.missingAction(); // not a form: there is no Action to read
            }
        }
        return out;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
