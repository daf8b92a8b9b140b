package io.kubernaut.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * AlertRemediations in the API server. Lookups by fingerprint go through the
 * {@code kubernaut.io/fingerprint} label (first 40 hex) and are confirmed against the full
 * fingerprint in spec. Status counters are updated with a JSON patch guarded by a
 * {@code test} on resourceVersion, so concurrent writers retry instead of losing counts.
 */
final class Fabric8RemediationStore implements RemediationStore {

  private static final int PATCH_ATTEMPTS = 8;
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final KubernetesClient client;
  private final String namespace;

  Fabric8RemediationStore(KubernetesClient client, KubernetesSettings settings) {
    this.client = client;
    this.namespace = settings.namespace();
  }

  @Override
  public List<RemediationSummary> findByFingerprint(Fingerprint fingerprint) {
    try {
      return client.resources(AlertRemediation.class).inNamespace(namespace)
          .withLabel(KubernautLabels.FINGERPRINT, fingerprint.labelValue())
          .list().getItems().stream()
          .filter(ar -> ar.getSpec() != null && fingerprint.hex().equals(ar.getSpec().getFingerprint()))
          .map(RemediationSummaries::of)
          .toList();
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("list AlertRemediations by fingerprint", e);
    }
  }

  @Override
  public Optional<RemediationSummary> findByName(String name) {
    return Optional.ofNullable(get(name)).map(RemediationSummaries::of);
  }

  @Override
  public void create(NewRemediation remediation) {
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder()
        .withName(remediation.name())
        .withNamespace(namespace)
        .withLabels(labels(remediation))
        .build());
    ar.setSpec(spec(remediation));
    try {
      client.resource(ar).create();
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("create AlertRemediation " + remediation.name(), e);
    }
  }

  @Override
  public RemediationSummary recordDuplicate(String name, Instant at) {
    return patchStatus(name, status -> {
      Duplicates d = status.getDuplicates();
      DuplicateCount current = d == null || d.getCount() == null
          ? DuplicateCount.first(at)
          : new DuplicateCount(d.getCount(), Instant.parse(d.getFirstSeen()), Instant.parse(d.getLastSeen()));
      DuplicateCount next = current.plusOne(at);
      status.setDuplicates(new Duplicates(next.count(), next.firstSeen().toString(), next.lastSeen().toString()));
      return status;
    }, "duplicates");
  }

  @Override
  public RemediationSummary recordResolution(String name, Instant at) {
    return patchStatus(name, status -> {
      if (status.getResolvedAt() == null) {
        status.setResolvedAt(at.toString());
      }
      return status;
    }, "resolvedAt");
  }

  private AlertRemediation get(String name) {
    try {
      return client.resources(AlertRemediation.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("read AlertRemediation " + name, e);
    }
  }

  /**
   * Read-modify-write of one status field, guarded by a JSON-patch {@code test} on
   * resourceVersion; a concurrent change makes the test fail and the loop re-read.
   */
  private RemediationSummary patchStatus(String name, UnaryOperator<AlertRemediationStatus> change, String field) {
    for (int attempt = 1; attempt <= PATCH_ATTEMPTS; attempt++) {
      AlertRemediation current = get(name);
      if (current == null) {
        throw new PermanentException("AlertRemediation " + name + " no longer exists.");
      }
      AlertRemediationStatus status = current.getStatus() == null ? new AlertRemediationStatus() : current.getStatus();
      boolean hadStatus = current.getStatus() != null;
      AlertRemediationStatus changed = change.apply(status);
      ArrayNode ops = JSON.createArrayNode();
      ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
          .put("value", current.getMetadata().getResourceVersion());
      if (!hadStatus) {
        ops.addObject().put("op", "add").put("path", "/status").set("value", JSON.createObjectNode());
      }
      ObjectNode op = ops.addObject().put("op", "add").put("path", "/status/" + field);
      op.set("value", JSON.valueToTree("duplicates".equals(field) ? changed.getDuplicates() : changed.getResolvedAt()));
      try {
        AlertRemediation patched = client.resources(AlertRemediation.class).inNamespace(namespace).withName(name)
            .subresource("status").patch(PatchContext.of(PatchType.JSON), ops.toString());
        return RemediationSummaries.of(patched);
      } catch (KubernetesClientException e) {
        if (!KubernetesFailures.isConflict(e) && e.getCode() != 422 && e.getCode() != 500) {
          throw KubernetesFailures.translate("update the status of AlertRemediation " + name, e);
        }
        // The resource changed under us (the test op failed): re-read and try again.
      }
    }
    throw new RetryableException("AlertRemediation " + name + " changed " + PATCH_ATTEMPTS
        + " times while its " + field + " was being recorded; retry later.");
  }

  private static Map<String, String> labels(NewRemediation r) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(KubernautLabels.FINGERPRINT, r.fingerprint().labelValue());
    labels.put(KubernautLabels.ALERTNAME, KubernautLabels.sanitize(r.signal().name()));
    labels.put(KubernautLabels.ENVIRONMENT, r.environment().wireName());
    labels.put(KubernautLabels.SEVERITY, r.severity().wireName());
    labels.put(KubernautLabels.MANAGED_BY, "kubernaut");
    return labels;
  }

  private static AlertRemediationSpec spec(NewRemediation r) {
    AlertRemediationSpec spec = new AlertRemediationSpec();
    spec.setFingerprint(r.fingerprint().hex());
    spec.setAlertName(r.signal().name());
    spec.setSource(r.signal().source().wireName());
    spec.setSeverity(r.severity().wireName());
    spec.setRawSeverity(r.signal().severity());
    spec.setEnvironment(r.environment().wireName());
    spec.setTarget(ObjectRef.of(r.target()));
    TargetRef signalTarget = r.signal().target();
    if (signalTarget != null && !signalTarget.equals(r.target())) {
      spec.setSignalTarget(ObjectRef.of(signalTarget));
    }
    spec.setLabels(r.signal().labels());
    spec.setAnnotations(r.signal().annotations());
    spec.setStartsAt(r.signal().startsAt() == null ? null : r.signal().startsAt().toString());
    spec.setReceivedAt(r.receivedAt().toString());
    spec.setSourceFingerprint(r.signal().sourceFingerprint().isEmpty() ? null : r.signal().sourceFingerprint());
    if (!r.affectedResources().isEmpty()) {
      spec.setAffectedResources(r.affectedResources().stream().map(ObjectRef::of).toList());
    }
    return spec;
  }
}
