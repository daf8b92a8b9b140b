package io.kubernaut.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.fingerprint.Fingerprinter;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationNamerTest {

  private static final TargetRef T = new TargetRef("Deployment", "ns", "d");
  private static final Fingerprint FP = Fingerprinter.of("KubePodCrashLooping", T);

  private static RemediationSummary ended(String name) {
    return new RemediationSummary(name, FP, RemediationPhase.Completed, T, DuplicateCount.first(Instant.EPOCH), Instant.EPOCH);
  }

  @Test
  void firstNameIsAlertSlugAndShortFingerprint() {
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of()))
        .isEqualTo("kubepodcrashlooping-" + FP.shortForm());
  }

  @Test
  void laterNamesCountUpFromTheHighestExisting() {
    String base = "kubepodcrashlooping-" + FP.shortForm();
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of(ended(base)))).isEqualTo(base + "-2");
    assertThat(RemediationNamer.next("KubePodCrashLooping", FP, List.of(ended(base + "-7")))).isEqualTo(base + "-8");
  }

  @Test
  void namesAreValidDnsLabelsEvenForHostileAlertNames() {
    String name = RemediationNamer.next("9__Ünïcödé Alert!!! with a very very long name indeed", FP, List.of());
    assertThat(name).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(52);
  }
}
