package org.bridgekeeper.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Redaction (what Describe may see) and partial-update merging of credentials. */
class AuthParametersTest {

    private static final HttpParameters PARAMETERS = new HttpParameters(
            List.of(new Parameter("h-public", "v1", false), new Parameter("h-secret", "s1", true),
                    new Parameter("h-omitted", "v2", null)),
            List.of(new Parameter("q-secret", "s2", true)),
            List.of(new Parameter("b-public", "v3", false)));

    @Test
    void redactionRemovesEverySecretValueAndNothingElse() {
        AuthParameters auth = new AuthParameters(new Credentials.OAuth("id", "client-secret", "https://e/t", "POST", PARAMETERS),
                PARAMETERS, new Connectivity("arn:cfg", "arn:assoc"));
        AuthParameters redacted = auth.redacted();
        Credentials.OAuth oauth = (Credentials.OAuth) redacted.credentials();
        assertNull(oauth.clientSecret());
        assertEquals("id", oauth.clientId());
        assertEquals("https://e/t", oauth.authorizationEndpoint());
        for (HttpParameters p : List.of(oauth.oauthHttpParameters(), redacted.invocationHttpParameters())) {
            assertEquals(new Parameter("h-public", "v1", false), p.header().get(0));
            assertEquals(new Parameter("h-secret", null, true), p.header().get(1));
            assertEquals(new Parameter("h-omitted", "v2", null), p.header().get(2));
            assertEquals(new Parameter("q-secret", null, true), p.queryString().getFirst());
            assertEquals("v3", p.body().getFirst().value());
        }
        assertEquals(auth.connectivity(), redacted.connectivity());
        assertFalse(redacted.toString().contains("client-secret"));
        assertFalse(redacted.toString().contains("s1"));
        assertNull(new Credentials.Basic("u", "p").redacted().password());
        assertNull(new Credentials.ApiKey("k", "v").redacted().value());
    }

    @Test
    void partialCredentialsMergeOntoStoredOnes() {
        assertEquals(new Credentials.Basic("user", "new"), new Credentials.Basic(null, "new").over(new Credentials.Basic("user", "old")));
        assertEquals(new Credentials.ApiKey("name", "v2"), new Credentials.ApiKey(null, "v2").over(new Credentials.ApiKey("name", "v1")));
        Credentials.OAuth stored = new Credentials.OAuth("id", "secret", "https://e/t", "POST", PARAMETERS);
        Credentials.OAuth merged = new Credentials.OAuth(null, null, "https://e/other", null, null).over(stored);
        assertEquals(new Credentials.OAuth("id", "secret", "https://e/other", "POST", PARAMETERS), merged);
        // Over credentials of another type, nothing is inherited.
        assertFalse(new Credentials.Basic("u", null).over(new Credentials.ApiKey("k", "v")).complete());
    }
}
