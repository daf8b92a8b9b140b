/**
 * Who may use the HTTP API: the authenticated {@link io.kubernaut.ports.access.Caller} and the
 * {@link io.kubernaut.ports.access.Permission}s on the virtual resources of API group
 * {@code kubernaut.io} that each route needs.
 */
package io.kubernaut.ports.access;
