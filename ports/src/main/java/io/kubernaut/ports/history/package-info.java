/**
 * Records of remediation history and intelligence, answered by
 * {@link io.kubernaut.ports.out.RemediationHistory}.
 */
package io.kubernaut.ports.history;
