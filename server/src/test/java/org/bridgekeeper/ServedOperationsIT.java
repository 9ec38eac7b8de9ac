package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's list of the EventBridge operations the server handles (which {@code events help}
 * marks) against the running server: every modeled operation is sent an empty request, and those
 * answered "not supported by Bridgekeeper yet" are the unserved ones. Fails while the two differ,
 * so the list cannot drift from the handlers.
 */
class ServedOperationsIT {

    private static final Path LIST = Path.of("../cli/src/main/resources/org/bridgekeeper/cli/model/events-served.txt");

    @TempDir
    Path dataDir;

    @Test
    void theClisListOfServedOperationsIsTheServers() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> operations = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/model/events.json")) {
            json.readTree(in).path("operations").fieldNames().forEachRemaining(operations::add);
        }
        Set<String> served = new TreeSet<>();
        try (TestServer server = new TestServer(dataDir); HttpClient http = HttpClient.newHttpClient()) {
            for (String operation : operations) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                        .header("X-Amz-Target", "AWSEvents." + operation)
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode body = answer.body().isEmpty() ? json.createObjectNode() : json.readTree(answer.body());
                boolean unserved = "UnknownOperationException".equals(body.path("__type").asText())
                        && body.path("message").asText().contains("not supported by Bridgekeeper yet");
                if (!unserved) {
                    served.add(operation);
                }
            }
        }
        Set<String> listed = new TreeSet<>(Files.readAllLines(LIST).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::trim).toList());
        assertEquals(served, listed, LIST + " must list exactly the EventBridge operations the server handles");
    }
}
