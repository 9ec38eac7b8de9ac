/** The AWS CLI-compatible client, {@code bridgekeeper events|extensions <command>}. Does not import the server. */
package org.bridgekeeper.cli;
