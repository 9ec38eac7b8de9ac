package org.bridgekeeper.connections;

import java.util.List;

/**
 * The header, query string and body parameters of a connection, for invocations or for the OAuth
 * token request. A null list was not given; an empty one was given empty (AWS echoes both
 * faithfully).
 */
public record HttpParameters(List<Parameter> header, List<Parameter> queryString, List<Parameter> body) {

    public HttpParameters {
        header = header == null ? null : List.copyOf(header);
        queryString = queryString == null ? null : List.copyOf(queryString);
        body = body == null ? null : List.copyOf(body);
    }

    HttpParameters redacted() {
        return new HttpParameters(redact(header), redact(queryString), redact(body));
    }

    private static List<Parameter> redact(List<Parameter> parameters) {
        return parameters == null ? null : parameters.stream().map(Parameter::redacted).toList();
    }
}
