package io.kubernaut.core.classification;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentClassifierTest {

  private final EnvironmentClassifier classifier =
      new EnvironmentClassifier(Map.of("payments", Environment.PRODUCTION));

  @Test
  void kubernautLabelWinsOverEverythingElse() {
    assertThat(classifier.classify("dev-tools", Map.of("kubernaut.io/environment", "production")))
        .isEqualTo(Environment.PRODUCTION);
  }

  @Test
  void plainEnvironmentLabelIsUsedWhenTheKubernautLabelIsMissing() {
    assertThat(classifier.classify("x", Map.of("environment", "staging"))).isEqualTo(Environment.STAGING);
  }

  @Test
  void configMapOverrideComesBeforeNamePatterns() {
    assertThat(classifier.classify("payments", Map.of())).isEqualTo(Environment.PRODUCTION);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"shop-prod, PRODUCTION", "production, PRODUCTION", "stage, STAGING", "payments-staging, STAGING",
      "dev, DEVELOPMENT", "team-dev, DEVELOPMENT", "default, UNKNOWN", "kube-system, UNKNOWN"})
  void namespaceNamePatternsClassifyWhenNothingElseDoes(String namespace, Environment expected) {
    assertThat(classifier.classify(namespace, Map.of())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"critical, CRITICAL", "CRITICAL, CRITICAL", "page, CRITICAL", "warning, WARNING", "warn, WARNING",
      "info, INFO", "none, INFO", "'', WARNING", "weird, WARNING"})
  void severityIsNormalisedToThreeLevels(String raw, Severity expected) {
    assertThat(SeverityNormalizer.normalize(raw)).isEqualTo(expected);
  }
}
