package io.kubernaut.ports.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339TimesTest {

  @Test
  void readsEveryTimeAsInstantParseDoes() {
    List<String> times = List.of("2026-11-20T10:00:00Z", "2026-11-20T10:00:00.1Z", "2026-11-20T10:00:00.123456789Z",
        "2026-11-20T10:00:00.000001Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2024-02-29T23:59:59.5Z",
        "2026-11-20T10:00:00+02:00", "2026-11-20t10:00:00z", "2026-11-20T10:00:00.Z", "2026-11-20T10:00:00.1234567890Z",
        "2026-02-30T10:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-20T24:00:00Z",
        "2026-11-20T23:59:60Z", "2026-11-20T10:60:00Z", "2026-11-20 10:00:00Z", "2026-11-2xT10:00:00Z",
        "+2026-11-20T10:00:00Z", "-001-11-20T10:00:00Z", "2026-11-20T10:00:00", "2026-11-20", "",
        "2026-11-20T10:00:00.12a4Z", "２026-11-20T10:00:00Z", "2026-11-20T10:00:00.1234567891");
    for (String time : times) {
      assertThat(outcome(() -> Rfc3339Times.parse(time))).as(time).isEqualTo(outcome(() -> Instant.parse(time)));
    }
  }

  @Test
  void readsRandomTimesInTheFastShapeAsInstantParseDoes() {
    Random random = new Random(19);
    for (int i = 0; i < 20_000; i++) {
      String fraction = random.nextInt(3) == 0 ? "" : "." + "123456789".substring(0, 1 + random.nextInt(9));
      String time = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(10_000), random.nextInt(14),
          random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62), fraction);
      assertThat(outcome(() -> Rfc3339Times.parse(time))).as(time).isEqualTo(outcome(() -> Instant.parse(time)));
    }
  }

  @Test
  void readsWhatInstantToStringWritesAsInstantParseDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      String time = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
          random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000)).toString();
      assertThat(outcome(() -> Rfc3339Times.parse(time))).as(time).isEqualTo(outcome(() -> Instant.parse(time)));
    }
  }

  /** The instant, or the kind of exception and its message. */
  private static Object outcome(java.util.function.Supplier<Instant> parse) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
