package org.bridgekeeper.cli.args;

/**
 * A parameter the CLI could not read: {@code Error parsing parameter '--name': <message>}, exit 252.
 * The name is printed as given: {@code --auth-parameters}, or {@code cli-input-json} where
 * aws-cli itself drops the dashes.
 */
public final class ParamException extends RuntimeException {

    public ParamException(String cliName, String message) {
        super("Error parsing parameter '" + cliName + "': " + message, null, false, false);
    }
}
