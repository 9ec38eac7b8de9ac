package org.bridgekeeper.secrets;

/**
 * A reason not to start, or not to go on, that the operator must act on: the data dir is in use
 * by another process, the key ring is missing or cannot open the database's sealed values, the
 * key ring is readable by others. The message says what is wrong and what to do, and is printed
 * as is after {@code bridgekeeper: }; the process exits non-zero having changed nothing.
 */
public final class Refusal extends IllegalStateException {

    public Refusal(String message) {
        super(message);
    }
}
