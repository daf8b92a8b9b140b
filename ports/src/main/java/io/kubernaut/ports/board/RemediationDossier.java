package io.kubernaut.ports.board;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every resource of one remediation, as stored: the AlertRemediation first, then its children in
 * pipeline order (AlertProcessing, AIAnalysis, WorkflowExecution, KubernetesExecutions).
 *
 * @param row the remediation as a list shows it
 * @param resources the resources, each with its kind, name, annotations, spec and status
 */
public record RemediationDossier(RemediationRow row, List<Resource> resources) {

  public RemediationDossier {
    Objects.requireNonNull(row, "row");
    resources = List.copyOf(resources);
  }

  /**
   * One resource as JSON-ready maps (strings, numbers, booleans, lists and maps).
   *
   * @param kind its kind
   * @param name its name
   * @param annotations its annotations
   * @param spec its spec
   * @param status its status, empty before the controller wrote one
   */
  public record Resource(String kind, String name, Map<String, String> annotations, Map<String, Object> spec,
      Map<String, Object> status) {
    public Resource {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
      spec = spec == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(spec));
      status = status == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(status));
    }
  }
}
