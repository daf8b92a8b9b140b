package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AuditKeyTest {

  private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef");

  @Test
  void aDerivedKeyIsHmacSha256OfItsPurposeUnderTheKey() {
    // Computed independently: echo -n kubernaut.io/status-seal/v1 | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
    assertThat(HexFormat.of().formatHex(KEY.derive("kubernaut.io/status-seal/v1")))
        .isEqualTo("e069bd7f34877df3398a924160c76bea0e4f66cf875b07a5e7532740a880caf2");
  }

  @Test
  void eachPurposeGetsItsOwnKeyAndTheSameKeyAlwaysDerivesTheSame() {
    assertThat(KEY.derive("a")).hasSize(32).isNotEqualTo(KEY.derive("b")).isNotEqualTo(KEY.bytes());
    assertThat(AuditKey.of(" 0123456789abcdef0123456789abcdef\n").derive("a")).isEqualTo(KEY.derive("a"));
    assertThat(AuditKey.of("0123456789abcdef0123456789abcdeF").derive("a")).isNotEqualTo(KEY.derive("a"));
  }
}
