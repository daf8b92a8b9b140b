package io.kubernaut.core.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.signal.TargetRef;
import org.junit.jupiter.api.Test;

class FingerprinterTest {

  @Test
  void fingerprintIsSha256HexOfAlertnameNamespaceKindName() {
    // printf 'KubePodCrashLooping:shop-prod:Deployment:checkout' | sha256sum
    assertThat(Fingerprinter.of("KubePodCrashLooping", new TargetRef("Deployment", "shop-prod", "checkout")).hex())
        .isEqualTo("125bbce99067d06ae46d6c2f130fc104efaa1213d3d024cbeac8b1338c1e06a3");
  }

  @Test
  void differentAlertsOnTheSameTargetHaveDifferentFingerprints() {
    TargetRef target = new TargetRef("Deployment", "shop-prod", "checkout");
    assertThat(Fingerprinter.of("A", target)).isNotEqualTo(Fingerprinter.of("B", target));
  }

  @Test
  void labelValueIsTheFirstFortyHexCharacters() {
    var fp = Fingerprinter.of("A", new TargetRef("Node", "", "worker-1"));
    assertThat(fp.labelValue()).hasSize(40).isEqualTo(fp.hex().substring(0, 40));
  }
}
