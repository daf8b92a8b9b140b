package io.kubernaut.ports.history;

/**
 * A past remediation that looks like the asked incident.
 *
 * @param remediation the past remediation
 * @param similarity cosine similarity of the two incident vectors, from -1 to 1 (1 = same)
 */
public record SimilarIncident(RemediationRecord remediation, double similarity) {}
