package org.bridgekeeper.connections;

import java.util.Optional;

/**
 * Where private connectivity leads. In AWS a VPC Lattice resource configuration; here an
 * operator's map from resource configuration ARN to an address, checked with a TCP connection.
 */
public interface PrivateNetwork {

    /** Empty when the resource configuration is mapped and accepts a connection; otherwise why not (a StateReason). */
    Optional<String> probe(String resourceConfigurationArn);
}
