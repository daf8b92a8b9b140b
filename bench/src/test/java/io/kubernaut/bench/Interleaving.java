package io.kubernaut.bench;

import io.kubernaut.bench.DuplicateLoad.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A comparison of closed-loop phases (the gateway against its bare-create baselines) run interleaved:
 * {@link #ROUNDS} rounds of one short segment per contender (the phase's length over the rounds), their
 * order rotated from one round to the next, so that a slower minute of the shared host or a fuller
 * store falls on every contender alike, not on whichever ran then. On this machine the same code's CPU
 * per request has doubled from one minute to the next, for the gateway and for a bare create of the
 * same object alike; a phase of 10 s run after its baseline's took it whole. Each contender's segments
 * add up to one phase, one cost ({@link Meter}), the API requests made during them, and, with
 * {@code -Dbench.profile}, one collapsed profile ({@link RoundProfiler#segment}).
 *
 * @param <C> what a contender's segments cost (CPU), as its {@link Meter} measures it
 */
final class Interleaving<C> {

  /**
   * Rounds ({@code -Dbench.gatewayRounds}, 5; 1 runs each contender once, in a row). The order is
   * balanced, each contender first as often as the others, when the rounds are a multiple of the
   * contenders: 5 puts the last of three first once and the others twice.
   */
  static final int ROUNDS = rounds(Integer.getInteger("bench.gatewayRounds", 5));

  private static int rounds(int asked) {
    if (asked < 1) {
      throw new IllegalArgumentException("-Dbench.gatewayRounds must be at least 1, not " + asked);
    }
    return asked;
  }

  /** A segment's length for contenders that each run {@code phase} in all. */
  static Duration segment(Duration phase) {
    return phase.dividedBy(ROUNDS);
  }

  /** Measures a contender's cost: a reading now, the difference of two readings, and the sum of two costs. */
  record Meter<C>(Supplier<C> now, BinaryOperator<C> minus, BinaryOperator<C> plus) {}

  /** What a contender drives in round r. */
  interface Segment {
    Phase drive(int round) throws Exception;
  }

  /**
   * One side of the comparison: its name, its profile's name (null: not profiled, e.g. a side that runs
   * in another process, which this JVM's profiler does not see), its meter and its segment.
   */
  record Contender<C>(String name, String profile, Meter<C> meter, Segment segment) {}

  /** Per contender, in the order given: its phase, its cost, and its API requests (null without a request log). */
  record Result<C>(List<Phase> phases, List<C> costs, List<ApiRequestLog.Counts> apis) {
    Phase phase(int contender) {
      return phases.get(contender);
    }

    C cost(int contender) {
      return costs.get(contender);
    }

    ApiRequestLog.Counts api(int contender) {
      return apis == null ? null : apis.get(contender);
    }
  }

  private final ApiRequestLog requests;

  /** @param requests the API server's request log, drained around each segment; null when there is none */
  Interleaving(ApiRequestLog requests) {
    this.requests = requests;
  }

  Result<C> run(List<Contender<C>> contenders) throws Exception {
    int n = contenders.size();
    List<Phase> phases = new ArrayList<>(java.util.Collections.nCopies(n, null));
    List<C> costs = new ArrayList<>(java.util.Collections.nCopies(n, null));
    List<ApiRequestLog.Counts> apis = new ArrayList<>(java.util.Collections.nCopies(n, null));
    List<Map<String, Long>> profiles = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      profiles.add(new HashMap<>());
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < n; k++) {
        int c = (round + k) % n;
        Contender<C> contender = contenders.get(c);
        if (requests != null) {
          requests.drain();
        }
        C start = contender.meter().now().get();
        Phase segment;
        try (RoundProfiler.Segment profile = contender.profile() == null ? null : RoundProfiler.segment(profiles.get(c))) {
          segment = contender.segment().drive(round);
        }
        C used = contender.meter().minus().apply(contender.meter().now().get(), start);
        phases.set(c, phases.get(c) == null ? segment : phases.get(c).plus(contender.name(), segment));
        costs.set(c, costs.get(c) == null ? used : contender.meter().plus().apply(costs.get(c), used));
        if (requests != null) {
          ApiRequestLog.Counts api = requests.drain();
          apis.set(c, apis.get(c) == null ? api : apis.get(c).plus(api));
        }
      }
    }
    for (int c = 0; c < n; c++) {
      phases.set(c, phases.get(c).named(contenders.get(c).name()));
      if (contenders.get(c).profile() != null) {
        RoundProfiler.write(contenders.get(c).profile(), profiles.get(c));
      }
    }
    return new Result<>(List.copyOf(phases), List.copyOf(costs), requests == null ? null : List.copyOf(apis));
  }
}
