package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * Terraform's hashicorp/aws provider against Bridgekeeper for the KMS side of a connection:
 * {@code aws_kms_key} (rotation, tags, the default policy) and {@code aws_kms_alias}, a BASIC
 * {@code aws_cloudwatch_event_connection} whose {@code kms_key_identifier} names the alias, and
 * {@code data.aws_caller_identity}, without any of the provider's skip flags (so STS
 * GetCallerIdentity is called). Apply, a plan with no changes, an update, a clean plan again,
 * destroy. Terraform's debug log goes to {@code server/target/terraform-kms.log}. Skipped where
 * {@code terraform} or a local provider mirror (a folder {@code registry.terraform.io} holding
 * hashicorp/aws; {@code BRIDGEKEEPER_TF_PLUGIN_MIRROR} names one elsewhere) is missing. About 1-3 minutes:
 * the provider waits for each KMS change to read back five times in a row.
 */
class TerraformKmsIT {

    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path work;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Run(int exit, String out) {}

    @Test
    void kmsKeyAliasAndAConnectionThatUsesThem() throws Exception {
        assumeTrue(run(work, Map.of(), "terraform", "version").exit() == 0, "terraform is not installed");
        Optional<Path> mirror = mirror();
        assumeTrue(mirror.isPresent(), "no provider mirror (registry.terraform.io/hashicorp/aws) found");

        server = new TestServer(work.resolve("data"), "--settle-delay-ms", "0");
        Path rc = work.resolve("terraformrc");
        Files.writeString(rc, """
                provider_installation {
                  filesystem_mirror {
                    path    = "%s"
                    include = ["registry.terraform.io/hashicorp/aws"]
                  }
                  direct {
                    exclude = ["registry.terraform.io/hashicorp/aws"]
                  }
                }
                """.formatted(mirror.get()));
        Map<String, String> env = Map.of("TF_CLI_CONFIG_FILE", rc.toString(), "TF_IN_AUTOMATION", "1",
                "CHECKPOINT_DISABLE", "1", "AWS_EC2_METADATA_DISABLED", "true", "TF_LOG", "DEBUG",
                "TF_LOG_PATH", Path.of("target", "terraform-kms.log").toAbsolutePath().toString());
        Path dir = Files.createDirectories(work.resolve("tf"));
        Files.writeString(dir.resolve("main.tf"), config("connection secrets", 90));

        Run init = run(dir, env, "terraform", "init", "-input=false", "-no-color");
        assertEquals(0, init.exit(), init.out());
        Run apply = run(dir, env, "terraform", "apply", "-auto-approve", "-input=false", "-no-color");
        assertEquals(0, apply.exit(), apply.out());
        assertTrue(apply.out().contains("account = \"" + ACCOUNT + "\""), apply.out());
        assertPlansClean(dir, env);

        var events = server.client(ACCOUNT, Region.US_EAST_1);
        var connection = events.describeConnection(r -> r.name("tf-basic"));
        assertEquals("alias/tf-connections", connection.kmsKeyIdentifier());
        assertEquals("AUTHORIZED", connection.connectionStateAsString());

        Files.writeString(dir.resolve("main.tf"), config("connection secrets, v2", 180));
        Run update = run(dir, env, "terraform", "apply", "-auto-approve", "-input=false", "-no-color");
        assertEquals(0, update.exit(), update.out());
        assertTrue(update.out().contains("0 added, 1 changed, 0 destroyed"), update.out());
        assertPlansClean(dir, env);

        Run destroy = run(dir, env, "terraform", "destroy", "-auto-approve", "-input=false", "-no-color");
        assertEquals(0, destroy.exit(), destroy.out());
        assertTrue(events.listConnections(r -> r.namePrefix("tf-")).connections().isEmpty());
    }

    private void assertPlansClean(Path dir, Map<String, String> env) throws Exception {
        Run plan = run(dir, env, "terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color");
        assertEquals(0, plan.exit(), "a plan right after apply must find nothing to change:\n" + plan.out());
    }

    private String config(String description, int rotationDays) {
        String endpoint = server.endpoint().toString();
        return """
                terraform {
                  required_providers {
                    aws = { source = "hashicorp/aws" }
                  }
                }
                provider "aws" {
                  region     = "us-east-1"
                  access_key = "%s"
                  secret_key = "test"
                  endpoints {
                    kms    = "%s"
                    events = "%s"
                    sts    = "%s"
                  }
                }
                data "aws_caller_identity" "me" {}
                resource "aws_kms_key" "connections" {
                  description             = "%s"
                  deletion_window_in_days = 7
                  enable_key_rotation     = true
                  rotation_period_in_days = %d
                  tags = { EventBridgeApiDestinations = "true" }
                }
                resource "aws_kms_alias" "connections" {
                  name          = "alias/tf-connections"
                  target_key_id = aws_kms_key.connections.key_id
                }
                resource "aws_cloudwatch_event_connection" "basic" {
                  name               = "tf-basic"
                  authorization_type = "BASIC"
                  kms_key_identifier = aws_kms_alias.connections.name
                  auth_parameters {
                    basic {
                      username = "user"
                      password = "pass"
                    }
                  }
                }
                output "account" { value = data.aws_caller_identity.me.account_id }
                """.formatted(ACCOUNT, endpoint, endpoint, endpoint, description, rotationDays);
    }

    /** A filesystem mirror holding the hashicorp/aws provider. */
    private static Optional<Path> mirror() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("BRIDGEKEEPER_TF_PLUGIN_MIRROR");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/opt/tf-plugins"));
        candidates.add(Path.of(System.getProperty("user.home"), ".terraform.d", "plugins"));
        candidates.add(Path.of("/usr/share/terraform/plugins"));
        candidates.add(Path.of("/usr/local/share/terraform/plugins"));
        return candidates.stream()
                .filter(p -> Files.isDirectory(p.resolve("registry.terraform.io/hashicorp/aws")))
                .findFirst();
    }

    private static Run run(Path dir, Map<String, String> env, String... command) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("AWS_PROFILE");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Run(-1, new String(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(-1, e.toString());
        }
    }
}
