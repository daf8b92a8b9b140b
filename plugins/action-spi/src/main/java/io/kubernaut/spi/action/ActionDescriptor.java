package io.kubernaut.spi.action;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an action declares about itself. The host reads it once at startup, checks the SPI
 * version and name uniqueness, and publishes it in the action catalog.
 *
 * @param name stable snake_case identifier referenced by workflow steps, e.g. {@code scale_deployment}
 * @param version the plugin's own version of this action, e.g. {@code 1.0.0}; recorded in the audit trail
 * @param spiVersion the SPI version the plugin was compiled against: pass {@link SpiVersion#CURRENT}
 * @param description one sentence saying what the action does
 * @param parameters the parameters a request may carry (the target object is not a parameter)
 * @param risk how much harm the action can do
 * @param supportsDryRun whether {@link RemediationAction#dryRun} does anything useful
 * @param supportsRollback whether {@link RemediationAction#rollback} can undo a successful execute
 * @param targetKinds the Kubernetes kinds the action accepts as target, e.g. {@code Deployment};
 *     empty means any kind (or no target at all)
 */
public record ActionDescriptor(
    String name,
    String version,
    String spiVersion,
    String description,
    List<ParameterSpec> parameters,
    RiskLevel risk,
    boolean supportsDryRun,
    boolean supportsRollback,
    Set<String> targetKinds) {

  /** Checks required fields and copies collections. */
  public ActionDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(spiVersion, "spiVersion");
    Objects.requireNonNull(risk, "risk");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("Action name '" + name + "' must be snake_case, e.g. restart_pod.");
    }
    description = description == null ? "" : description;
    parameters = List.copyOf(parameters == null ? List.of() : parameters);
    targetKinds = Set.copyOf(targetKinds == null ? Set.of() : targetKinds);
  }

  /** Whether this action accepts a target of the given kind. */
  public boolean acceptsKind(String kind) {
    return targetKinds.isEmpty() || targetKinds.contains(kind);
  }
}
