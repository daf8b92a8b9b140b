package io.kubernaut.k8s.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import org.junit.jupiter.api.Test;

class StatusPatchesTest {

  @Test
  void aPatchIsAddressedThroughAnObjectOfTheSameKindThatHoldsOnlyItsNameAndNamespace() {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName("ar-1-workflow").withNamespace("kubernaut-system")
        .withResourceVersion("12").addToLabels("kubernaut.io/fingerprint", "f1").build());
    wfe.setStatus(new WorkflowExecutionStatus());

    WorkflowExecution address = StatusPatches.address(wfe);

    assertThat(address).isNotSameAs(wfe).isExactlyInstanceOf(WorkflowExecution.class);
    assertThat(address.getApiVersion()).isEqualTo(wfe.getApiVersion()).isNotBlank();
    assertThat(address.getKind()).isEqualTo("WorkflowExecution");
    assertThat(address.getMetadata().getName()).isEqualTo("ar-1-workflow");
    assertThat(address.getMetadata().getNamespace()).isEqualTo("kubernaut-system");
    assertThat(address.getMetadata().getResourceVersion()).isNull();
    assertThat(address.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(address.getStatus()).isNull();
    assertThat(wfe.getMetadata().getResourceVersion()).isEqualTo("12");
  }
}
