package org.bridgekeeper.cli.config;

/**
 * A configuration problem with the AWS CLI's text and exit code: 253 for the ones aws-cli
 * reports as configuration errors (no region, no credentials, bad {@code cli_timestamp_format}),
 * 255 for the others (unknown profile, partial credentials, bad region or retry settings).
 */
public final class ConfigException extends RuntimeException {

    private final int exitCode;

    public ConfigException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
