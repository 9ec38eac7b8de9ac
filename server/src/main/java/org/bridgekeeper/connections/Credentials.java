package org.bridgekeeper.connections;

/**
 * The credentials of one authorization type. In a redacted copy the secret member (password,
 * client secret, API key value) is null; in an update request any member may be null, meaning
 * "keep what is stored".
 */
public sealed interface Credentials {

    AuthorizationType type();

    Credentials redacted();

    /** Whether every member a create request requires is present. */
    boolean complete();

    /** This update applied on top of {@code stored}: members left null keep their stored value. */
    Credentials over(Credentials stored);

    record Basic(String username, String password) implements Credentials {
        @Override public AuthorizationType type() { return AuthorizationType.BASIC; }
        @Override public Basic redacted() { return new Basic(username, null); }
        @Override public boolean complete() { return username != null && password != null; }
        @Override public Basic over(Credentials stored) {
            Basic old = stored instanceof Basic b ? b : new Basic(null, null);
            return new Basic(or(username, old.username), or(password, old.password));
        }
    }

    record ApiKey(String name, String value) implements Credentials {
        @Override public AuthorizationType type() { return AuthorizationType.API_KEY; }
        @Override public ApiKey redacted() { return new ApiKey(name, null); }
        @Override public boolean complete() { return name != null && value != null; }
        @Override public ApiKey over(Credentials stored) {
            ApiKey old = stored instanceof ApiKey k ? k : new ApiKey(null, null);
            return new ApiKey(or(name, old.name), or(value, old.value));
        }
    }

    record OAuth(String clientId, String clientSecret, String authorizationEndpoint, String httpMethod,
                 HttpParameters oauthHttpParameters) implements Credentials {
        /** AWS takes the method in any case ("put" recorded); it is kept, described and used upper-case. */
        public OAuth {
            httpMethod = httpMethod == null ? null : httpMethod.toUpperCase(java.util.Locale.ROOT);
        }
        @Override public AuthorizationType type() { return AuthorizationType.OAUTH_CLIENT_CREDENTIALS; }
        @Override public OAuth redacted() {
            return new OAuth(clientId, null, authorizationEndpoint, httpMethod,
                    oauthHttpParameters == null ? null : oauthHttpParameters.redacted());
        }
        @Override public boolean complete() {
            return clientId != null && clientSecret != null && authorizationEndpoint != null && httpMethod != null;
        }
        @Override public OAuth over(Credentials stored) {
            OAuth old = stored instanceof OAuth o ? o : new OAuth(null, null, null, null, null);
            return new OAuth(or(clientId, old.clientId), or(clientSecret, old.clientSecret),
                    or(authorizationEndpoint, old.authorizationEndpoint), or(httpMethod, old.httpMethod),
                    or(oauthHttpParameters, old.oauthHttpParameters));
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
