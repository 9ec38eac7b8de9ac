package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ranges of --egress-allow. */
class AddressRangeTest {

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
    }

    @Test
    void anIpv4RangeHoldsItsAddressesAndNoOthers() throws Exception {
        AddressRange loopback = AddressRange.parse("127.0.0.0/8");
        assertTrue(loopback.contains(ip("127.0.0.0")));
        assertTrue(loopback.contains(ip("127.255.255.255")));
        assertFalse(loopback.contains(ip("126.255.255.255")));
        assertFalse(loopback.contains(ip("128.0.0.0")));
        assertFalse(loopback.contains(ip("::1")), "an IPv4 range holds no IPv6 address");
        assertTrue(loopback.contains(ip("::ffff:127.0.0.1")), "the JDK reads an IPv4-mapped address as IPv4");
        AddressRange odd = AddressRange.parse("100.64.0.0/10");
        assertTrue(odd.contains(ip("100.127.255.255")));
        assertFalse(odd.contains(ip("100.128.0.0")));
    }

    @Test
    void anIpv6RangeAndSingleAddresses() throws Exception {
        AddressRange ula = AddressRange.parse("fd00::/8");
        assertTrue(ula.contains(ip("fd12:3456::1")));
        assertFalse(ula.contains(ip("fc00::1")));
        assertFalse(ula.contains(ip("10.0.0.1")));
        AddressRange one = AddressRange.parse("10.0.0.7");
        assertEquals(32, one.prefix());
        assertTrue(one.contains(ip("10.0.0.7")));
        assertFalse(one.contains(ip("10.0.0.8")));
        assertEquals(128, AddressRange.parse("::1").prefix());
        assertEquals(128, AddressRange.parse("[::1]").prefix());
        AddressRange all = AddressRange.parse("0.0.0.0/0");
        assertTrue(all.contains(ip("255.255.255.255")));
    }

    @Test
    void hostBitsAreClearedAndTheRangeReadsBack() {
        assertEquals("10.0.0.0/8", AddressRange.parse("10.1.2.3/8").toString());
        assertEquals(AddressRange.parse("10.0.0.0/8"), AddressRange.parse(" 10.9.9.9/8 "));
        assertEquals("fd00::/8", AddressRange.parse("fdff::1/8").toString());
        assertEquals(List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("::1/128")),
                AddressRange.parseList("127.0.0.0/8, ::1/128"));
    }

    @Test
    void namesOddSpellingsAndBadPrefixesAreRefused() {
        for (String bad : List.of("localhost", "localhost/8", "2130706433/32", "0x7f.1/8", "127.1/8", "256.0.0.0/8",
                "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "::1/129", "10.0.0.0/8/8", "")) {
            assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parseList("127.0.0.0/8,,::1"));
    }
}
