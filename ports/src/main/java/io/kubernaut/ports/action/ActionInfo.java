package io.kubernaut.ports.action;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the action catalog, as listed by {@code GET /api/v1/actions}.
 *
 * @param name the action's snake_case name, e.g. {@code scale_deployment}
 * @param version the plugin's own version of the action
 * @param risk how much harm it can do
 * @param description one sentence saying what it does
 * @param source where it was loaded from: the jar (or class-path entry) and, for third-party
 *     plugins, the plugin directory
 * @param supportsDryRun whether a dry run does anything useful
 * @param supportsRollback whether a successful execution can be undone
 * @param parameters the parameters a request may carry
 * @param targetKinds the target kinds accepted; empty means any
 * @param access every Kubernetes permission it needs, for every kind it accepts; see {@link #accessFor}
 * @param impact its disruption class and the effects that safety rules look at
 */
public record ActionInfo(
    String name,
    String version,
    ActionRisk risk,
    String description,
    String source,
    boolean supportsDryRun,
    boolean supportsRollback,
    List<ParameterInfo> parameters,
    Set<String> targetKinds,
    List<AccessNeed> access,
    ActionImpact impact) {
  public ActionInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(risk, "risk");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(impact, "impact");
    description = description == null ? "" : description;
    parameters = List.copyOf(parameters);
    targetKinds = Set.copyOf(targetKinds);
    access = List.copyOf(access);
  }

  /**
   * An entry that declares no access, class or effects, with the defaults the action SPI gives
   * such a plugin: {@code patch} on the target's own resource, the class
   * {@link DisruptionClass#assumedFor assumed} for its target kinds, no effects.
   */
  public ActionInfo(String name, String version, ActionRisk risk, String description, String source,
      boolean supportsDryRun, boolean supportsRollback, List<ParameterInfo> parameters, Set<String> targetKinds) {
    this(name, version, risk, description, source, supportsDryRun, supportsRollback, parameters, targetKinds,
        List.of(AccessNeed.patchOnTargetResource()),
        new ActionImpact(DisruptionClass.assumedFor(targetKinds), Set.of()));
  }

  /** The needs that apply to a target of this kind, in declaration order; empty when it needs none. */
  public List<AccessNeed> accessFor(String targetKind) {
    return access.stream().filter(n -> n.appliesTo(targetKind)).toList();
  }
}
