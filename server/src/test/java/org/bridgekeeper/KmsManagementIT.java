package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The key operations Terraform's aws_kms_key and aws_kms_alias call (policy, rotation, untag,
 * description, cancel deletion, alias update and delete), through the real SDK v2 KmsClient.
 */
class KmsManagementIT {

    @TempDir
    Path dataDir;
    TestServer server;
    KmsClient kms;

    @BeforeEach
    void start() {
        server = new TestServer(dataDir);
        kms = client();
    }

    KmsClient client() {
        return KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("111122223333", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        kms.close();
        server.close();
    }

    String newKey() {
        return kms.createKey(r -> r.description("d")).keyMetadata().keyId();
    }

    @Test
    void aKeyCreatedWithoutAPolicyHasKmssDefaultPolicyLaidOutAsKmsReturnsIt() {
        String key = newKey();
        var policy = kms.getKeyPolicy(r -> r.keyId(key).policyName("default"));
        assertEquals("{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n"
                + "      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n"
                + "    \"Resource\" : \"*\"\n  } ]\n}", policy.policy());
        assertEquals("default", policy.policyName());
        assertEquals(List.of("default"), kms.listKeyPolicies(r -> r.keyId(key)).policyNames());
        // PolicyName may be left out: "default" is the only one.
        assertEquals(policy.policy(), kms.getKeyPolicy(r -> r.keyId(key)).policy());
        NotFoundException other = assertThrows(NotFoundException.class,
                () -> kms.getKeyPolicy(r -> r.keyId(key).policyName("other")));
        assertEquals("No such policy exists", other.awsErrorDetails().errorMessage());
    }

    @Test
    void policiesAreStoredAsPutAtCreateAndLater() {
        String given = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        String key = kms.createKey(r -> r.policy(given)).keyMetadata().keyId();
        assertEquals(given, kms.getKeyPolicy(r -> r.keyId(key)).policy());
        String next = given.replace("kms:*", "kms:Describe*");
        kms.putKeyPolicy(r -> r.keyId(key).policyName("default").policy(next));
        assertEquals(next, kms.getKeyPolicy(r -> r.keyId(key)).policy());
        MalformedPolicyDocumentException bad = assertThrows(MalformedPolicyDocumentException.class,
                () -> kms.putKeyPolicy(r -> r.keyId(key).policy("{not json")));
        assertEquals("The key policy is not a valid JSON document.", bad.awsErrorDetails().errorMessage());
        assertThrows(MalformedPolicyDocumentException.class, () -> kms.createKey(r -> r.policy("[]")));
    }

    @Test
    void rotationIsOffUntilEnabledWithAPeriod() {
        String key = newKey();
        GetKeyRotationStatusResponse off = kms.getKeyRotationStatus(r -> r.keyId(key));
        assertFalse(off.keyRotationEnabled());
        assertNull(off.rotationPeriodInDays());
        kms.enableKeyRotation(r -> r.keyId(key));
        assertEquals(365, kms.getKeyRotationStatus(r -> r.keyId(key)).rotationPeriodInDays());
        kms.enableKeyRotation(r -> r.keyId(key).rotationPeriodInDays(90));
        GetKeyRotationStatusResponse on = kms.getKeyRotationStatus(r -> r.keyId(key));
        assertTrue(on.keyRotationEnabled());
        assertEquals(90, on.rotationPeriodInDays());
        assertTrue(on.keyId().endsWith(":key/" + key));
        KmsException range = assertThrows(KmsException.class,
                () -> kms.enableKeyRotation(r -> r.keyId(key).rotationPeriodInDays(30)));
        assertEquals("ValidationException", range.awsErrorDetails().errorCode());
        kms.disableKeyRotation(r -> r.keyId(key));
        assertFalse(kms.getKeyRotationStatus(r -> r.keyId(key)).keyRotationEnabled());

        kms.disableKey(r -> r.keyId(key));
        String arn = kms.describeKey(r -> r.keyId(key)).keyMetadata().arn();
        DisabledException disabled = assertThrows(DisabledException.class, () -> kms.enableKeyRotation(r -> r.keyId(key)));
        assertEquals(arn + " is disabled.", disabled.awsErrorDetails().errorMessage());
    }

    @Test
    void descriptionAndTagsChange() {
        String key = kms.createKey(r -> r.description("old").tags(Tag.builder().tagKey("a").tagValue("1").build(),
                Tag.builder().tagKey("b").tagValue("2").build())).keyMetadata().keyId();
        kms.updateKeyDescription(r -> r.keyId(key).description("new"));
        assertEquals("new", kms.describeKey(r -> r.keyId(key)).keyMetadata().description());
        kms.untagResource(r -> r.keyId(key).tagKeys("a", "absent"));
        assertEquals(List.of("b"), kms.listResourceTags(r -> r.keyId(key)).tags().stream().map(Tag::tagKey).toList());
    }

    @Test
    void cancellingADeletionLeavesTheKeyDisabled() {
        String key = newKey();
        String arn = kms.describeKey(r -> r.keyId(key)).keyMetadata().arn();
        KmsInvalidStateException notPending = assertThrows(KmsInvalidStateException.class,
                () -> kms.cancelKeyDeletion(r -> r.keyId(key)));
        assertEquals(arn + " is not pending deletion.", notPending.awsErrorDetails().errorMessage());
        kms.scheduleKeyDeletion(r -> r.keyId(key).pendingWindowInDays(7));
        KmsInvalidStateException pending = assertThrows(KmsInvalidStateException.class,
                () -> kms.updateKeyDescription(r -> r.keyId(key).description("x")));
        assertEquals(arn + " is pending deletion.", pending.awsErrorDetails().errorMessage());
        assertEquals(arn, kms.cancelKeyDeletion(r -> r.keyId(key)).keyId());
        var metadata = kms.describeKey(r -> r.keyId(key)).keyMetadata();
        assertEquals(KeyState.DISABLED, metadata.keyState());
        assertNull(metadata.deletionDate());
    }

    @Test
    void aliasesMoveAndGo() {
        String first = newKey();
        String second = newKey();
        kms.createAlias(r -> r.aliasName("alias/app").targetKeyId(first));
        kms.updateAlias(r -> r.aliasName("alias/app").targetKeyId(second));
        AliasListEntry alias = kms.listAliases().aliases().getFirst();
        assertEquals(second, alias.targetKeyId());
        assertFalse(alias.lastUpdatedDate().isBefore(alias.creationDate()));
        assertEquals(second, kms.describeKey(r -> r.keyId("alias/app")).keyMetadata().keyId());

        kms.scheduleKeyDeletion(r -> r.keyId(first).pendingWindowInDays(7));
        assertThrows(KmsInvalidStateException.class, () -> kms.updateAlias(r -> r.aliasName("alias/app").targetKeyId(first)));
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> kms.updateAlias(r -> r.aliasName("alias/none").targetKeyId(second)));
        assertEquals("Alias 'arn:aws:kms:us-east-1:111122223333:alias/none' is not found.", missing.awsErrorDetails().errorMessage());

        kms.deleteAlias(r -> r.aliasName("alias/app"));
        assertTrue(kms.listAliases().aliases().isEmpty());
        assertThrows(NotFoundException.class, () -> kms.deleteAlias(r -> r.aliasName("alias/app")));
        // The key stays, and a new alias of the same name can be made.
        kms.createAlias(r -> r.aliasName("alias/app").targetKeyId(second));
    }

    @Test
    void policyAndRotationSurviveARestart() {
        String key = newKey();
        kms.putKeyPolicy(r -> r.keyId(key).policy("{\"Statement\":[]}"));
        kms.enableKeyRotation(r -> r.keyId(key).rotationPeriodInDays(180));
        server.restart();
        kms.close();
        kms = client(); // the port changes
        assertEquals("{\"Statement\":[]}", kms.getKeyPolicy(r -> r.keyId(key)).policy());
        assertEquals(180, kms.getKeyRotationStatus(r -> r.keyId(key)).rotationPeriodInDays());
    }
}
