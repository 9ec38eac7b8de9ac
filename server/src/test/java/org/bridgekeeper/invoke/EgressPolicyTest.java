package org.bridgekeeper.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.bridgekeeper.invoke.EgressPolicy.Decision;
import org.junit.jupiter.api.Test;

/** The egress policy's decisions, with a resolver the test controls. */
class EgressPolicyTest {

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Names to answers; a name not listed does not resolve. Records every lookup. */
    static final class Names implements EgressPolicy.Resolver {
        final Map<String, Deque<List<String>>> answers;
        final List<String> asked = new ArrayList<>();

        Names(Map<String, List<List<String>>> answers) {
            this.answers = new java.util.HashMap<>();
            answers.forEach((name, list) -> this.answers.put(name, new ArrayDeque<>(list)));
        }

        @Override
        public InetAddress[] resolve(String name) throws UnknownHostException {
            asked.add(name);
            Deque<List<String>> queue = answers.get(name);
            if (queue == null || queue.isEmpty()) {
                throw new UnknownHostException(name);
            }
            List<String> answer = queue.size() > 1 ? queue.poll() : queue.peek();
            return answer.stream().map(EgressPolicyTest::ip).toArray(InetAddress[]::new);
        }
    }

    static EgressPolicy policy(Names names, String... allowed) {
        return new EgressPolicy(java.util.Arrays.stream(allowed).map(AddressRange::parse).toList(), names);
    }

    static String refusal(Decision d) {
        return assertInstanceOf(Decision.Refused.class, d).reason();
    }

