package org.bridgekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.bridgekeeper.invoke.AddressRange;
import org.junit.jupiter.api.Test;

/** --egress-allow and BRIDGEKEEPER_EGRESS_ALLOW. */
class EgressAllowConfigTest {

    @Test
    void unsetOpensNothingAndTheFlagWinsOverTheVariable() {
        assertEquals(List.of(), Config.parse(List.of(), Map.of()).egressAllow());
        assertEquals(List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("fd00::/8")),
                Config.parse(List.of("--egress-allow", "127.0.0.0/8,fd00::/8"), Map.of("BRIDGEKEEPER_EGRESS_ALLOW", "10.0.0.0/8"))
                        .egressAllow());
        assertEquals(List.of(AddressRange.parse("10.0.0.0/8")),
                Config.parse(List.of(), Map.of("BRIDGEKEEPER_EGRESS_ALLOW", " 10.0.0.0/8 ")).egressAllow());
    }

    @Test
    void aBadRangeIsRefusedNamingTheFlagOrTheVariable() {
        var flag = assertThrows(IllegalArgumentException.class,
                () -> Config.parse(List.of("--egress-allow", "localhost"), Map.of()));
        assertEquals("--egress-allow must be CIDR ranges such as 127.0.0.0/8,fd00::/8 ('localhost' is not an IPv4 or IPv6 "
                + "range (CIDR)), not 'localhost'", flag.getMessage());
        var variable = assertThrows(IllegalArgumentException.class,
                () -> Config.parse(List.of(), Map.of("BRIDGEKEEPER_EGRESS_ALLOW", "10.0.0.0/33")));
        assertEquals("BRIDGEKEEPER_EGRESS_ALLOW must be CIDR ranges such as 127.0.0.0/8,fd00::/8 ('10.0.0.0/33' has a "
                + "prefix length that is not 0 to 32), not '10.0.0.0/33'", variable.getMessage());
    }
}
