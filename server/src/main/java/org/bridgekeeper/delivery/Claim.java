package org.bridgekeeper.delivery;

import java.time.Instant;

/**
 * A delivery a node claimed, with its lease: {@code owner} (the node's id) and {@code until}. The
 * attempt's outcome is written only while the row still carries exactly this lease, so an attempt
 * that outlived its lease (the row was claimed again meanwhile) cannot overwrite the newer one's.
 */
public record Claim(Delivery delivery, String owner, Instant until) {}
