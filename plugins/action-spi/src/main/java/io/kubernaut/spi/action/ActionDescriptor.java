package io.kubernaut.spi.action;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an action declares about itself. The host reads it once at startup, checks the SPI
 * version and name uniqueness, and publishes it in the action catalog.
 *
 * <p>Since SPI 1.1 an action also describes the access it needs and what it disrupts, so that the
 * operator treats a third-party action exactly like a built-in one: the access review of the
 * Validating phase asks the API server for {@link #access(String)}, the safety envelope decides
 * by {@link #disruptionClass()} and {@link #effects()}, and the catalog lists all three. Declare
 * them with {@link #withAccess}, {@link #withDisruptionClass} and {@link #withEffects}:
 * <pre>{@code
 * new ActionDescriptor("reboot_node", "1.0.0", SpiVersion.CURRENT, "Reboots a node.", List.of(),
 *         RiskLevel.HIGH, false, false, Set.of("Node"))
 *     .withAccess(AccessNeed.onTarget("", "nodes", "get"), AccessNeed.onTarget("", "nodes", "patch"))
 *     .withDisruptionClass(DisruptionClass.NODE);
 * }</pre>
 * A plugin built against SPI 1.0 declares none of them and gets the defaults described on each
 * accessor; it still compiles and loads unchanged.
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
 * @param access every Kubernetes API permission the action needs, for every kind it accepts
 *     (see {@link #access(String)}); null means undeclared: {@code patch} on the target's own
 *     resource ({@link AccessNeed#onTargetResource}); empty means none at all
 * @param disruptionClass what running things the action can interrupt; null means undeclared:
 *     {@link DisruptionClass#assumedFor} its target kinds (NODE for node or any-kind actions)
 * @param effects the effects that safety rules look at, see {@link ActionEffect}; null means none
 * @since 1.1 for {@code access}, {@code disruptionClass} and {@code effects}
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
    Set<String> targetKinds,
    List<AccessNeed> access,
    DisruptionClass disruptionClass,
    Set<ActionEffect> effects) {

  /** Checks required fields, copies collections and fills the documented defaults. */
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
    access = List.copyOf(access == null ? List.of(AccessNeed.onTargetResource("patch")) : access);
    disruptionClass = disruptionClass == null ? DisruptionClass.assumedFor(targetKinds) : disruptionClass;
    effects = Set.copyOf(effects == null ? Set.of() : effects);
    if (effects.contains(ActionEffect.ROLLBACK_DISRUPTS_NODE) && (!supportsRollback
        || !targetKinds.equals(Set.of("Node")))) {
      throw new IllegalArgumentException("Action " + name + " declares ROLLBACK_DISRUPTS_NODE, which only an action "
          + "that supports rollback and accepts Node targets only can declare; its target kinds are "
          + (targetKinds.isEmpty() ? "any" : targetKinds) + (supportsRollback ? "." : " and it supports no rollback."));
    }
    for (AccessNeed need : access) {
      if (!need.forKind().isEmpty() && !targetKinds.isEmpty() && !targetKinds.contains(need.forKind())) {
        throw new IllegalArgumentException("Action " + name + " declares access for kind " + need.forKind()
            + ", which it does not accept; its target kinds are " + targetKinds + ".");
      }
    }
  }

  /**
   * The SPI 1.0 descriptor: access, disruption class and effects undeclared, so they take the
   * defaults documented on the record. Kept so that plugins built against 1.0 load unchanged.
   *
   * @param name stable snake_case identifier, e.g. {@code scale_deployment}
   * @param version the plugin's own version of this action
   * @param spiVersion the SPI version the plugin was compiled against
   * @param description one sentence saying what the action does
   * @param parameters the parameters a request may carry
   * @param risk how much harm the action can do
   * @param supportsDryRun whether a dry run does anything useful
   * @param supportsRollback whether a successful execute can be undone
   * @param targetKinds the kinds the action accepts; empty means any
   */
  public ActionDescriptor(String name, String version, String spiVersion, String description,
      List<ParameterSpec> parameters, RiskLevel risk, boolean supportsDryRun, boolean supportsRollback,
      Set<String> targetKinds) {
    this(name, version, spiVersion, description, parameters, risk, supportsDryRun, supportsRollback, targetKinds,
        null, null, null);
  }

  /**
   * Whether this action accepts a target of the given kind.
   *
   * @param kind the target's kind, e.g. {@code Deployment}
   * @return true when {@link #targetKinds()} is empty or contains it
   */
  public boolean acceptsKind(String kind) {
    return targetKinds.isEmpty() || targetKinds.contains(kind);
  }

  /**
   * The access this action needs on a target of one kind: every declared need that applies to
   * every kind, plus those declared {@link AccessNeed#forKind for that kind}. A need on
   * {@link AccessNeed#isTargetResource the target's own resource} is left for the host to resolve.
   *
   * @param targetKind the kind of the step's target, e.g. {@code Pod}
   * @return the needs, in declaration order; empty when the action needs no access
   */
  public List<AccessNeed> access(String targetKind) {
    return access.stream().filter(n -> n.appliesTo(targetKind)).toList();
  }

  /**
   * This descriptor with its access declared, replacing the default.
   *
   * @param needs every permission the action needs; none for an action that touches nothing
   * @return a copy with the access set
   * @since 1.1
   */
  public ActionDescriptor withAccess(AccessNeed... needs) {
    return new ActionDescriptor(name, version, spiVersion, description, parameters, risk, supportsDryRun,
        supportsRollback, targetKinds, List.of(needs), disruptionClass, effects);
  }

  /**
   * This descriptor with its disruption class declared, replacing the default.
   *
   * @param declared what running things the action can interrupt
   * @return a copy with the class set
   * @since 1.1
   */
  public ActionDescriptor withDisruptionClass(DisruptionClass declared) {
    return new ActionDescriptor(name, version, spiVersion, description, parameters, risk, supportsDryRun,
        supportsRollback, targetKinds, access, Objects.requireNonNull(declared, "declared"), effects);
  }

  /**
   * This descriptor with its effects declared, replacing the default (none).
   *
   * @param declared the effects that are the action's purpose, see {@link ActionEffect}
   * @return a copy with the effects set
   * @since 1.1
   */
  public ActionDescriptor withEffects(ActionEffect... declared) {
    return new ActionDescriptor(name, version, spiVersion, description, parameters, risk, supportsDryRun,
        supportsRollback, targetKinds, access, disruptionClass, Set.of(declared));
  }
}
