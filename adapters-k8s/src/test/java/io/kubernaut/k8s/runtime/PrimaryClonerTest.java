package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimaryClonerTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void aCloneIsTheSameObjectAsJsonAndSharesNothingThatChanges() {
    KubernetesExecution original = execution();
    String before = serialization.asJson(original);

    KubernetesExecution clone = new PrimaryCloner(serialization).clone(original);

    assertThat(clone).isNotSameAs(original).isInstanceOf(KubernetesExecution.class);
    assertThat(serialization.asJson(clone)).isEqualTo(before).isEqualTo(serialization.asJson(serialization.clone(original)));
    clone.getMetadata().getLabels().put("changed", "yes");
    clone.getMetadata().setResourceVersion("8");
    clone.getSpec().getParameters().put("memory", "2Gi");
    clone.getStatus().getRollbackData().put("replicas", "9");
    clone.getStatus().setPhase(null);
    assertThat(serialization.asJson(original)).isEqualTo(before);
  }

  @Test
  void nothingClonesToNothing() {
    assertThat(new PrimaryCloner(serialization).<KubernetesExecution>clone(null)).isNull();
  }

  private static KubernetesExecution execution() {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName("ar-1-workflow-a").withNamespace("kubernaut-system")
        .withResourceVersion("7").withUid("u-1").withCreationTimestamp("2026-12-03T06:16:10Z")
        .withLabels(new HashMap<>(Map.of("kubernaut.io/fingerprint", "f1"))).build());
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef("ar-1"));
    spec.setWorkflow("ar-1-workflow");
    spec.setStep("a");
    spec.setAction("increase_resources");
    spec.setTarget(new ObjectRef("Deployment", "shop", "checkout"));
    spec.setParameters(new HashMap<>(Map.of("memory", "1Gi")));
    kex.setSpec(spec);
    KubernetesExecutionStatus status = new KubernetesExecutionStatus();
    status.setPhase(io.kubernaut.ports.pipeline.ExecutionPhase.Completed);
    status.setRollbackData(new HashMap<>(Map.of("replicas", "3")));
    status.setCompletionTime("2026-12-03T06:16:12.5Z");
    kex.setStatus(status);
    return kex;
  }
}
