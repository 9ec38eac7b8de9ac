package org.bridgekeeper.cli.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The model's documentation (HTML fragments), kept apart from {@link ServiceModel} because
 * only {@code help} and {@code --generate-cli-skeleton yaml-input} need it: every other command
 * starts without reading it.
 */
public final class Docs {

    private final JsonNode root;

    private Docs(JsonNode root) {
        this.root = root;
    }

    /** The documentation of a service of {@link ServiceModel#SERVICES}. */
    public static Docs load(String service) {
        return new Docs(ServiceModel.docs(service));
    }

    public String operation(String operationName) {
        return text(root.get("operations").get(operationName));
    }

    /** The documentation of a structure member (the member's own, else its shape's). */
    public String member(String shapeName, String memberName) {
        return text(root.get("members").get(shapeName + "." + memberName));
    }

    /** The member's first sentence, as aws-cli's {@code get_shape_doc_overview} computes it. */
    public String overview(String shapeName, String memberName) {
        return text(root.get("overviews").get(shapeName + "." + memberName));
    }

    private static String text(JsonNode n) {
        return n == null ? "" : n.textValue();
    }
}
