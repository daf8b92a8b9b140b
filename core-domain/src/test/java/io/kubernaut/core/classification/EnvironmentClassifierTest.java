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
  void kubernautLabelWinsOverTheName() {
    assertThat(classifier.classify("dev-tools", Map.of("kubernaut.io/environment", "production")))
        .isEqualTo(Environment.PRODUCTION);
  }

  @Test
  void theNamespaceLabelComesBeforeAnOperatorOverrideAsSpecSection4Orders() {
    assertThat(classifier.classify("payments", Map.of("kubernaut.io/environment", "development")))
        .isEqualTo(Environment.DEVELOPMENT);
    assertThat(classifier.classify("payments", Map.of("environment", "staging"))).isEqualTo(Environment.STAGING);
  }

  @Test
  void overridesAreReadAtEachDecisionSoAChangedConfigMapAppliesToTheNextAlert() {
    java.util.concurrent.atomic.AtomicReference<Map<String, Environment>> current =
        new java.util.concurrent.atomic.AtomicReference<>(Map.of());
    EnvironmentClassifier live = new EnvironmentClassifier(current::get);
    assertThat(live.classify("shop-dev", Map.of())).isEqualTo(Environment.DEVELOPMENT);

    current.set(Map.of("shop-dev", Environment.PRODUCTION));

    assertThat(live.classify("shop-dev", Map.of())).as("an override beats the name").isEqualTo(Environment.PRODUCTION);
    assertThat(live.classify("other", Map.of())).isEqualTo(Environment.UNKNOWN);
  }

  @Test
  void aNodeIsProductionUnlessItsOwnLabelSaysOtherwise() {
    assertThat(classifier.classifyNode(Map.of())).isEqualTo(Environment.PRODUCTION);
    assertThat(classifier.classifyNode(Map.of("kubernetes.io/hostname", "dev-1"))).isEqualTo(Environment.PRODUCTION);
    assertThat(classifier.classifyNode(Map.of("kubernaut.io/environment", "staging"))).isEqualTo(Environment.STAGING);
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
      "dev, DEVELOPMENT", "team-dev, DEVELOPMENT", "default, UNKNOWN", "kube-system, UNKNOWN",
      "devops-prod, PRODUCTION", "dev-tools-prd, PRODUCTION", "staging-prod-mirror, PRODUCTION",
      "devops-staging, DEVELOPMENT"})
  void namespaceNamePatternsClassifyWhenNothingElseDoesAndAnyProductionPartWins(String namespace, Environment expected) {
    assertThat(classifier.classify(namespace, Map.of())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"critical, CRITICAL", "CRITICAL, CRITICAL", "page, CRITICAL", "warning, WARNING", "warn, WARNING",
      "info, INFO", "none, INFO", "'', WARNING", "weird, WARNING"})
  void severityIsNormalisedToThreeLevels(String raw, Severity expected) {
    assertThat(SeverityNormalizer.normalize(raw)).isEqualTo(expected);
  }

  /** The classification by name as it was written with String.split, before the loop: the loop must answer the same. */
  private static Environment fromNameBySplit(String name) {
    String[] parts = (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)).split("[-_.]");
    for (String part : parts) {
      if (part.startsWith("prod") || part.equals("prd")) {
        return Environment.PRODUCTION;
      }
    }
    for (String part : parts) {
      if (part.startsWith("stag")) {
        return Environment.STAGING;
      }
      if (part.startsWith("dev")) {
        return Environment.DEVELOPMENT;
      }
    }
    return Environment.UNKNOWN;
  }

  @Test
  void aNameIsClassifiedAsSplittingItClassifiedItFor100000RandomNames() {
    java.util.Random random = new java.util.Random(20261202);
    String[] pieces = {"prod", "prd", "pr", "stag", "sta", "dev", "de", "x", "PROD", "Dev", "-", "_", ".", "1", ""};
    for (int n = 0; n < 100_000; n++) {
      StringBuilder name = new StringBuilder();
      for (int i = random.nextInt(7); i > 0; i--) {
        name.append(pieces[random.nextInt(pieces.length)]);
      }
      assertThat(EnvironmentClassifier.fromName(name.toString()))
          .as("environment of \"%s\"", name).isEqualTo(fromNameBySplit(name.toString()));
    }
    assertThat(EnvironmentClassifier.fromName(null)).isEqualTo(Environment.UNKNOWN);
  }
}
