package io.kubernaut.http.llm;

import io.kubernaut.ports.analysis.Investigation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small bounded LRU of LLM answers keyed by fingerprint and a hash of the context, so that a
 * repeated analysis of the same alert with the same context costs no HTTP call. Entries expire
 * after a TTL. Thread-safe.
 */
final class AnswerCache {

  private record Entry(Investigation answer, Instant expires) {}

  private final Map<String, Entry> entries;
  private final Duration ttl;
  private final Clock clock;

  AnswerCache(int capacity, Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Optional<Investigation> get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.expires())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(e.answer());
  }

  synchronized void put(String key, Investigation answer) {
    entries.put(key, new Entry(answer, clock.instant().plus(ttl)));
  }

  synchronized int size() {
    return entries.size();
  }
}
