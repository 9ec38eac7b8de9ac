package org.bridgekeeper.invoke;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where outbound calls may go: the one policy every call made for a connection or an API
 * destination obeys (through {@link Outbound}, which alone holds the HTTP clients). A host is
 * read as an address (any spelling: {@link Addresses#literal}) or resolved once; each address
 * it resolves to is checked, and the call goes to the first allowed one, by that address, so a
 * later answer of the name server (DNS rebinding) never matters.
 *
 * <p>Public addresses are allowed. The other {@link Addresses.Kind kinds} (loopback, private,
 * link-local, ...) are refused unless a range of {@code --egress-allow} holds them; the
 * server's own listening address is refused always (a destination pointed at PutEvents would
 * loop). Addresses of the operator's resource configuration map are not checked: the map is
 * the operator's, and private connectivity is what it is for.
 */
public final class EgressPolicy {

    /** Resolves a name to its addresses: the system's resolver; tests pass their own. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    /** What a call to a host may do. */
    public sealed interface Decision {
        /** Connect to this address, and to no other. */
        record Connect(InetAddress address) implements Decision {}

        /** Do not call: {@code reason} names the address and how to allow it (a StateReason, a dead-letter reason). */
        record Refused(String reason) implements Decision {}

        /** The name does not resolve (or the host is a number that is no address). */
        record Unresolved() implements Decision {}
    }

    /** The flag that opens ranges, as refusals name it. */
    static final String FLAG = "--egress-allow";

    private final List<AddressRange> allowed;
    private final Resolver resolver;
    private volatile InetSocketAddress own;

    public EgressPolicy(List<AddressRange> allowed, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.resolver = resolver;
    }

    /** The policy with the system's resolver. */
    public static EgressPolicy of(List<AddressRange> allowed) {
        return new EgressPolicy(allowed, InetAddress::getAllByName);
    }

    /** The server's own listening address, once it is bound: never called, whatever is allowed. */
    public void listening(InetSocketAddress address) {
        this.own = address;
    }

    /**
     * Where a call to {@code host}:{@code port} goes.
     *
     * @param what the endpoint's name in a refusal ("endpoint", "authorization endpoint")
     * @param host the URL's host, as {@link java.net.URI#getHost} gives it (IPv6 in brackets or not)
     */
    public Decision decide(String what, String host, int port) {
        InetAddress[] candidates;
        Optional<byte[]> literal = Addresses.literal(host);
        try {
            if (literal.isPresent()) {
                if (literal.get().length == 0) {
                    return new Decision.Unresolved();
                }
                candidates = new InetAddress[] {InetAddress.getByAddress(literal.get())};
            } else {
                candidates = resolver.resolve(host);
            }
        } catch (UnknownHostException e) {
            return new Decision.Unresolved();
        }
        if (candidates == null || candidates.length == 0) {
            return new Decision.Unresolved();
        }
        String refusal = null;
        for (InetAddress candidate : candidates) {
            // A literal IPv4-mapped address comes back as IPv4 from getByAddress; a resolver's answer is taken as given.
            InetAddress address = normalized(candidate);
            String why = refusal(what, address, port);
            if (why == null) {
                return new Decision.Connect(address);
            }
            if (refusal == null) {
                refusal = why;
            }
        }
        return new Decision.Refused(refusal);
    }

    /** Null when {@code address} may be called on {@code port}; otherwise why not. */
    private String refusal(String what, InetAddress address, int port) {
        if (isOwn(address, port)) {
            return "The " + what + " resolves to " + withPort(address, port) + ", Bridgekeeper's own address, which it "
                    + "never calls (events sent to itself could loop).";
        }
        Addresses.Kind kind = Addresses.kind(address);
        if (kind == Addresses.Kind.PUBLIC || isAllowed(address)) {
            return null;
        }
        byte[] embedded = Addresses.embeddedIpv4(address.getAddress());
        String detail = embedded == null ? kind.label() : kind.label() + ", " + Addresses.text(embedded) + " in IPv6";
        return "The " + what + " resolves to " + Addresses.text(address) + ", which Bridgekeeper does not call ("
                + detail + "); allow it with " + FLAG + ".";
    }

    private boolean isAllowed(InetAddress address) {
        byte[] bytes = address.getAddress();
        byte[] embedded = Addresses.embeddedIpv4(bytes);
        for (AddressRange range : allowed) {
            if (range.contains(bytes) || embedded != null && range.contains(embedded)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a call to {@code address}:{@code port} reaches this server: its listening address,
     * or, when it listens on all interfaces, any loopback, unspecified or local interface address.
     */
    private boolean isOwn(InetAddress address, int port) {
        InetSocketAddress listening = own;
        if (listening == null || listening.getPort() != port) {
            return false;
        }
        InetAddress bound = listening.getAddress();
        if (bound == null) {
            return false;
        }
        if (!bound.isAnyLocalAddress()) {
            return bound.equals(address) || address.isAnyLocalAddress();
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: refuse rather than risk a loop
        }
    }

    private static InetAddress normalized(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress()); // no name: a literal, never looked up again
        } catch (UnknownHostException e) {
            return address; // not reached: the length is right
        }
    }

    private static String withPort(InetAddress address, int port) {
        String text = Addresses.text(address);
        return (text.contains(":") ? "[" + text + "]" : text) + ":" + port;
    }
}
