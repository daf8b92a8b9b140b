package io.kubernaut.ports.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationFormatterTest {

  @ParameterizedTest(name = "{0} reads {1} and {2}")
  @CsvSource({
      "PT0S, 0 s, 0s",
      "PT0.25S, 250 ms, 0s",
      "PT45S, 45 s, 45s",
      "PT5M, 5 min, 5m",
      "PT1M30S, 1 min 30 s, 1m30s",
      "PT1H30M, 1 h 30 min, 1h30m",
      "PT2H, 2 h, 2h",
      "PT24H, 1 d, 1d",
      "PT51H, 2 d 3 h, 2d3h",
      "PT1H0M5S, 1 h 5 s, 1h5s",
      "-PT5M, 0 s, 0s"})
  void readsAsPeopleWriteIt(String iso, String words, String compact) {
    Duration d = Duration.parse(iso);
    assertThat(DurationFormatter.words(d)).isEqualTo(words);
    assertThat(DurationFormatter.compact(d)).isEqualTo(compact);
  }
}
