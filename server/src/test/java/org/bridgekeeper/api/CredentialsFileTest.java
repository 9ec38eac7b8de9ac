package org.bridgekeeper.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials file: AWS's INI format, a section per key; a bad file names where, never a secret. */
class CredentialsFileTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY";

    @TempDir
    Path dir;

    Path file(String text) throws Exception {
        Path f = dir.resolve("credentials");
        Files.writeString(f, text);
        return f;
    }

    IllegalArgumentException refused(String text) throws Exception {
        Path f = file(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.load(f));
        assertFalse(e.getMessage().contains(SECRET), "the secret is never in a message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("credentials file " + f), e.getMessage());
        return e;
    }

    @Test
    void readsTheAwsFormat() throws Exception {
        CredentialsFile keys = CredentialsFile.load(file("""
                \uFEFF# comment
                ; another
                [default]
                aws_access_key_id = AKIDEXAMPLE
                aws_secret_access_key = %s
                aws_account_id = 111122223333
                region = eu-west-1
                aws_session_token = ignored

                [ci]
                AWS_ACCESS_KEY_ID: ci-key
                aws_secret_access_key:x=y:z
                aws_account_id: 444455556666
                """.formatted(SECRET)));
        assertEquals(2, keys.size());
        CredentialsFile.Key key = keys.find("AKIDEXAMPLE").orElseThrow();
        assertEquals("111122223333", key.account());
        assertEquals(SECRET, key.credentials().secretAccessKey());
        assertEquals("x=y:z", keys.find("ci-key").orElseThrow().credentials().secretAccessKey());
        assertTrue(keys.find("nobody").isEmpty());
        assertFalse(key.toString().contains(SECRET), key.toString());
        assertFalse(keys.toString().contains(SECRET), keys.toString());
    }

    @Test
    void aSectionWithoutItsAccountNamesTheSection() throws Exception {
        IllegalArgumentException e = refused("[ok]\naws_access_key_id=A\naws_secret_access_key=s\naws_account_id=111122223333\n"
                + "[personal]\naws_access_key_id=B\naws_secret_access_key=" + SECRET + "\n");
        assertTrue(e.getMessage().endsWith("section [personal]: aws_account_id is missing (each section needs"
                + " aws_access_key_id, aws_secret_access_key and aws_account_id)"), e.getMessage());
    }

    @Test
    void eachProblemIsNamed() throws Exception {
        assertTrue(refused("[a]\naws_access_key_id=A\naws_secret_access_key=" + SECRET + "\naws_account_id=12345\n")
                .getMessage().contains("section [a]: aws_account_id must be 12 digits"));
        assertTrue(refused("[a]\naws_access_key_id=A\naws_secret_access_key=s\naws_account_id=" + SECRET + "\n")
                .getMessage().contains("section [a]: aws_account_id must be 12 digits"));
        assertTrue(refused("[a]\naws_access_key_id=A/B\naws_secret_access_key=s\naws_account_id=111122223333\n")
                .getMessage().contains("section [a]: aws_access_key_id must be"));
        assertTrue(refused("[a]\naws_access_key_id=A\naws_secret_access_key=s\naws_account_id=111122223333\n"
                + "[b]\naws_access_key_id=A\naws_secret_access_key=t\naws_account_id=111122223334\n")
                .getMessage().endsWith("section [b]: aws_access_key_id A is also the key of section [a]"));
        assertTrue(refused("[a]\n" + SECRET + "\n").getMessage().endsWith("line 2 (section [a]): not a section header"
                + " '[name]' nor 'name = value'"));
        assertTrue(refused("aws_secret_access_key=" + SECRET + "\n").getMessage()
                .endsWith("line 1: a setting before the first section header '[name]'"));
        assertTrue(refused("[a]\n[a]\n").getMessage().endsWith("line 2: section [a] appears twice"));
        assertTrue(refused("[a]\naws_account_id=1\naws_account_id=2\n").getMessage()
                .endsWith("line 3: aws_account_id appears twice in section [a]"));
        assertTrue(refused("[a]\naws_secret_access_key =\n  " + SECRET + "\n").getMessage().contains("line 3: an indented"
                + " line"));
        assertTrue(refused("# nothing\n").getMessage().contains("holds no key"));
        Path missing = dir.resolve("nope");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CredentialsFile.load(missing)).getMessage()
                .startsWith("credentials file " + missing + " cannot be read"));
    }
}
