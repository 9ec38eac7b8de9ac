package org.bridgekeeper.connections;

/** What the API layer hands the service, bound from validated requests. Null means "not given". */
public final class ConnectionRequests {

    private ConnectionRequests() {}

    /**
     * The AuthParameters of a request. At most one of {@code basic}, {@code oauth} and
     * {@code apiKey} may be set on create; on update they may be partial.
     */
    public record Auth(Credentials.Basic basic, Credentials.OAuth oauth, Credentials.ApiKey apiKey,
                       HttpParameters invocationHttpParameters, String connectivityResourceConfigurationArn) {

        Credentials credentialsOf(AuthorizationType type) {
            return switch (type) {
                case BASIC -> basic;
                case OAUTH_CLIENT_CREDENTIALS -> oauth;
                case API_KEY -> apiKey;
            };
        }

        int credentialKinds() {
            return (basic != null ? 1 : 0) + (oauth != null ? 1 : 0) + (apiKey != null ? 1 : 0);
        }
    }

    public record Create(String name, String description, AuthorizationType type, Auth auth,
                         String invocationResourceConfigurationArn, String kmsKeyIdentifier) {}

    public record Update(String name, String description, AuthorizationType type, Auth auth,
                         String invocationResourceConfigurationArn, String kmsKeyIdentifier) {}

    public record List(String namePrefix, ConnectionState state, String nextToken, Integer limit) {}
}
