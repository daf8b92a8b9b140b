package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentVectoriserTest {

  private static final Map<String, String> LABELS =
      Map.of("alertname", "KubePodOOMKilled", "namespace", "payments-staging", "container", "api");

  @Test
  void theSameAlertGivesTheSameUnitVectorEveryTime() {
    double[] a = IncidentVectoriser.vectorise(LABELS, Map.of("summary", "Container api was OOMKilled"));
    double[] b = IncidentVectoriser.vectorise(LABELS, Map.of("summary", "Container api was OOMKilled"));

    assertThat(a).hasSize(IncidentVectoriser.DIMENSIONS).containsExactly(b);
    assertThat(IncidentVectoriser.cosine(a, a)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void perInstanceLabelsSuchAsThePodDoNotMakeTwoReplicasLookDifferent() {
    Map<String, String> otherPod = new java.util.HashMap<>(LABELS);
    otherPod.put("pod", "payments-api-7d9f-x2");
    otherPod.put("instance", "10.0.0.7:8080");

    assertThat(IncidentVectoriser.cosine(IncidentVectoriser.vectorise(LABELS, Map.of()),
        IncidentVectoriser.vectorise(otherPod, Map.of()))).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void sharingTwoOfThreeLabelsGivesACosineOfTwoThirds() {
    assertThat(IncidentVectoriser.bucket("label:container=api")).isNotEqualTo(IncidentVectoriser.bucket("label:container=db"));

    double[] a = IncidentVectoriser.vectorise(LABELS, Map.of());
    double[] b = IncidentVectoriser.vectorise(Map.of("alertname", "KubePodOOMKilled", "namespace",
        "payments-staging", "container", "db"), Map.of());

    assertThat(IncidentVectoriser.cosine(a, b)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void annotationWordsCountHalfAsMuchAsALabelAndNumbersAndStopWordsNotAtAll() {
    double[] labelsOnly = IncidentVectoriser.vectorise(LABELS, Map.of());
    double[] withText = IncidentVectoriser.vectorise(LABELS, Map.of("description", "the memory limit exceeded 3 times"));

    // 3 labels of weight 1 and 4 words (memory, limit, exceeded, times) of weight 0.5: 3 / sqrt(3 * 4).
    assertThat(IncidentVectoriser.cosine(labelsOnly, withText)).isCloseTo(3 / Math.sqrt(3 * 4.0), within(1e-12));
  }

  @Test
  void anAlertWithoutAnyFeatureIsTheZeroVectorAndSimilarToNothing() {
    double[] empty = IncidentVectoriser.vectorise(Map.of("pod", "x"), Map.of("summary", "42 !!"));

    assertThat(empty).containsOnly(0.0);
    assertThat(IncidentVectoriser.cosine(empty, IncidentVectoriser.vectorise(LABELS, Map.of()))).isZero();
  }
}
