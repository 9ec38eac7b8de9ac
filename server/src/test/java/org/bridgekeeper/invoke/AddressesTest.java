package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bridgekeeper.invoke.Addresses.Kind;
import org.junit.jupiter.api.Test;

/** The address kinds of the egress policy, every range at its edges, and how hosts read as addresses. */
class AddressesTest {

    static Kind kind(String literal) throws Exception {
        return Addresses.kind(InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal));
    }

    static void assertKinds(Map<String, Kind> expected) throws Exception {
        for (Map.Entry<String, Kind> e : expected.entrySet()) {
            assertEquals(e.getValue(), kind(e.getKey()), e.getKey());
        }
    }

    @Test
    void ipv4RangesAndTheirEdges() throws Exception {
        Map<String, Kind> expected = new LinkedHashMap<>();
        expected.put("0.0.0.0", Kind.UNSPECIFIED);
        expected.put("0.255.255.255", Kind.UNSPECIFIED);
        expected.put("1.0.0.0", Kind.PUBLIC);
        expected.put("9.255.255.255", Kind.PUBLIC);
        expected.put("10.0.0.0", Kind.PRIVATE);
        expected.put("10.255.255.255", Kind.PRIVATE);
        expected.put("11.0.0.0", Kind.PUBLIC);
        expected.put("100.63.255.255", Kind.PUBLIC);
        expected.put("100.64.0.0", Kind.CARRIER_GRADE_NAT);
        expected.put("100.100.100.200", Kind.CARRIER_GRADE_NAT); // a metadata service in CGNAT space
        expected.put("100.127.255.255", Kind.CARRIER_GRADE_NAT);
        expected.put("100.128.0.0", Kind.PUBLIC);
        expected.put("126.255.255.255", Kind.PUBLIC);
        expected.put("127.0.0.0", Kind.LOOPBACK);
        expected.put("127.0.0.1", Kind.LOOPBACK);
        expected.put("127.255.255.255", Kind.LOOPBACK);
        expected.put("128.0.0.0", Kind.PUBLIC);
        expected.put("169.253.255.255", Kind.PUBLIC);
        expected.put("169.254.0.0", Kind.LINK_LOCAL);
        expected.put("169.254.169.254", Kind.LINK_LOCAL); // cloud metadata services
        expected.put("169.254.255.255", Kind.LINK_LOCAL);
        expected.put("169.255.0.0", Kind.PUBLIC);
        expected.put("172.15.255.255", Kind.PUBLIC);
        expected.put("172.16.0.0", Kind.PRIVATE);
        expected.put("172.31.255.255", Kind.PRIVATE);
        expected.put("172.32.0.0", Kind.PUBLIC);
        expected.put("192.0.0.0", Kind.RESERVED);
        expected.put("192.0.0.255", Kind.RESERVED);
        expected.put("192.0.1.0", Kind.PUBLIC);
        expected.put("192.167.255.255", Kind.PUBLIC);
        expected.put("192.168.0.0", Kind.PRIVATE);
        expected.put("192.168.255.255", Kind.PRIVATE);
        expected.put("192.169.0.0", Kind.PUBLIC);
        expected.put("198.17.255.255", Kind.PUBLIC);
        expected.put("198.18.0.0", Kind.RESERVED);
        expected.put("198.19.255.255", Kind.RESERVED);
        expected.put("198.20.0.0", Kind.PUBLIC);
        expected.put("223.255.255.255", Kind.PUBLIC);
        expected.put("224.0.0.0", Kind.MULTICAST);
        expected.put("239.255.255.255", Kind.MULTICAST);
        expected.put("240.0.0.0", Kind.RESERVED);
        expected.put("255.255.255.255", Kind.RESERVED);
        expected.put("8.8.8.8", Kind.PUBLIC);
        expected.put("93.184.216.34", Kind.PUBLIC);
        assertKinds(expected);
    }

    @Test
    void ipv6RangesAndTheirEdges() throws Exception {
        Map<String, Kind> expected = new LinkedHashMap<>();
        expected.put("::", Kind.UNSPECIFIED);
        expected.put("::1", Kind.LOOPBACK);
        expected.put("::2", Kind.RESERVED);
        expected.put("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Kind.PUBLIC);
        expected.put("fc00::", Kind.PRIVATE);
        expected.put("fd00:ec2::254", Kind.PRIVATE); // the EC2 metadata service over IPv6
        expected.put("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Kind.PRIVATE);
        expected.put("fe00::", Kind.PUBLIC);
        expected.put("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Kind.PUBLIC);
        expected.put("fe80::", Kind.LINK_LOCAL);
        expected.put("fe80::1", Kind.LINK_LOCAL);
        expected.put("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Kind.LINK_LOCAL);
        expected.put("fec0::", Kind.PRIVATE); // site-local, deprecated
        expected.put("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Kind.PRIVATE);
        expected.put("ff00::", Kind.MULTICAST);
        expected.put("ff02::1", Kind.MULTICAST);
        expected.put("100::", Kind.RESERVED);
        expected.put("100::ffff:ffff:ffff:ffff", Kind.RESERVED);
        expected.put("100:0:0:1::", Kind.PUBLIC);
        expected.put("2001:4860:4860::8888", Kind.PUBLIC);
        expected.put("2606:4700::1111", Kind.PUBLIC);
        assertKinds(expected);
    }

    @Test
    void anIpv6AddressCarryingAnIpv4AddressIsOfThatAddresssKind() throws Exception {
        // IPv4-mapped: the JDK itself reads it as the IPv4 address.
        assertEquals(Kind.LOOPBACK, kind("::ffff:127.0.0.1"));
        assertEquals(Kind.LOOPBACK, kind("::ffff:7f00:1"));
        assertEquals(Kind.LINK_LOCAL, kind("::ffff:169.254.169.254"));
        assertEquals(Kind.PUBLIC, kind("::ffff:8.8.8.8"));
        // The raw bytes too, as a resolver could hand them over.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        assertEquals(Kind.PRIVATE, Addresses.kind(mapped));
        // IPv4-compatible (deprecated), NAT64 (well-known and local-use prefixes), 6to4.
        assertEquals(Kind.LOOPBACK, kind("::127.0.0.1"));
        assertEquals(Kind.PRIVATE, kind("::10.1.2.3"));
        assertEquals(Kind.LOOPBACK, kind("64:ff9b::127.0.0.1"));
        assertEquals(Kind.LINK_LOCAL, kind("64:ff9b::a9fe:a9fe"));
        assertEquals(Kind.PUBLIC, kind("64:ff9b::8.8.8.8"));
        assertEquals(Kind.PRIVATE, kind("64:ff9b:1::192.168.0.1"));
        assertEquals(Kind.LOOPBACK, kind("2002:7f00:1::"));
        assertEquals(Kind.PRIVATE, kind("2002:c0a8:101::1"));
        assertEquals(Kind.PUBLIC, kind("2002:808:808::1"));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, Addresses.embeddedIpv4(InetAddress.getByName("[64:ff9b::7f00:1]").getAddress()));
        assertNull(Addresses.embeddedIpv4(InetAddress.getByName("[2001:db8::1]").getAddress()));
        assertNull(Addresses.embeddedIpv4(InetAddress.getByName("[::1]").getAddress()));
    }

    static String literal(String host) {
        return Addresses.literal(host).map(b -> b.length == 0 ? "no address" : Addresses.text(b)).orElse("a name");
    }

    @Test
    void everySpellingOfAnIpv4AddressReadsAsBrowsersAndCurlReadIt() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("127.0.0.1", "127.0.0.1");
        expected.put("2130706433", "127.0.0.1"); // decimal
        expected.put("0x7f000001", "127.0.0.1"); // hex
        expected.put("0X7F000001", "127.0.0.1");
        expected.put("017700000001", "127.0.0.1"); // octal
        expected.put("0177.0.0.1", "127.0.0.1"); // octal part: the JDK alone reads 177.0.0.1
        expected.put("0x7f.0.0.1", "127.0.0.1");
        expected.put("0x7f.1", "127.0.0.1"); // two parts: the last fills three bytes
        expected.put("127.1", "127.0.0.1");
        expected.put("127.0.1", "127.0.0.1");
        expected.put("0", "0.0.0.0");
        expected.put("0x", "0.0.0.0");
        expected.put("127.0.0.1.", "127.0.0.1"); // a trailing dot
        expected.put("169.254.43518", "169.254.169.254");
        expected.put("0xa9fea9fe", "169.254.169.254");
        expected.put("4294967295", "255.255.255.255");
        expected.put("4294967296", "no address"); // too large
        expected.put("256.0.0.1", "no address");
        expected.put("1.2.3.4.5", "no address");
        expected.put("08.0.0.1", "a name"); // 8 is no octal digit: not a number, so a name (as the WHATWG parser fails it)
        expected.put("example.com", "a name");
        expected.put("localhost", "a name");
        expected.put("1.2.3.example", "a name");
        expected.put("example.1", "a name");
        expected.put("[::1]", "::1");
        expected.put("::ffff:127.0.0.1", "127.0.0.1");
        expected.put("[::ffff:7f00:1]", "127.0.0.1");
        expected.put("[fe80::1]", "fe80::1");
        expected.put("[not:an:address:zz]", "no address");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), literal(e.getKey()), e.getKey());
        }
    }

    @Test
    void ipv6IsWrittenInItsShortestForm() throws Exception {
        assertEquals("::", Addresses.text(InetAddress.getByName("[::]").getAddress()));
        assertEquals("::1", Addresses.text(InetAddress.getByName("[::1]").getAddress()));
        assertEquals("fe80::1", Addresses.text(InetAddress.getByName("[fe80:0:0:0:0:0:0:1]").getAddress()));
        assertEquals("2001:db8::1:0:0:1", Addresses.text(InetAddress.getByName("[2001:db8:0:0:1:0:0:1]").getAddress()));
        assertEquals("2001:db8:0:1:1:1:1:1", Addresses.text(InetAddress.getByName("[2001:db8:0:1:1:1:1:1]").getAddress()));
        assertEquals("64:ff9b::7f00:1", Addresses.text(InetAddress.getByName("[64:ff9b::127.0.0.1]").getAddress()));
        assertEquals("fd00:ec2::254", Addresses.text(InetAddress.getByName("[fd00:ec2:0:0:0:0:0:254]").getAddress()));
        assertTrue(Addresses.text(new byte[] {10, 0, 0, 1}).equals("10.0.0.1"));
    }
}
