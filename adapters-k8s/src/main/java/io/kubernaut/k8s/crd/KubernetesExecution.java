package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One workflow step, run by an action plugin. */
@Group(KubernautLabels.GROUP)
@Version("v1alpha1")
@Kind("KubernetesExecution")
@Singular("kubernetesexecution")
@Plural("kubernetesexecutions")
@ShortNames("kex")
@Categories(KubernautLabels.CATEGORY)
@JsonClassDescription("One workflow step: an action plugin run against one target, with its attempts, rollback data and verdict.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Action", jsonPath = ".spec.action", type = Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Attempts", jsonPath = ".status.attempts", type = Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = Type.STRING, priority = 1)
public class KubernetesExecution extends CustomResource<KubernetesExecutionSpec, KubernetesExecutionStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;

  /** A step's timeout when {@code spec.timeout} is missing or not a duration. */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(10);

  /** The execution id: kept in status once chosen, else the object's uid (stable across restarts). */
  public String executionId() {
    KubernetesExecutionStatus s = getStatus();
    if (s != null && s.getExecutionId() != null) {
      return s.getExecutionId();
    }
    return getMetadata().getUid() != null ? getMetadata().getUid() : getMetadata().getName();
  }

  /**
   * When the step must have ended, as its controller reckons it (its status {@code startTime} plus
   * {@link #timeout}); null before it started or when its start cannot be read.
   */
  public java.time.Instant deadline() {
    String start = getStatus() == null ? null : getStatus().getStartTime();
    if (start == null) {
      return null;
    }
    try {
      return deadline(io.kubernaut.ports.signal.Rfc3339Times.parse(start));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** When the step must have ended if it started at {@code started}: that plus {@link #timeout}. */
  public java.time.Instant deadline(java.time.Instant started) {
    return started.plus(timeout());
  }

  /** {@code spec.timeout}; {@link #DEFAULT_TIMEOUT} when it is missing or not a duration. */
  public java.time.Duration timeout() {
    String timeout = getSpec() == null ? null : getSpec().getTimeout();
    if (timeout != null && !timeout.isBlank()) {
      try {
        return io.kubernaut.ports.signal.GoDurations.parse(timeout);
      } catch (IllegalArgumentException e) {
        return DEFAULT_TIMEOUT;
      }
    }
    return DEFAULT_TIMEOUT;
  }
}
