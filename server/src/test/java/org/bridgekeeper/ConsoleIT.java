package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bridgekeeper.sigv4.Credentials;
import org.bridgekeeper.sigv4.SigV4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The web console end to end, in Debian's headless Chromium driven by Selenium: the console loads
 * from the jar, signs its calls with SigV4 in the browser (checked against the sigv4 module, with
 * WebCrypto and with its own SHA-256), shows a connection made through the SDK, shows a dead letter
 * and redrives it, and shows the delivery's attempts. It leaves a screenshot in
 * {@code target/console.png} ({@code -Dbridgekeeper.console.screenshot=../docs/console.png} writes
 * the README's). Skipped, saying why, where {@code chromium} or {@code chromedriver} is missing.
 */
class ConsoleIT {

    private static final String CHROMIUM = System.getProperty("bridgekeeper.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("bridgekeeper.chromedriver", "/usr/bin/chromedriver");
    private static final String ROLE = "arn:aws:iam::000000000000:role/events-invoke";

    static WebDriver browser;

    @TempDir
    Path dataDir;
    TestServer server;
    TokenServer receiver;
    EventBridgeClient events;

    @BeforeAll
    static void browser() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install -y chromium chromium-driver (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1360,900", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void start() throws Exception {
        receiver = new TokenServer();
        server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8");
        events = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    /** Waits (Await: polling, at most 15 s) for an element the page shows; the page may redraw meanwhile. */
    WebElement await(String what, String css) {
        return Await.value(what, () -> quietly(() -> all(css).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null)), e -> e != null);
    }

    /** The text of the element now, or "" while the page replaces it. */
    String text(String css) {
        String text = quietly(() -> find(css).getText());
        return text == null ? "" : text;
    }

    /** The value, or null when the element went stale or is not there yet (the console redraws its tables). */
    static <T> T quietly(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return null;
        }
    }

    void tab(String name) {
        find("#tabs button[data-tab='" + name + "']").click();
    }

    void signIn() {
        browser.get(server.endpoint() + "/console/");
        await("the key form", "#access-key").sendKeys("AKIAIOSFODNN7EXAMPLE");
        find("#secret-key").sendKeys("console-secret");
        find("#use-keys").click();
        await("the overview's cards", "#cards .card");
    }

    @Test
    void showsAConnectionAndRedrivesADeadLetter() throws Exception {
        String connection = events.createConnection(r -> r.name("partner-api").authorizationType(ConnectionAuthorizationType.BASIC)
                .authParameters(a -> a.basicAuthParameters(b -> b.username("bridge").password("keeper")))).connectionArn();
        events.createConnection(r -> r.name("billing").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("k-1"))));
        String destination = events.createApiDestination(r -> r.name("orders-webhook").connectionArn(connection)
                .invocationEndpoint(receiver.url("/orders")).httpMethod("POST")).apiDestinationArn();
        events.putRule(r -> r.name("orders").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(r -> r.rule("orders").targets(Target.builder().id("webhook").arn(destination).roleArn(ROLE).build()));
        receiver.script = r -> new TokenServer.Answer(400, "{\"error\":\"order schema v2 expected\"}", 0);
        events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("shop").detailType("order placed")
                .detail("{\"id\":\"o-1\"}").build()));
        Await.until("a dead letter", () -> server.main().pendingDeliveries().isEmpty() && receiver.requests.size() == 1);

        signIn();
        Await.until("the metrics at a glance", () -> text("#cards").contains("dead letters"));

        tab("connections");
        WebElement row = await("the SDK's connection", "#connection-list tr[data-name='partner-api']");
        assertTrue(row.getText().contains("AUTHORIZED"), row.getText());
        assertTrue(row.getText().contains("BASIC"), row.getText());

        tab("rules");
        Await.until("the rule and its target", () -> text("#bus-list").contains("webhook"));

        tab("dead-letters");
        await("the dead letter", "#dead-letter-list tbody tr[data-id]");
        assertTrue(text("#dead-letter-list tbody tr[data-id]").contains("The endpoint answered HTTP 400."));
        receiver.script = r -> new TokenServer.Answer(200, "{\"accepted\":true}", 0);
        find("#dead-letter-list tbody tr[data-id] button").click();
        Await.until("the redriven delivery at the receiver", () -> receiver.requests.size() == 2);
        Await.until("no dead letter left", () -> text("#dead-letter-list").contains("No dead letters."));

        tab("deliveries");
        await("the delivery", "#delivery-list tbody tr[data-id]");
        Await.until("delivered", () -> {
            quietly(() -> {
                find("#refresh-deliveries").click();
                return null;
            });
            return text("#delivery-list tbody tr[data-id]").contains("DELIVERED");
        });
        Await.until("the attempts shown", () -> Boolean.TRUE.equals(quietly(() -> {
            find("#delivery-list tbody tr[data-id] button").click();
            return all("#attempt-list tbody tr").size() == 2;
        })));
        String text = text("#attempt-list");
        assertTrue(text.contains("DEAD_LETTERED") && text.contains("DELIVERED"), text);
        assertTrue(text.contains("{\"accepted\":true}"), text);
        screenshot();

        tab("overview");
        Await.until("the overview counts the delivery", () -> text("#cards").contains("delivered"));
    }

    @Test
    void underAuthVerifyTheConsoleSignsWithAKeyOfTheCredentialsFile() throws Exception {
        Path credentials = dataDir.resolve("credentials");
        Files.writeString(credentials, """
                [console]
                aws_access_key_id = AKIACONSOLE000000001
                aws_secret_access_key = console-verify-secret-1
                aws_account_id = 111122223333
                """);
        Files.setPosixFilePermissions(credentials, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (TestServer verified = new TestServer(dataDir.resolve("verified"), "--auth", "verify", "--credentials-file",
                credentials.toString())) {
            verified.client("AKIACONSOLE000000001", "console-verify-secret-1", software.amazon.awssdk.regions.Region.US_EAST_1)
                    .createConnection(r -> r.name("verified-api").authorizationType(ConnectionAuthorizationType.API_KEY)
                            .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("v"))));
            browser.get(verified.endpoint() + "/console/#connections");
            await("the key form", "#access-key").sendKeys("AKIACONSOLE000000001");
            find("#secret-key").sendKeys("not-the-secret");
            find("#use-keys").click();
            Await.until("the server's refusal shown", () -> text("#error").contains("InvalidSignatureException"));

            find("#sign-out").click();
            WebElement key = await("the key form again", "#access-key");
            key.clear();
            key.sendKeys("AKIACONSOLE000000001");
            find("#secret-key").sendKeys("console-verify-secret-1");
            find("#use-keys").click();
            tab("connections");
            WebElement row = await("the connection, read with a verified signature",
                    "#connection-list tr[data-name='verified-api']");
            assertTrue(row.getText().contains("AUTHORIZED"), row.getText());
        }
    }

    @Test
    void theConsolesSignaturesAreSigV4s() {
        signIn();
        Instant at = Instant.parse("2026-12-02T10:11:12Z");
        String body = "{\"Name\":\"x\"}";
        Map<String, String> headers = new TreeMap<>(Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "AWSEvents.DescribeConnection"));
        String host = server.endpoint().getAuthority();
        Map<String, String> signed = new TreeMap<>(headers);
        signed.put("Host", host);
        String expected = SigV4.sign("POST", "/", "", signed, body.getBytes(StandardCharsets.UTF_8),
                Credentials.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "eu-west-1", "events", at)
                .authorization();
        for (String use : List.of("webcrypto", "javascript")) {
            Object authorization = ((JavascriptExecutor) browser).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    SigV4.sign({accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                      region: "eu-west-1", service: "events", host: arguments[0], headers: arguments[1], body: arguments[2],
                      date: new Date(arguments[3]), use: arguments[4]}).then(h => done(h.Authorization), e => done("error: " + e));
                    """, host, headers, body, at.toEpochMilli(), use);
            assertEquals(expected, authorization, use);
        }
        // The fallback SHA-256 on a message longer than a block, against the JDK's.
        String long_ = "bridgekeeper ".repeat(20);
        Object hex = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; SigV4.sha256Hex(arguments[0], 'javascript').then(done);", long_);
        assertEquals(java.util.HexFormat.of().formatHex(sha256(long_)), hex);
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return SigV4.hasWebCrypto"),
                "127.0.0.1 is a secure context: WebCrypto is used");
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private void screenshot() throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path out = Path.of(System.getProperty("bridgekeeper.console.screenshot", "target/console.png"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, png);
    }
}
