package io.kubernaut.k8s.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import org.junit.jupiter.api.Test;

/** A child's addition reconciles its remediation only when it is not the one the remediation just created. */
class ChildAdditionTest {

  @Test
  void aChildAddedWithoutStatusIsTheOneItJustCreatedAndNeedsNoReconcile() {
    AlertProcessing created = new AlertProcessing();
    assertThat(AlertRemediationReconciler.reported(created)).isFalse();

    created.setStatus(new AlertProcessingStatus());
    assertThat(AlertRemediationReconciler.reported(created)).as("seen first with a status, after a re-list").isTrue();
  }
}
