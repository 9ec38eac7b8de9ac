package org.bridgekeeper.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.bridgekeeper.common.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which mode a start gets, and the refusals that keep a server from serving openly by accident. */
class AuthenticationTest {

    static final Scope DEFAULTS = new Scope("000000000000", "us-east-1");
    static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    Path credentials() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[a]\naws_access_key_id=AK\naws_secret_access_key=S\naws_account_id=111122223333\n");
        return file;
    }

    static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void autoIsOffWithTheHostCheckOnLoopback() throws Exception {
        Authentication a = Authentication.configure("auto", null, null, address("127.0.0.1"), DEFAULTS, CLOCK);
        assertFalse(a.verifies());
        assertEquals("auth off, Host must be loopback", a.describe());
        assertFalse(Authentication.configure("auto", null, null, address("::1"), DEFAULTS, CLOCK).verifies());
    }

    @Test
    void autoVerifiesWhenGivenACredentialsFileWherever() throws Exception {
        Path file = credentials();
        assertTrue(Authentication.configure("auto", file, null, address("127.0.0.1"), DEFAULTS, CLOCK).verifies());
        Authentication open = Authentication.configure("auto", file, null, address("0.0.0.0"), DEFAULTS, CLOCK);
        assertTrue(open.verifies());
        assertEquals("auth verify (1 key from " + file + ")", open.describe());
    }

    @Test
    void autoRefusesToServeOtherAddressesWithoutKeysAndSaysWhatToDo() throws Exception {
        for (String any : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Authentication.configure("auto", null, null, address(any), DEFAULTS, CLOCK));
            assertTrue(e.getMessage().contains("not a loopback address, without authentication"), e.getMessage());
            assertTrue(e.getMessage().contains("--credentials-file FILE"), e.getMessage());
            assertTrue(e.getMessage().contains("--auth off"), e.getMessage());
        }
    }

    @Test
    void offExplicitlyServesAnyAddressWithoutTheHostCheckUnlessNamesAreGiven() throws Exception {
        Authentication open = Authentication.configure("off", null, null, address("0.0.0.0"), DEFAULTS, CLOCK);
        assertEquals("auth off", open.describe());
        Authentication named = Authentication.configure("off", null, "bk.internal", address("0.0.0.0"), DEFAULTS, CLOCK);
        assertEquals("auth off, Host must be loopback or bk.internal", named.describe());
        assertEquals("auth off, Host must be loopback",
                Authentication.configure("off", credentials(), null, address("127.0.0.1"), DEFAULTS, CLOCK).describe());
    }

    @Test
    void verifyNeedsKeys() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Authentication.configure("verify", null, null, address("127.0.0.1"), DEFAULTS, CLOCK));
        assertEquals("--auth verify needs --credentials-file FILE (BRIDGEKEEPER_CREDENTIALS_FILE): the keys whose"
                + " signatures are accepted", e.getMessage());
        assertTrue(Authentication.configure("verify", credentials(), null, address("127.0.0.1"), DEFAULTS, CLOCK)
                .verifies());
    }
}
