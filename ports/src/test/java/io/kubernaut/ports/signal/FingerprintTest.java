package io.kubernaut.ports.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A fingerprint is exactly 64 lower-case hex characters. */
class FingerprintTest {

  private static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void sixtyFourLowerCaseHexCharactersAreAFingerprint() {
    assertThat(new Fingerprint(HEX).labelValue()).isEqualTo(HEX.substring(0, 40));
    assertThat(new Fingerprint("f".repeat(64)).shortForm()).isEqualTo("f".repeat(10));
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad : new String[] {null, "", HEX.substring(1), HEX + "0", HEX.toUpperCase(java.util.Locale.ROOT),
        HEX.substring(1) + "g", HEX.substring(1) + "/", HEX.substring(1) + ":", HEX.substring(1) + "`",
        HEX.substring(1) + "G", HEX.substring(1) + " ", "é" + HEX.substring(1), HEX.substring(1) + "\u0660"}) {
      assertThatThrownBy(() -> new Fingerprint(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64 lower-case hex characters");
    }
  }
}
