package org.bridgekeeper.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading members of a validated request: a JSON null counts as absent, as AWS treats it. */
final class Inputs {

    private Inputs() {}

    static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) ? null : value.textValue();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) ? null : value.intValue();
    }
}
