package org.bridgekeeper.connections;

/** The three ways a connection authorizes its calls. */
public enum AuthorizationType {
    BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY
}
