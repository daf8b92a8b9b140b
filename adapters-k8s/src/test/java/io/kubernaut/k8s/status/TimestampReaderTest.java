package io.kubernaut.k8s.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampReaderTest {

  @Test
  void timestampsAreReadAsInstantParseReadsThem() {
    List<String> texts = new ArrayList<>(List.of("2026-12-03T06:16:10Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
        "2026-12-03T06:16:10.5Z", "2026-12-03T06:16:10.123Z", "2026-12-03T06:16:10.123456789Z",
        "2026-12-03T06:16:10.000001Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        // not the fast path's: Instant.parse reads them
        "2026-12-03T06:16:10+01:00", "2026-12-03t06:16:10z", "2016-12-31T23:59:60Z", "+12026-12-03T06:16:10Z"));
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      texts.add(Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(3) == 0 ? 0
          : random.nextInt(1_000_000_000)).toString());
    }
    texts.addAll(List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-03T24:00:00Z", "2026-12-03T06:16:1xZ",
        "2026-12-03T06:16:10.Z", "2026-12-03T06:16:10.1234567890Z", "2026-12-03 06:16:10Z", "2026-12-03T06:16:10"));
    int refused = 0;
    for (String text : texts) {
      Object expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeParseException e) {
        expected = e.getClass();
        refused++;
      }
      if (expected instanceof Instant) {
        assertThat(TimestampReader.read(text)).as(text).isEqualTo(expected);
      } else {
        assertThatThrownBy(() -> TimestampReader.read(text)).as(text)
            .isInstanceOf(DateTimeParseException.class);
      }
    }
    assertThat(refused).as("malformed texts among those read").isGreaterThanOrEqualTo(5);
  }
}
