package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void everySettingHasItsDocumentedDefault() {
    OperatorConfig config = OperatorConfig.from(Map.of());
    assertThat(config.mode()).isEqualTo(OperatorConfig.Mode.AUTO);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.namespace()).isEqualTo("kubernaut-system");
    assertThat(config.dataDir().getFileName()).hasToString(".kubernaut");
    assertThat(config.pluginsDir()).isEqualTo(config.dataDir().resolve("plugins"));
    assertThat(config.investigators()).containsExactly("rules");
    assertThat(config.maxBodyBytes()).isEqualTo(256 * 1024);
    assertThat(config.apiToken()).isEmpty();
  }

  @Test
  void unknownModeIsRejectedWithTheAllowedValues() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_MODE", "kind")))
        .hasMessageContaining("auto, cluster or embedded");
  }

  @Test
  void nonNumericPortIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("KUBERNAUT_HTTP_PORT", "eighty")))
        .hasMessageContaining("KUBERNAUT_HTTP_PORT");
  }

  @Test
  void everySettingIsInTheReadmeConfigurationTableAndNothingElseIs() throws Exception {
    Path readme = Path.of("..", "README.md");
    assertThat(readme).exists();
    Matcher m = Pattern.compile("^\\| `(KUBERNAUT_[A-Z_]+)`", Pattern.MULTILINE).matcher(Files.readString(readme));
    Set<String> documented = new java.util.HashSet<>();
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> declared = OperatorConfig.SETTINGS.stream().map(Setting::name).collect(Collectors.toSet());
    assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
  }
}
