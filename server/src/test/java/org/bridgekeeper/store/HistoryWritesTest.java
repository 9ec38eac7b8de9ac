package org.bridgekeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bridgekeeper.invoke.Invoker;
import org.junit.jupiter.api.Test;

/** The history's request JSON, written by hand, reads back as what was sent. */
class HistoryWritesTest {

    @Test
    void theRequestIsJsonWhateverItHolds() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Basic ***");
        headers.put("x-odd", "quote \" backslash \\ tab \t line \n ctl \u0001 sep \u2028 é 😀");
        String body = "{\"a\":\"\\u0000\",\"b\":[1,2]}\r\n";
        String json = HistoryWrites.request(new Invoker.SentRequest("POST", "https://h/p?q=a%20b&s=***", headers, body));
        JsonNode read = new ObjectMapper().readTree(json);
        assertEquals("POST", read.get("Method").asText());
        assertEquals("https://h/p?q=a%20b&s=***", read.get("Url").asText());
        assertEquals(headers.get("x-odd"), read.at("/Headers/x-odd").asText());
        assertEquals("Basic ***", read.at("/Headers/Authorization").asText());
        assertEquals(body, read.get("Body").asText());
        assertEquals(null, HistoryWrites.request(null));
    }
}
