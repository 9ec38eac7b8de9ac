package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Tag;

/**
 * Terraform with the hashicorp/aws provider (5.100.0) manages everything Bridgekeeper serves, as
 * a user runs it: {@code src/test/resources/terraform/main.tf} (connections of the three types, an
 * API destination, a bus with tags and settings, a permission and a bus policy, a rule with a
 * pattern and one with a {@code rate()} schedule, targets with {@code http_target},
 * {@code input_transformer} and {@code retry_policy}) is applied, planned with no changes, applied
 * again with {@code stage = "v2"} (an update of most resources), planned clean again and destroyed,
 * leaving nothing.
 *
 * <p>Nothing is fetched from the network: the provider comes from a local filesystem mirror (a
 * folder {@code registry.terraform.io}: {@code BRIDGEKEEPER_TF_PLUGIN_MIRROR}, or one of the usual
 * places), named by a CLI configuration through {@code TF_CLI_CONFIG_FILE}. Skipped, with the
 * reason, where {@code terraform} or the provider is missing.
 */
class TerraformIT {

    private static final String PROVIDER = "registry.terraform.io/hashicorp/aws/5.100.0";
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    record Run(int exit, String output) {}

    @Test
    void appliesPlansCleanUpdatesAndDestroys() throws Exception {
        Optional<Path> terraform = onPath("terraform");
        assumeTrue(terraform.isPresent(), "terraform is not on the PATH");
        Optional<Path> mirror = mirror();
        assumeTrue(mirror.isPresent(), "no filesystem mirror with " + PROVIDER + " (set BRIDGEKEEPER_TF_PLUGIN_MIRROR "
                + "to the folder that holds registry.terraform.io)");

        try (InputStream in = TerraformIT.class.getResourceAsStream("/terraform/main.tf")) {
            Files.write(work.resolve("main.tf"), in.readAllBytes());
        }
        Files.writeString(work.resolve("cli.tfrc"), """
                provider_installation {
                  filesystem_mirror {
                    path    = "%s"
                    include = ["registry.terraform.io/hashicorp/aws"]
                  }
                }
                """.formatted(mirror.get().toString().replace("\\", "/")));

        // --settle-delay-ms 0: a deleted connection is gone at once, as the provider's delete waiter
        // wants, while the server's test clock stands still.
        try (TokenServer idp = new TokenServer();
             TestServer server = new TestServer(dataDir, "--allow-http-endpoints", "--egress-allow", "127.0.0.0/8", "--settle-delay-ms", "0")) {
            EventBridgeClient events = server.client();
            boolean withKms = servesKeyPolicies(server);
            System.out.println("terraform: the aws_kms_key part is " + (withKms ? "on" : "off (the server does not answer "
                    + "GetKeyPolicy, or BRIDGEKEEPER_TF_KMS=off)"));
            List<String> vars = List.of("-var", "endpoint=" + server.endpoint(), "-var", "token_url=" + idp.url("/token"),
                    "-var", "with_kms=" + withKms);
            List<String> v2 = new ArrayList<>(vars);
            v2.addAll(List.of("-var", "stage=v2"));

            step(terraform.get(), "init", List.of("init", "-input=false", "-no-color"), 0);
            step(terraform.get(), "apply", with(List.of("apply", "-auto-approve", "-input=false", "-no-color"), vars), 0);
            String bus = events.describeEventBus(r -> r.name("tf-orders")).arn();
            assertEquals(Map.of("team", "payments", "cost", "42"), tags(events, bus));
            assertEquals("Orders bus", events.describeEventBus(r -> r.name("tf-orders")).description());
            assertTrue(events.describeEventBus(r -> r.name("tf-orders")).policy().contains("\"Sid\":\"partner\""));
            assertEquals(Map.of("team", "payments"), tags(events,
                    events.describeRule(r -> r.name("tf-order-placed").eventBusName("tf-orders")).arn()));
            step(terraform.get(), "plan after apply", with(List.of("plan", "-detailed-exitcode", "-input=false", "-no-color"),
                    vars), 0);

            step(terraform.get(), "apply v2", with(List.of("apply", "-auto-approve", "-input=false", "-no-color"), v2), 0);
            assertEquals(Map.of("team", "payments", "stage", "v2"), tags(events, bus));
            assertEquals("Orders bus, updated", events.describeEventBus(r -> r.name("tf-orders")).description());
            assertEquals("rate(2 hours)", events.describeRule(r -> r.name("tf-hourly")).scheduleExpression());
            step(terraform.get(), "plan after apply v2", with(List.of("plan", "-detailed-exitcode", "-input=false",
                    "-no-color"), v2), 0);

            step(terraform.get(), "destroy", with(List.of("destroy", "-auto-approve", "-input=false", "-no-color"), v2), 0);
            assertTrue(events.listConnections(r -> {}).connections().isEmpty());
            assertTrue(events.listApiDestinations(r -> {}).apiDestinations().isEmpty());
            assertEquals(List.of("default"), events.listEventBuses(r -> {}).eventBuses().stream().map(b -> b.name()).toList());
            assertTrue(events.listRules(r -> {}).rules().isEmpty());
            assertEquals(null, events.describeEventBus(r -> {}).policy());
        }
    }

    /** Whether aws_kms_key can be managed: the server answers KMS GetKeyPolicy (unless BRIDGEKEEPER_TF_KMS=off). */
    private static boolean servesKeyPolicies(TestServer server) throws IOException, InterruptedException {
        if ("off".equalsIgnoreCase(System.getenv("BRIDGEKEEPER_TF_KMS"))) {
            return false;
        }
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "TrentService.GetKeyPolicy").header("Content-Type", "application/x-amz-json-1.1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"KeyId\":\"alias/none\",\"PolicyName\":\"default\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return !answer.body().contains("UnknownOperationException");
    }

    private void step(Path terraform, String name, List<String> args, int expectedExit) throws Exception {
        long started = System.nanoTime();
        Run run = terraform(terraform, args);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println("terraform " + name + ": exit " + run.exit() + " in " + seconds + " s");
        assertEquals(expectedExit, run.exit(), "terraform " + name + " (" + String.join(" ", args) + "):\n"
                + tail(run.output()));
    }

    private Run terraform(Path terraform, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(terraform.toString()));
        command.addAll(args);
        Path log = Files.createTempFile(work, "terraform", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
        env.put("TF_CLI_CONFIG_FILE", work.resolve("cli.tfrc").toString());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("CHECKPOINT_DISABLE", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out after " + COMMAND_LIMIT + "\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static List<String> with(List<String> args, List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return all;
    }

    private static Map<String, String> tags(EventBridgeClient events, String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : events.listTagsForResource(r -> r.resourceARN(arn)).tags()) {
            tags.put(t.key(), t.value());
        }
        return tags;
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : "..." + output.substring(output.length() - 6000);
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable).findFirst();
    }

    /** The folder holding registry.terraform.io/hashicorp/aws/5.100.0. */
    private static Optional<Path> mirror() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("BRIDGEKEEPER_TF_PLUGIN_MIRROR");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        String home = System.getProperty("user.home");
        candidates.addAll(List.of(Path.of("/opt/tf-plugins"), Path.of("/usr/local/share/terraform/plugins"),
                Path.of("/usr/share/terraform/plugins"), Path.of(home, ".terraform.d", "plugins"),
                Path.of(home, ".local", "share", "terraform", "plugins")));
        return candidates.stream().filter(dir -> Files.isDirectory(dir.resolve(PROVIDER))).findFirst();
    }
}
