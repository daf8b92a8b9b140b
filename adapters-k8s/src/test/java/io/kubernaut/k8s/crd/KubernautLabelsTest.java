package io.kubernaut.k8s.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.notification.MessageComposer;
import org.junit.jupiter.api.Test;

/**
 * The decision annotations are a public interface (docs, the chart's admission policy, people's
 * {@code kubectl annotate}): the code uses the constants, this pins their documented names.
 */
class KubernautLabelsTest {

  @Test
  void theDecisionAnnotationsKeepTheirDocumentedNames() {
    assertThat(KubernautLabels.APPROVAL).isEqualTo("kubernaut.io/approval");
    assertThat(KubernautLabels.APPROVAL_BY).isEqualTo("kubernaut.io/approval-by");
    assertThat(KubernautLabels.APPROVAL_REASON).isEqualTo("kubernaut.io/approval-reason");
    assertThat(KubernautLabels.APPROVAL_VIA).isEqualTo("kubernaut.io/approval-via");
    assertThat(KubernautLabels.ROLLBACK_APPROVAL).isEqualTo("kubernaut.io/rollback-approval");
    assertThat(KubernautLabels.ROLLBACK_APPROVAL_BY).isEqualTo("kubernaut.io/rollback-approval-by");
    assertThat(KubernautLabels.ROLLBACK_APPROVAL_REASON).isEqualTo("kubernaut.io/rollback-approval-reason");
    assertThat(KubernautLabels.ROLLBACK_APPROVAL_VIA).isEqualTo("kubernaut.io/rollback-approval-via");
    assertThat(KubernautLabels.CANCEL).isEqualTo("kubernaut.io/cancel");
  }

  @Test
  void theCoresApprovalHintNamesTheAnnotationTheOperatorReads() {
    // The pure core cannot see the adapter's constants; its notification hint must still name the same key.
    assertThat(MessageComposer.APPROVAL_ANNOTATION).isEqualTo(KubernautLabels.APPROVAL);
  }
}
