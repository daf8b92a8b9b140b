/**
 * The action SPI: the small, separately versioned API that remediation action plugins compile
 * against. A plugin jar implements {@link io.kubernaut.spi.action.RemediationAction}, lists its
 * classes in {@code META-INF/services/io.kubernaut.spi.action.RemediationAction}, and declares
 * the SPI version it was built for in {@link io.kubernaut.spi.action.ActionDescriptor#spiVersion()}.
 * Its descriptor also says which Kubernetes access it needs ({@link io.kubernaut.spi.action.AccessNeed})
 * and what it disrupts ({@link io.kubernaut.spi.action.DisruptionClass},
 * {@link io.kubernaut.spi.action.ActionEffect}); the operator treats every action by these, never
 * by its name.
 *
 * <p>Evolution rule: within a major version the SPI only grows by adding {@code default} methods,
 * new types, and new record components whose earlier constructor is kept with documented
 * defaults; nothing is removed or changes meaning. Each such step raises the minor
 * {@link io.kubernaut.spi.action.SpiVersion}.
 */
package io.kubernaut.spi.action;
