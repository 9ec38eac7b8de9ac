package org.bridgekeeper.sigv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The plain-Java SHA-256 and HMAC-SHA256 against the published vectors and the JDK's own. */
class Sha256Test {

    private static final HexFormat HEX = HexFormat.of();

    private static String sha(String text) {
        return HEX.formatHex(Sha256.digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** FIPS 180-2, appendix B (and the empty message). */
    @Test
    void fipsVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sha(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", sha("abc"));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", sha("a".repeat(1_000_000)));
    }

    /** RFC 4231, test cases 1-4, 6 and 7 (5 truncates the output, which SigV4 never does). */
    @Test
    void rfc4231Vectors() {
        assertHmac("0b".repeat(20), HEX.formatHex("Hi There".getBytes(StandardCharsets.US_ASCII)),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertHmac(HEX.formatHex("Jefe".getBytes(StandardCharsets.US_ASCII)),
                HEX.formatHex("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertHmac("aa".repeat(20), "dd".repeat(50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
        assertHmac("0102030405060708090a0b0c0d0e0f10111213141516171819", "cd".repeat(50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        assertHmac("aa".repeat(131), HEX.formatHex("Test Using Larger Than Block-Size Key - Hash Key First"
                .getBytes(StandardCharsets.US_ASCII)),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assertHmac("aa".repeat(131), HEX.formatHex(("This is a test using a larger than block-size key and a larger"
                + " than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")
                .getBytes(StandardCharsets.US_ASCII)),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    private static void assertHmac(String keyHex, String dataHex, String expected) {
        assertEquals(expected, HEX.formatHex(Sha256.hmac(HEX.parseHex(keyHex), HEX.parseHex(dataHex))));
    }

    /** Every length around the block and padding boundaries, and keys around the block size. */
    @Test
    void agreesWithTheJdkOnEveryLengthAroundTheBoundaries() throws Exception {
        Random random = new Random(42);
        for (int length = 0; length <= 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), Sha256.digest(data), "length " + length);
            byte[] key = new byte[length % 140];
            random.nextBytes(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            byte[] usedKey = key.length == 0 ? new byte[1] : key;
            assertArrayEquals(mac.doFinal(data), Sha256.hmac(usedKey, data), "length " + length);
        }
    }
}
