/**
 * The action SPI: the small, separately versioned API that remediation action plugins compile
 * against. A plugin jar implements {@link io.kubernaut.spi.action.RemediationAction}, lists its
 * classes in {@code META-INF/services/io.kubernaut.spi.action.RemediationAction}, and declares
 * the SPI version it was built for in {@link io.kubernaut.spi.action.ActionDescriptor#spiVersion()}.
 *
 * <p>Evolution rule: within a major version the SPI only grows by adding {@code default} methods
 * and new types; nothing is removed or changes meaning.
 */
package io.kubernaut.spi.action;
