package org.bridgekeeper.invoke;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CIDR range, such as {@code 127.0.0.0/8} or {@code fd00::/8}: what {@code --egress-allow}
 * opens. An IPv4 range holds IPv4 addresses only (an IPv4-mapped IPv6 address is its IPv4
 * address: the JDK reads {@code ::ffff:127.0.0.1} as {@code 127.0.0.1}).
 *
 * @param network the first address, host bits cleared
 * @param prefix  the number of leading bits that are fixed
 */
public record AddressRange(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public AddressRange {
        network = network.clone();
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range");
        }
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
    }

    /**
     * {@code address/prefix}, or an address alone (one address: /32 or /128). Only literal
     * addresses in their usual forms (dotted decimal, IPv6 text); host bits are cleared.
     *
     * @throws IllegalArgumentException with what is wrong
     */
    public static AddressRange parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        byte[] bytes;
        if (IPV4.matcher(address).matches()) {
            bytes = new byte[4];
            String[] parts = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 range (CIDR)");
                }
                bytes[i] = (byte) part;
            }
        } else if (address.contains(":") && address.matches("[0-9A-Fa-f:.]+")) {
            try {
                bytes = InetAddress.getByName("[" + address + "]").getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 range (CIDR)");
            }
        } else {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 range (CIDR)");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String bits = t.substring(slash + 1);
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length that is not 0 to " + bytes.length * 8);
            }
            prefix = Integer.parseInt(bits);
        }
        return new AddressRange(bytes, prefix);
    }

    /** Comma-separated ranges; blanks around them are ignored, empty items refused. */
    public static List<AddressRange> parseList(String text) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException("an empty range in '" + text + "'");
            }
            ranges.add(parse(item));
        }
        return List.copyOf(ranges);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefix == prefix && java.util.Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return Addresses.text(network) + "/" + prefix;
    }
}
