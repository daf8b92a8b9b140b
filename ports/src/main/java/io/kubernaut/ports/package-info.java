/**
 * The published contract of the Kubernaut hexagon.
 *
 * <p>Records and enums that cross the boundary live in role packages ({@code signal},
 * {@code remediation}); driving ports (use cases) in {@code in}; driven ports in {@code out}.
 * This module depends on the JDK only.
 */
package io.kubernaut.ports;
