package org.bridgekeeper.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgekeeper.common.Scope;

/**
 * The account and region of a request, read from its SigV4 {@code Authorization} header:
 * {@code Credential=<access key id>/<date>/<region>/<service>/aws4_request}. A 12-digit access key
 * id is taken as the account id (the convention LocalStack users know); otherwise, and for
 * unsigned requests, the configured defaults apply. Signatures are not verified here: this is
 * the scope of {@code --auth off} ({@link Authentication}).
 */
final class RequestScope {

    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([^/,\\s]+)/[^/,\\s]*/([a-z0-9-]{1,32})/[^/,\\s]+/aws4_request");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final Scope defaults;

    RequestScope(Scope defaults) {
        this.defaults = defaults;
    }

    Scope of(String authorization) {
        if (authorization == null) {
            return defaults;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        if (!m.find()) {
            return defaults;
        }
        String accessKeyId = m.group(1);
        String account = ACCOUNT.matcher(accessKeyId).matches() ? accessKeyId : defaults.account();
        return new Scope(account, m.group(2));
    }

    /** The access key id of the header's credential, or null when there is none. */
    static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : null;
    }
}
