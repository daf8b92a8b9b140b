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

  /** The label value as it was made with regular expressions, before the loop: the loop must answer the same. */
  private static String sanitizeByRegex(String value) {
    String s = value.replaceAll("[^A-Za-z0-9._-]+", "-");
    if (s.length() > 63) {
      s = s.substring(0, 63);
    }
    return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }

  @Test
  void aLabelValueIsWhatTheRegularExpressionsMadeOf100000RandomValues() {
    java.util.Random random = new java.util.Random(20261202);
    String alphabet = "aZz09-_. !/:\u00dc\u00e9\ud83d\ude00K";
    for (int n = 0; n < 100_000; n++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(n % 10 == 0 ? 100 : 30);
      for (int i = 0; i < length; i++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(KubernautLabels.sanitize(value.toString())).as("label value of \"%s\"", value)
          .isEqualTo(sanitizeByRegex(value.toString()));
    }
    for (String edge : java.util.List.of("", "-", "KubePodCrashLooping", "a b", "a".repeat(63), "a".repeat(62) + "-b",
        "a".repeat(62) + " b", "_x_", "..")) {
      assertThat(KubernautLabels.sanitize(edge)).as("label value of \"%s\"", edge).isEqualTo(sanitizeByRegex(edge));
    }
    assertThat(KubernautLabels.sanitize(null)).isEmpty();
  }
}
