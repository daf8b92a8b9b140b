package io.kubernaut.http.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.analysis.Investigation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

  private static final Investigation ANSWER = new Investigation("cause", List.of(), List.of(), 0.9);

  @Test
  void theLeastRecentlyUsedEntryIsEvictedBeyondTheCapacity() {
    AnswerCache cache = new AnswerCache(2, Duration.ofHours(1), Clock.systemUTC());
    cache.put("a", ANSWER);
    cache.put("b", ANSWER);
    cache.get("a");
    cache.put("c", ANSWER);

    assertThat(cache.get("a")).isPresent();
    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void anEntryExpiresAfterItsTtl() {
    Instant[] now = {Instant.parse("2026-11-20T10:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    AnswerCache cache = new AnswerCache(4, Duration.ofMinutes(5), clock);
    cache.put("k", ANSWER);
    now[0] = now[0].plusSeconds(299);
    assertThat(cache.get("k")).isPresent();

    now[0] = now[0].plusSeconds(2);
    assertThat(cache.get("k")).isEmpty();
    assertThat(cache.size()).isZero();
  }
}
