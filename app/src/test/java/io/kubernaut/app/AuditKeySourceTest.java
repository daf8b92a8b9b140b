package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.db.AuditKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeySourceTest {

  @TempDir
  Path dataDir;

  private OperatorConfig config(Map<String, String> extra) {
    var env = new java.util.HashMap<>(Map.of("KUBERNAUT_DATA_DIR", dataDir.toString()));
    env.putAll(extra);
    return OperatorConfig.from(env);
  }

  @Test
  void embeddedModeGeneratesAnOwnerOnlyKeyOnceAndReadsItAfterwards() throws Exception {
    AuditKey first = AuditKeySource.resolve(config(Map.of()), true).orElseThrow();
    AuditKey second = AuditKeySource.resolve(config(Map.of()), true).orElseThrow();

    Path file = dataDir.resolve("audit-key");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void theEnvironmentKeyWinsAndNoFileIsWritten() {
    String key = "k".repeat(40);

    assertThat(AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEY", key)), true)).contains(AuditKey.of(key));
    assertThat(dataDir.resolve("audit-key")).doesNotExist();
  }

  @Test
  void clusterModeWithoutAKeyWritesUnchainedRecords() {
    assertThat(AuditKeySource.resolve(config(Map.of()), false)).isEmpty();
    assertThat(dataDir.resolve("audit-key")).doesNotExist();
  }

  @Test
  void retiredKeysOnePerLineComeWithTheCurrentOneAndAnyMistakeStopsTheStart() {
    String current = "c".repeat(40);
    String first = "a".repeat(40);
    String second = "b".repeat(40);
    AuditKey ring = AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEY", current,
        "KUBERNAUT_AUDIT_KEYS_RETIRED", "\r\n" + first + "\r\n\r\n  " + second + "  \n")), false).orElseThrow();
    assertThat(ring).isEqualTo(AuditKey.of(current));
    assertThat(ring.retired()).containsExactly(AuditKey.of(first), AuditKey.of(second));

    assertThat(AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEYS_RETIRED", first)), true).orElseThrow()
        .retired()).as("embedded: with the generated key").containsExactly(AuditKey.of(first));
    assertThatThrownBy(() -> AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEYS_RETIRED", first)), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KUBERNAUT_AUDIT_KEY is not");
    assertThatThrownBy(() -> AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEY", current,
        "KUBERNAUT_AUDIT_KEYS_RETIRED", first + "\nshort")), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEY", current,
        "KUBERNAUT_AUDIT_KEYS_RETIRED", current)), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KUBERNAUT_AUDIT_KEYS_RETIRED is refused")
        .hasMessageContaining("is the current one");
    assertThatThrownBy(() -> AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEY", current,
        "KUBERNAUT_AUDIT_KEYS_RETIRED", first + "\n" + first)), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
  }

  @Test
  void aShortKeyStopsTheStartNamingWhereItCameFrom() {
    assertThatThrownBy(() -> AuditKeySource.resolve(config(Map.of("KUBERNAUT_AUDIT_KEY", "too-short")), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KUBERNAUT_AUDIT_KEY").hasMessageContaining("at least 32 bytes");
  }
}
