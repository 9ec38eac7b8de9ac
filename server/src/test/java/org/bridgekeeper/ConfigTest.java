package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.secrets.MasterKey;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private static final String MASTER_KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static Config parse(List<String> args, Map<String, String> env) {
        return Config.parse(args, env);
    }

    /** The message of the IllegalArgumentException that parsing must raise. */
    private static String rejection(List<String> args, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> Config.parse(args, env)).getMessage();
    }

    @Test
    void defaults() {
        Config config = parse(List.of(), Map.of());
        assertEquals("127.0.0.1", config.host());
        assertEquals(4750, config.port());
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals("us-east-1", config.region());
        assertEquals("000000000000", config.account());
        assertEquals(Duration.ofSeconds(1), config.settleDelay());
        assertEquals(3000, config.maxConnections());
        assertEquals(1_048_576, config.maxBodyBytes());
        assertEquals("info", config.logLevel());
        assertNull(config.masterKey());
    }

    @Test
    void everySettingFromTheEnvironment() {
        Config config = parse(List.of(), Map.of(
                "BRIDGEKEEPER_HOST", "0.0.0.0",
                "BRIDGEKEEPER_PORT", "5001",
                "BRIDGEKEEPER_DATA_DIR", "/var/lib/bridgekeeper",
                "BRIDGEKEEPER_REGION", "eu-central-1",
                "BRIDGEKEEPER_ACCOUNT", "123456789012",
                "BRIDGEKEEPER_SETTLE_DELAY_MS", "250",
                "BRIDGEKEEPER_MAX_CONNECTIONS", "10",
                "BRIDGEKEEPER_MAX_BODY_BYTES", "2048",
                "BRIDGEKEEPER_LOG_LEVEL", "DEBUG",
                "BRIDGEKEEPER_MASTER_KEY", MASTER_KEY));
        assertEquals("0.0.0.0", config.host());
        assertEquals(5001, config.port());
        assertEquals(Path.of("/var/lib/bridgekeeper"), config.dataDir());
        assertEquals("eu-central-1", config.region());
        assertEquals("123456789012", config.account());
        assertEquals(Duration.ofMillis(250), config.settleDelay());
        assertEquals(10, config.maxConnections());
        assertEquals(2048, config.maxBodyBytes());
        assertEquals("debug", config.logLevel());
        assertEquals(MasterKey.parse(MASTER_KEY), config.masterKey());
    }

    @Test
    void everySettingFromFlags() {
        Config config = parse(List.of("--host", "::1", "--port", "0", "--data-dir", "d", "--region", "us-gov-west-1",
                "--account", "210987654321", "--settle-delay-ms", "0", "--max-connections", "1", "--max-body-bytes",
                "1024", "--log-level", "warn"), Map.of());
        assertEquals("::1", config.host());
        assertEquals(0, config.port());
        assertEquals(Path.of("d"), config.dataDir());
        assertEquals("us-gov-west-1", config.region());
        assertEquals("210987654321", config.account());
        assertEquals(Duration.ZERO, config.settleDelay());
        assertEquals(1, config.maxConnections());
        assertEquals(1024, config.maxBodyBytes());
        assertEquals("warn", config.logLevel());
    }

    @Test
    void flagsOverrideTheEnvironment() {
        Map<String, String> env = Map.of("BRIDGEKEEPER_PORT", "5001", "BRIDGEKEEPER_REGION", "eu-west-1");
        Config config = parse(List.of("--port", "6000"), env);
        assertEquals(6000, config.port());
        assertEquals("eu-west-1", config.region(), "a setting without a flag still comes from the environment");
    }

    @Test
    void flagOverridesABadEnvironmentValue() {
        assertEquals(6000, parse(List.of("--port=6000"), Map.of("BRIDGEKEEPER_PORT", "not-a-port")).port());
    }

    @Test
    void equalsForm() {
        Config config = parse(List.of("--port=5000", "--data-dir=/tmp/a=b", "--host=localhost"), Map.of());
        assertEquals(5000, config.port());
        assertEquals(Path.of("/tmp/a=b"), config.dataDir(), "only the first '=' separates flag and value");
        assertEquals("localhost", config.host());
    }

    @Test
    void lastOccurrenceOfAFlagWins() {
        assertEquals(5002, parse(List.of("--port", "5001", "--port=5002"), Map.of()).port());
    }

    @Test
    void blankEnvironmentValueMeansUnsetAndValuesAreTrimmed() {
        Config config = parse(List.of(), Map.of("BRIDGEKEEPER_PORT", "   ", "BRIDGEKEEPER_REGION", " eu-west-2 ",
                "BRIDGEKEEPER_MASTER_KEY", " "));
        assertEquals(4750, config.port());
        assertEquals("eu-west-2", config.region());
        assertNull(config.masterKey());
    }

    @Test
    void badPortFlagIsNamed() {
        for (String bad : new String[] {"abc", "65536", "-1", "", "4750.0"}) {
            String message = rejection(List.of("--port=" + bad), Map.of());
            assertTrue(message.contains("--port"), message);
        }
    }

    @Test
    void badPortVariableIsNamed() {
        String message = rejection(List.of(), Map.of("BRIDGEKEEPER_PORT", "eighty"));
        assertTrue(message.contains("BRIDGEKEEPER_PORT"), message);
        assertTrue(message.contains("eighty"), message);
        assertFalse(message.contains("--port"), "the value came from the variable, not the flag: " + message);
    }

    @Test
    void badRegionAccountAndLogLevelAreNamed() {
        assertTrue(rejection(List.of("--region", "US-EAST-1"), Map.of()).contains("--region"));
        assertTrue(rejection(List.of(), Map.of("BRIDGEKEEPER_REGION", "mars")).contains("BRIDGEKEEPER_REGION"));
        assertTrue(rejection(List.of("--account", "12345"), Map.of()).contains("--account"));
        assertTrue(rejection(List.of(), Map.of("BRIDGEKEEPER_ACCOUNT", "12345678901a")).contains("BRIDGEKEEPER_ACCOUNT"));
        assertTrue(rejection(List.of("--log-level", "verbose"), Map.of()).contains("--log-level"));
        assertTrue(rejection(List.of(), Map.of("BRIDGEKEEPER_LOG_LEVEL", "trace")).contains("BRIDGEKEEPER_LOG_LEVEL"));
    }

    @Test
    void badNumbersAreNamed() {
        assertTrue(rejection(List.of("--settle-delay-ms", "-5"), Map.of()).contains("--settle-delay-ms"));
        assertTrue(rejection(List.of("--max-connections", "0"), Map.of()).contains("--max-connections"));
        assertTrue(rejection(List.of("--max-body-bytes", "1023"), Map.of()).contains("--max-body-bytes"));
        assertTrue(rejection(List.of(), Map.of("BRIDGEKEEPER_MAX_BODY_BYTES", "1e6"))
                .contains("BRIDGEKEEPER_MAX_BODY_BYTES"));
    }

    @Test
    void unknownOptionIsNamed() {
        String message = rejection(List.of("--bogus", "1"), Map.of());
        assertTrue(message.contains("--bogus"), message);
        assertTrue(rejection(List.of("--bogus=1"), Map.of()).contains("--bogus"));
        assertTrue(rejection(List.of("stray"), Map.of()).contains("stray"));
    }

    @Test
    void flagWithoutValueIsNamed() {
        String message = rejection(List.of("--port"), Map.of());
        assertTrue(message.contains("--port"), message);
    }

    @Test
    void masterKeyIsNeverPrinted() {
        Config config = parse(List.of(), Map.of("BRIDGEKEEPER_MASTER_KEY", MASTER_KEY));
        assertEquals(MasterKey.parse(MASTER_KEY), config.masterKey());
        String text = config.toString();
        assertFalse(text.contains(MASTER_KEY), text);
        assertFalse(text.contains(MASTER_KEY.substring(0, 10)), text);
        assertTrue(text.contains("masterKey=set"), text);
        assertTrue(parse(List.of(), Map.of()).toString().contains("masterKey=unset"));
        String key = String.valueOf(config.masterKey());
        assertFalse(key.contains(MASTER_KEY.substring(0, 10)), key);
    }

    @Test
    void badMasterKeyIsNamedAndNotEchoed() {
        for (String bad : new String[] {"not*base64*but*a*secret", "c2hvcnQ="}) {
            String message = rejection(List.of(), Map.of("BRIDGEKEEPER_MASTER_KEY", bad));
            assertTrue(message.contains("BRIDGEKEEPER_MASTER_KEY"), message);
            assertFalse(message.contains(bad), message);
        }
    }

    @Test
    void masterKeyIsNotAFlag() {
        assertTrue(rejection(List.of("--master-key", MASTER_KEY), Map.of()).contains("unknown option --master-key"));
    }

    @Test
    void aSwitchNeedsNoValueButTakesOne() {
        assertFalse(parse(List.of(), Map.of()).allowHttpEndpoints());
        assertTrue(parse(List.of("--allow-http-endpoints", "--port", "1"), Map.of()).allowHttpEndpoints());
        assertFalse(parse(List.of("--allow-http-endpoints=false"), Map.of("BRIDGEKEEPER_ALLOW_HTTP_ENDPOINTS", "true"))
                .allowHttpEndpoints());
        assertTrue(parse(List.of(), Map.of("BRIDGEKEEPER_ALLOW_HTTP_ENDPOINTS", "TRUE")).allowHttpEndpoints());
        String message = rejection(List.of(), Map.of("BRIDGEKEEPER_ALLOW_HTTP_ENDPOINTS", "yes"));
        assertEquals("BRIDGEKEEPER_ALLOW_HTTP_ENDPOINTS must be true or false, not 'yes'", message);
    }

    @Test
    void theLaunchersVariableIsNotTheServers() {
        Config config = parse(List.of(), Map.of("BRIDGEKEEPER_JAVA_OPTS", "-Xmx1g"));
        assertFalse(config.toString().contains("Xmx1g"), config.toString());
        assertTrue(rejection(List.of("--java-opts", "-Xmx1g"), Map.of()).contains("--java-opts"));
    }

    @Test
    void messagesKeepTheirWording() {
        assertEquals("--port must be a whole number from 0 to 65535, not '65536'",
                rejection(List.of("--port", "65536"), Map.of()));
        assertEquals("BRIDGEKEEPER_REGION must be a region such as us-east-1, not 'mars'",
                rejection(List.of(), Map.of("BRIDGEKEEPER_REGION", "mars")));
        assertEquals("--port needs a value", rejection(List.of("--port"), Map.of()));
        assertEquals("unknown option --bogus (see --help)", rejection(List.of("--bogus=1"), Map.of()));
        assertTrue(rejection(List.of("--ca-bundle", "/no/such/file"), Map.of()).endsWith("must be a readable file, not '/no/such/file'"));
    }

    @Test
    void unsetFilesAreNull() {
        Config config = parse(List.of("--ca-bundle="), Map.of());
        assertNull(config.caBundle());
        assertNull(config.resourceConfigurations());
    }

    @Test
    void toStringShowsEverySettingTheServerReads() {
        String text = parse(List.of(), Map.of()).toString();
        for (Setting<?> s : Config.SETTINGS) {
            if (s.kind() != Setting.Kind.LAUNCHER) {
                assertTrue(text.contains(s.name() + "="), s.name() + " in " + text);
            }
        }
    }

    @Test
    void toStringStillShowsTheOtherSettings() {
        String text = parse(List.of("--port", "4999"), Map.of()).toString();
        assertTrue(text.contains("port=4999"), text);
        assertTrue(text.contains("region=us-east-1"), text);
    }

    @Test
    void targetEndpointsRepeatTheFlagOrListThemInTheVariable() {
        assertEquals(Map.of(), parse(List.of(), Map.of()).targetEndpoints());
        assertEquals(Map.of("sqs", java.net.URI.create("http://127.0.0.1:9324"), "lambda", java.net.URI.create("http://l:1")),
                parse(List.of("--target-endpoint", "sqs=http://127.0.0.1:9324", "--target-endpoint=lambda=http://l:1"),
                        Map.of()).targetEndpoints());
        assertEquals(Map.of("sqs", java.net.URI.create("http://q:1"), "*", java.net.URI.create("https://all:2")),
                parse(List.of(), Map.of("BRIDGEKEEPER_TARGET_ENDPOINTS", "sqs=http://q:1, *=https://all:2")).targetEndpoints());
        assertEquals(Map.of("sqs", java.net.URI.create("http://flag:1")), parse(List.of("--target-endpoint", "sqs=http://flag:1"),
                Map.of("BRIDGEKEEPER_TARGET_ENDPOINTS", "sns=http://env:1")).targetEndpoints(), "the flags win whole");
        assertTrue(rejection(List.of("--target-endpoint", "s3=http://x:1"), Map.of())
                .startsWith("--target-endpoint must be name=url pairs separated by commas, each name one of *, firehose, "
                        + "kinesis, lambda, logs, sns, sqs, states"));
        assertTrue(rejection(List.of("--target-endpoint", "sqs=ftp://x"), Map.of()).contains("not 'sqs=ftp://x'"));
        assertEquals("--target-endpoint needs a value", rejection(List.of("--target-endpoint", "sqs=http://x:1",
                "--target-endpoint"), Map.of()));
    }
}
