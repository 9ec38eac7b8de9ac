package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's map: unbound entries serve every account, bound ones only theirs; bad entries fail the start. */
class ResourceConfigurationsTest {

    static final String OPEN = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-open";
    static final String BOUND = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-bound";

    @TempDir
    Path dir;

    ResourceConfigurations load(String json) throws Exception {
        Path file = dir.resolve("map.json");
        Files.writeString(file, json);
        return ResourceConfigurations.load(file, Duration.ofSeconds(1));
    }

    @Test
    void anUnboundEntryServesEveryAccountABoundOneOnlyItsAccounts() throws Exception {
        ResourceConfigurations map = load("{\"" + OPEN + "\": \"10.0.0.5:8443\", \"" + BOUND + "\": {\"address\": "
                + "\"[fd00::5]:443\", \"accounts\": [\"111111111111\", \"222222222222\"]}}");
        assertEquals(Optional.of(InetSocketAddress.createUnresolved("10.0.0.5", 8443)), map.address(OPEN, "999999999999"));
        assertEquals(Optional.of(InetSocketAddress.createUnresolved("fd00::5", 443)), map.address(BOUND, "222222222222"));
        assertEquals(Optional.empty(), map.address(BOUND, "333333333333"));
        assertEquals("The resource configuration " + BOUND + " is not available to account 333333333333 (its entry in "
                + "--resource-configurations names other accounts).", map.unavailable(BOUND, "333333333333"));
        assertEquals("The resource configuration arn:x is not mapped to an address (see --resource-configurations).",
                map.unavailable("arn:x", "333333333333"));
        // An object without accounts serves every account, like the plain form.
        assertEquals(Optional.of(InetSocketAddress.createUnresolved("h", 1)),
                load("{\"" + OPEN + "\": {\"address\": \"h:1\"}}").address(OPEN, "444444444444"));
    }

    @Test
    void aBadEntryFailsTheStartNamingIt() {
        for (String[] bad : new String[][] {
            {"{\"a\": {\"address\": \"h:1\", \"accounts\": []}}", "non-empty list of 12-digit account ids"},
            {"{\"a\": {\"address\": \"h:1\", \"accounts\": \"111111111111\"}}", "non-empty list of 12-digit account ids"},
            {"{\"a\": {\"address\": \"h:1\", \"accounts\": [111111111111]}}", "12-digit account ids as strings"},
            {"{\"a\": {\"address\": \"h:1\", \"accounts\": [\"1111\"]}}", "12-digit account ids as strings"},
            {"{\"a\": {\"address\": \"h:1\", \"account\": [\"111111111111\"]}}", "unknown member \"account\""},
            {"{\"a\": {\"accounts\": [\"111111111111\"]}}", "must be \"host:port\""},
            {"{\"a\": {\"address\": \"h\"}}", "must be \"host:port\""},
            {"{\"a\": 5}", "must be \"host:port\""},
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(bad[0]), bad[0]);
            assertTrue(e.getMessage().startsWith("--resource-configurations: ") && e.getMessage().contains(bad[1])
                    && e.getMessage().contains(" a "), e.getMessage());
        }
    }
}
