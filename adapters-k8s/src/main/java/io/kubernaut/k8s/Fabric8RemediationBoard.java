package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.CrdCatalog;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.StormStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.board.RemediationDossier;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.out.RemediationBoard;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads AlertRemediations and their children from the API server for the console and the read
 * API: a list call for the rows (and one of the WorkflowExecutions, for the rollback decisions they
 * await), a get and one labelled list per child kind for a dossier. It never writes.
 */
final class Fabric8RemediationBoard implements RemediationBoard {

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  Fabric8RemediationBoard(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  @Override
  public List<RemediationRow> list() {
    try {
      Map<String, RemediationRow.PendingRollback> rollbacks = pendingRollbacks(
          client.resources(WorkflowExecution.class).inNamespace(namespace).list().getItems());
      return client.resources(AlertRemediation.class).inNamespace(namespace).list().getItems().stream()
          .filter(ar -> ar.getSpec() != null && ar.getSpec().getTarget() != null)
          .map(ar -> row(ar).withRollback(rollbacks.get(ar.getMetadata().getName())))
          .sorted(Comparator.comparing(RemediationRow::createdAt).reversed().thenComparing(RemediationRow::name))
          .toList();
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("list AlertRemediations", e);
    }
  }

  @Override
  public Optional<RemediationDossier> dossier(String name) {
    try {
      AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(namespace).withName(name).get();
      if (ar == null || ar.getSpec() == null || ar.getSpec().getTarget() == null) {
        return Optional.empty();
      }
      List<RemediationDossier.Resource> resources = new ArrayList<>();
      resources.add(resource(ar));
      List<WorkflowExecution> workflows = new ArrayList<>();
      for (Class<? extends HasMetadata> kind : CrdCatalog.KINDS.subList(1, CrdCatalog.KINDS.size())) {
        client.resources(kind).inNamespace(namespace).withLabel(KubernautLabels.REMEDIATION, name).list().getItems()
            .stream().sorted(Comparator.comparing(r -> r.getMetadata().getName()))
            .forEach(child -> {
              resources.add(resource(child));
              if (child instanceof WorkflowExecution wfe) {
                workflows.add(wfe);
              }
            });
      }
      return Optional.of(new RemediationDossier(row(ar).withRollback(pendingRollbacks(workflows).get(name)), resources));
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("read AlertRemediation " + name + " and its children", e);
    }
  }

  /** The open rollback questions of these workflows, by remediation name. */
  private Map<String, RemediationRow.PendingRollback> pendingRollbacks(List<WorkflowExecution> workflows) {
    Instant now = clock.instant();
    Map<String, RemediationRow.PendingRollback> open = new HashMap<>();
    for (WorkflowExecution wfe : workflows) {
      if (wfe.getSpec() != null && wfe.getSpec().getRemediationRef() != null) {
        PendingRollbacks.of(wfe, now).ifPresent(p -> open.put(wfe.getSpec().getRemediationRef().getName(), p));
      }
    }
    return open;
  }

  @SuppressWarnings("unchecked")
  private RemediationDossier.Resource resource(HasMetadata r) {
    Object spec = r instanceof CustomResource<?, ?> cr ? cr.getSpec() : null;
    Object status = r instanceof CustomResource<?, ?> cr ? cr.getStatus() : null;
    var serialization = client.getKubernetesSerialization();
    return new RemediationDossier.Resource(r.getKind(), r.getMetadata().getName(), r.getMetadata().getAnnotations(),
        spec == null ? Map.of() : serialization.convertValue(spec, Map.class),
        status == null ? Map.of() : serialization.convertValue(status, Map.class));
  }

  static RemediationRow row(AlertRemediation ar) {
    var spec = ar.getSpec();
    AlertRemediationStatus status = ar.getStatus() == null ? new AlertRemediationStatus() : ar.getStatus();
    Instant created = ar.getMetadata().getCreationTimestamp() == null ? Instant.parse(spec.getReceivedAt())
        : Instant.parse(ar.getMetadata().getCreationTimestamp());
    long duplicates = status.getDuplicates() == null || status.getDuplicates().getCount() == null ? 1
        : status.getDuplicates().getCount();
    return new RemediationRow(ar.getMetadata().getName(), status.getPhase(),
        status.getEnvironment() == null ? spec.getEnvironment() : status.getEnvironment(), status.getPriority(),
        status.getSeverity() == null ? spec.getSeverity() : status.getSeverity(), spec.getAlertName(), spec.getTarget().toTargetRef(), created, instant(status.getCompletionTime()),
        status.getOutcome(), duplicates, message(status), instant(status.getBlockedUntil()), storm(status.getStorm()));
  }

  /** The status's sentence; while a child could not be created, why (the sentence says what it waits for). */
  private static String message(AlertRemediationStatus status) {
    return status.getConditions() == null ? status.getMessage() : status.getConditions().stream()
        .filter(c -> AlertRemediationStatus.CREATE_FAILURE.equals(c.getType())).map(c -> c.getMessage())
        .findFirst().orElse(status.getMessage());
  }

  private static RemediationRow.Storm storm(StormStatus s) {
    if (s == null || s.getThreshold() == null) {
      return null;
    }
    return new RemediationRow.Storm(s.getThreshold(), s.getCount() == null ? 0 : s.getCount(),
        s.getLimit() == null ? 0 : s.getLimit(), s.getWindow(), instant(s.getEscalatedAt()));
  }

  private static Instant instant(String rfc3339) {
    return rfc3339 == null || rfc3339.isEmpty() ? null : Instant.parse(rfc3339);
  }
}
