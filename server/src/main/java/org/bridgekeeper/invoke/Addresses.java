package org.bridgekeeper.invoke;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of address an IP address is, for the egress policy; and how a URL's host reads as
 * an address. Pure: no lookups.
 *
 * <p>Ranges not called by default (IANA special-purpose registries): loopback {@code 127/8},
 * {@code ::1}; unspecified {@code 0/8} ("this network": Linux connects {@code 0.0.0.0} to the
 * host itself), {@code ::}; private {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, IPv6
 * unique local {@code fc00::/7} and the deprecated site-local {@code fec0::/10}; carrier-grade
 * NAT {@code 100.64/10}; link-local {@code 169.254/16} (cloud metadata services) and
 * {@code fe80::/10}; multicast {@code 224/4}, {@code ff00::/8}; reserved {@code 240/4} (with
 * the broadcast address), {@code 192.0.0/24} (protocol assignments), {@code 198.18/15}
 * (benchmarking), {@code 100::/64} (discard). An IPv6 address that carries an IPv4 address
 * (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}
 * and {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}) is the kind of the IPv4 address it leads to.
 */
public final class Addresses {

    /** The kinds of address; {@link #PUBLIC} is called, the others only where {@code --egress-allow} opens them. */
    public enum Kind {
        PUBLIC(null), LOOPBACK("loopback"), UNSPECIFIED("unspecified"), PRIVATE("private"),
        CARRIER_GRADE_NAT("carrier-grade NAT"), LINK_LOCAL("link-local"), MULTICAST("multicast"), RESERVED("reserved");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** How a refusal names it ("loopback"); null for PUBLIC. */
        public String label() {
            return label;
        }
    }

    private Addresses() {}

    public static Kind kind(InetAddress address) {
        return kind(address.getAddress());
    }

    static Kind kind(byte[] a) {
        if (a.length == 4) {
            return kind4(a);
        }
        byte[] embedded = embeddedIpv4(a);
        if (embedded != null) {
            return kind4(embedded);
        }
        return kind6(a);
    }

    private static Kind kind4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        if (b0 == 0) {
            return Kind.UNSPECIFIED;
        }
        if (b0 == 127) {
            return Kind.LOOPBACK;
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168) {
            return Kind.PRIVATE;
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return Kind.CARRIER_GRADE_NAT;
        }
        if (b0 == 169 && b1 == 254) {
            return Kind.LINK_LOCAL;
        }
        if ((b0 & 0xf0) == 224) {
            return Kind.MULTICAST;
        }
        if ((b0 & 0xf0) == 240 || b0 == 192 && b1 == 0 && b2 == 0 || b0 == 198 && (b1 & 0xfe) == 18) {
            return Kind.RESERVED;
        }
        return Kind.PUBLIC;
    }

    private static Kind kind6(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if (isZero(a, 0, 15)) {
            int last = a[15] & 0xff;
            return last == 0 ? Kind.UNSPECIFIED : last == 1 ? Kind.LOOPBACK : Kind.RESERVED;
        }
        if (first == 0xff) {
            return Kind.MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Kind.LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc || first == 0xfe && (second & 0xc0) == 0xc0) {
            return Kind.PRIVATE; // unique local fc00::/7; site-local fec0::/10 (deprecated)
        }
        if (first == 0x01 && second == 0 && isZero(a, 2, 8)) {
            return Kind.RESERVED; // discard-only 100::/64
        }
        return Kind.PUBLIC;
    }

    /**
     * The IPv4 address an IPv6 address leads to, or null: IPv4-mapped and IPv4-compatible
     * ({@code ::/96}, except {@code ::} and {@code ::1}), NAT64 ({@code 64:ff9b::/96},
     * {@code 64:ff9b:1::/48}), 6to4 ({@code 2002::/16}).
     */
    static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return null;
        }
        if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return slice(a, 12);
        }
        if (isZero(a, 0, 12) && !isZero(a, 12, 15)) {
            return slice(a, 12);
        }
        boolean nat64 = a[0] == 0 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b;
        if (nat64 && isZero(a, 4, 12)) {
            return slice(a, 12);
        }
        if (nat64 && a[4] == 0 && a[5] == 1) {
            return slice(a, 12); // local-use NAT64 prefix (RFC 8215); the IPv4 address is in the last 32 bits
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
            return slice(a, 2);
        }
        return null;
    }

    private static byte[] slice(byte[] a, int from) {
        return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
    }

    private static boolean isZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address a URL's host spells, if it is a literal: an IPv6 literal (with or without
     * brackets), or a host made only of numbers, read as browsers, curl and the C library read
     * them (the WHATWG URL standard's IPv4 parser): one to four parts, each decimal, octal
     * (leading {@code 0}) or hex ({@code 0x}), the last filling the remaining bytes. So
     * {@code 2130706433}, {@code 0x7f.1} and {@code 0177.0.0.1} are all {@code 127.0.0.1}
     * (the JDK alone would read the last as {@code 177.0.0.1}).
     *
     * @return empty for a name (to be resolved); an empty array for a host made of numbers that
     *         is no address ({@code 1.2.3.4.5}, {@code 256.0.0.1})
     */
    static Optional<byte[]> literal(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            if (!h.matches("[0-9A-Fa-f:.]+(%[\\w.~-]+)?")) {
                return Optional.of(new byte[0]);
            }
            try {
                return Optional.of(InetAddress.getByName("[" + h + "]").getAddress()); // a literal: no lookup
            } catch (UnknownHostException e) {
                return Optional.of(new byte[0]);
            }
        }
        String[] parts = (h.endsWith(".") ? h.substring(0, h.length() - 1) : h).split("\\.", -1);
        BigInteger[] numbers = new BigInteger[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = number(parts[i].toLowerCase(Locale.ROOT));
            if (numbers[i] == null) {
                return Optional.empty(); // a name
            }
        }
        if (parts.length > 4) {
            return Optional.of(new byte[0]);
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (numbers[i].compareTo(BigInteger.valueOf(255)) > 0) {
                return Optional.of(new byte[0]);
            }
            value = value << 8 | numbers[i].longValue();
        }
        int lastBytes = 5 - parts.length;
        BigInteger last = numbers[parts.length - 1];
        if (last.bitLength() > lastBytes * 8) {
            return Optional.of(new byte[0]);
        }
        value = value << (lastBytes * 8) | last.longValue();
        return Optional.of(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** A part of a numeric host: decimal, 0-prefixed octal, 0x-prefixed hex; null when not a number. */
    private static BigInteger number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return BigInteger.ZERO;
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        for (char c : digits.toCharArray()) {
            if (Character.digit(c, radix) < 0) {
                return null;
            }
        }
        return new BigInteger(digits, radix);
    }

    /** An address as text: dotted decimal, or IPv6 in its shortest form (RFC 5952). */
    public static String text(InetAddress address) {
        return text(address.getAddress());
    }

    static String text(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (a[2 * i] & 0xff) << 8 | a[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
