package org.bridgekeeper.connections;

import java.util.Optional;
import org.bridgekeeper.common.Scope;

/**
 * Where private connectivity leads. In AWS a VPC Lattice resource configuration; here an
 * operator's map from resource configuration ARN to an address, checked with a TCP connection.
 */
public interface PrivateNetwork {

    /**
     * Empty when the resource configuration is mapped for the scope's account and accepts a
     * connection; otherwise why not (a StateReason).
     */
    Optional<String> probe(Scope scope, String resourceConfigurationArn);
}
