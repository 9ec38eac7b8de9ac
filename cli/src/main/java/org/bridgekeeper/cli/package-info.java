/** The AWS CLI-compatible client, {@code bridgekeeper events <command>}. Does not import the server. */
package org.bridgekeeper.cli;
