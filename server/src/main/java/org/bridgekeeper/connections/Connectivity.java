package org.bridgekeeper.connections;

/**
 * Private connectivity: the VPC Lattice resource configuration a call goes through, and the
 * service-network resource association EventBridge creates for it (generated here, in AWS's form).
 */
public record Connectivity(String resourceConfigurationArn, String resourceAssociationArn) {}
