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
    Set<String> targetKinds) {
  public ActionInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(risk, "risk");
    Objects.requireNonNull(source, "source");
    description = description == null ? "" : description;
    parameters = List.copyOf(parameters);
    targetKinds = Set.copyOf(targetKinds);
  }
}