    @Test
    void aPublicAddressIsCalledByTheAddressResolvedOnce() {
        Names names = new Names(Map.of("api.example.com", List.of(List.of("93.184.216.34"))));
        Decision d = policy(names).decide("endpoint", "api.example.com", 443);
        InetAddress address = assertInstanceOf(Decision.Connect.class, d).address();
        assertEquals("93.184.216.34", address.getHostAddress());
        assertEquals("93.184.216.34", address.getHostName(), "a literal: nothing looks the name up again");
        assertEquals(List.of("api.example.com"), names.asked);
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedNamingTheAddressAndTheFlag() {
        Names names = new Names(Map.of("localhost", List.of(List.of("127.0.0.1", "::1"))));
        assertEquals("The endpoint resolves to 127.0.0.1, which Bridgekeeper does not call (loopback); "
                + "allow it with --egress-allow.", refusal(policy(names).decide("endpoint", "localhost", 80)));
        assertEquals("The authorization endpoint resolves to 169.254.169.254, which Bridgekeeper does not call "
                        + "(link-local); allow it with --egress-allow.",
                refusal(policy(names).decide("authorization endpoint", "169.254.169.254", 80)));
    }

    @Test
    void spellingsOfAnAddressNeverReachTheResolver() {
        Names names = new Names(Map.of());
        EgressPolicy policy = policy(names);
        for (String host : List.of("2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]", "::ffff:7f00:1")) {
            assertEquals("The endpoint resolves to 127.0.0.1, which Bridgekeeper does not call (loopback); "
                    + "allow it with --egress-allow.", refusal(policy.decide("endpoint", host, 80)), host);
        }
        assertEquals("The endpoint resolves to 0.0.0.0, which Bridgekeeper does not call (unspecified); "
                + "allow it with --egress-allow.", refusal(policy.decide("endpoint", "0", 80)));
        assertEquals("The endpoint resolves to ::, which Bridgekeeper does not call (unspecified); "
                + "allow it with --egress-allow.", refusal(policy.decide("endpoint", "[::]", 80)));
        assertEquals("The endpoint resolves to 64:ff9b::a9fe:a9fe, which Bridgekeeper does not call "
                + "(link-local, 169.254.169.254 in IPv6); allow it with --egress-allow.",
                refusal(policy.decide("endpoint", "[64:ff9b::169.254.169.254]", 80)));
        assertInstanceOf(Decision.Unresolved.class, policy.decide("endpoint", "256.0.0.1", 80));
        assertEquals(List.of(), names.asked);
    }

    @Test
    void allowedRangesOpenWhatTheyHoldAndNothingElse() {
        Names names = new Names(Map.of("localhost", List.of(List.of("127.0.0.1", "::1")),
                "ip6-localhost", List.of(List.of("::1"))));
        EgressPolicy policy = policy(names, "127.0.0.0/8", "10.1.0.0/16");
        assertEquals("127.0.0.1", assertInstanceOf(Decision.Connect.class, policy.decide("endpoint", "localhost", 80))
                .address().getHostAddress());
        assertInstanceOf(Decision.Connect.class, policy.decide("endpoint", "10.1.2.3", 80));
        assertEquals("The endpoint resolves to 10.2.0.1, which Bridgekeeper does not call (private); allow it with "
                + "--egress-allow.", refusal(policy.decide("endpoint", "10.2.0.1", 80)));
        assertEquals("The endpoint resolves to ::1, which Bridgekeeper does not call (loopback); allow it with "
                + "--egress-allow.", refusal(policy.decide("endpoint", "ip6-localhost", 80)));
        // An IPv6 address carrying an allowed IPv4 address is allowed too.
        assertInstanceOf(Decision.Connect.class, policy.decide("endpoint", "[64:ff9b::10.1.0.9]", 80));
    }

    @Test
    void theFirstAllowedAddressOfAnAnswerIsTheOneCalled() {
        Names names = new Names(Map.of("mixed.example", List.of(List.of("10.0.0.1", "93.184.216.34", "127.0.0.1"))));
        assertEquals("93.184.216.34", assertInstanceOf(Decision.Connect.class,
                policy(names).decide("endpoint", "mixed.example", 443)).address().getHostAddress());
        Names refused = new Names(Map.of("internal.example", List.of(List.of("10.0.0.1", "169.254.169.254"))));
        assertEquals("The endpoint resolves to 10.0.0.1, which Bridgekeeper does not call (private); allow it with "
                + "--egress-allow.", refusal(policy(refused).decide("endpoint", "internal.example", 443)),
                "the first refused address is named");
    }

    @Test
    void eachCallIsDecidedOnItsOwnAnswerSoRebindingToAForbiddenAddressIsRefused() {
        Names names = new Names(Map.of("rebind.example", List.of(List.of("93.184.216.34"), List.of("169.254.169.254"))));
        EgressPolicy policy = policy(names);
        assertInstanceOf(Decision.Connect.class, policy.decide("endpoint", "rebind.example", 443));
        assertEquals("The endpoint resolves to 169.254.169.254, which Bridgekeeper does not call (link-local); "
                + "allow it with --egress-allow.", refusal(policy.decide("endpoint", "rebind.example", 443)));
        assertEquals(List.of("rebind.example", "rebind.example"), names.asked, "one lookup per call, none later");
    }

    @Test
    void theServersOwnAddressIsRefusedEvenWhereItsRangeIsAllowed() {
        Names names = new Names(Map.of("localhost", List.of(List.of("127.0.0.1"))));
        EgressPolicy policy = policy(names, "127.0.0.0/8");
        policy.listening(new InetSocketAddress(ip("127.0.0.1"), 4750));
        String own = "The endpoint resolves to 127.0.0.1:4750, Bridgekeeper's own address, which it never calls "
                + "(events sent to itself could loop).";
        assertEquals(own, refusal(policy.decide("endpoint", "127.0.0.1", 4750)));
        assertEquals(own, refusal(policy.decide("endpoint", "localhost", 4750)));
        assertEquals(own, refusal(policy.decide("endpoint", "2130706433", 4750)));
        assertEquals("The endpoint resolves to 0.0.0.0:4750, Bridgekeeper's own address, which it never calls "
                + "(events sent to itself could loop).", refusal(policy.decide("endpoint", "0.0.0.0", 4750)));
        assertInstanceOf(Decision.Connect.class, policy.decide("endpoint", "127.0.0.1", 4751), "another port");
    }

    @Test
    void listeningOnAllInterfacesEveryLocalAddressAtThePortIsTheServer() throws Exception {
        EgressPolicy policy = policy(new Names(Map.of()), "0.0.0.0/0", "::/0");
        policy.listening(new InetSocketAddress(ip("0.0.0.0"), 4750));
        assertEquals("The endpoint resolves to 127.0.0.2:4750, Bridgekeeper's own address, which it never calls "
                + "(events sent to itself could loop).", refusal(policy.decide("endpoint", "127.0.0.2", 4750)));
        assertEquals("The endpoint resolves to [::1]:4750, Bridgekeeper's own address, which it never calls "
                + "(events sent to itself could loop).", refusal(policy.decide("endpoint", "[::1]", 4750)));
        // Every address of this machine's interfaces.
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet6Address six && six.getScopeId() != 0) {
                    continue; // a scoped link-local address: no URL host spells its scope
                }
                String host = address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]"
                        : address.getHostAddress();
                assertInstanceOf(Decision.Refused.class, policy.decide("endpoint", host, 4750), host);
            }
        }
        assertInstanceOf(Decision.Connect.class, policy.decide("endpoint", "93.184.216.34", 4750), "not this machine");
    }

    @Test
    void aNameThatDoesNotResolveIsUnresolved() {
        assertInstanceOf(Decision.Unresolved.class, policy(new Names(Map.of())).decide("endpoint", "nowhere.invalid", 443));
    }
}
