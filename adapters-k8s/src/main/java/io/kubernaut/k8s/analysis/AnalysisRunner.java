package io.kubernaut.k8s.analysis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.runtime.PrimaryWaker;
import io.kubernaut.ports.analysis.AnalysisResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs the analyses that call out of the process (an LLM, HolmesGPT: up to the investigators'
 * timeouts, 30 s each by default) on threads of their own ({@code KUBERNAUT_INVESTIGATION_CONCURRENCY},
 * 8 unless set), so that a slow or
 * unreachable investigator holds none of the reconcile threads that every controller shares: an
 * alert storm with the LLM down used to park one reconcile thread per analysis for the length of
 * the chain's timeouts, and every other remediation's steps waited behind them.
 *
 * <p>The analysis's reconcile hands the call over and returns; when the answer is in, the
 * {@link #answers() event source} reconciles the analysis again, and that reconcile writes the
 * answer. Answers are held in memory by the analysis's uid until the analysis has ended (its status
 * written), or an hour after they came when no reconcile takes them: after a restart, or on a new
 * leader, an analysis still running is simply asked again, which changes nothing outside the
 * process. Calls beyond the threads wait in the queue, in the order handed over.
 */
final class AnalysisRunner {

  /** How long a finished outcome no reconcile took is kept (its analysis deleted meanwhile, say). */
  static final Duration KEPT = Duration.ofHours(1);

  /** What one analysis came to: its answer, or what it threw; and when it started and ended. */
  record Outcome(Instant started, Instant ended, AnalysisResult result, RuntimeException failure) {
    /** The same outcome, started at {@code at}. */
    Outcome withStart(Instant at) {
      return new Outcome(at, ended, result, failure);
    }
  }

  private final Clock clock;
  private final ThreadPoolExecutor pool;
  /**
   * Running and finished analyses by uid. A running one never expires (a lost entry would mean a
   * second call, queued behind the first); a finished one {@link #KEPT} after it ended.
   */
  private final Cache<String, CompletableFuture<Outcome>> byUid = Caffeine.newBuilder()
      .expireAfter(new Expiry<String, CompletableFuture<Outcome>>() {
        @Override
        public long expireAfterCreate(String key, CompletableFuture<Outcome> outcome, long now) {
          return outcome.isDone() ? KEPT.toNanos() : Long.MAX_VALUE;
        }

        @Override
        public long expireAfterUpdate(String key, CompletableFuture<Outcome> outcome, long now, long left) {
          return expireAfterCreate(key, outcome, now);
        }

        @Override
        public long expireAfterRead(String key, CompletableFuture<Outcome> outcome, long now, long left) {
          return outcome.isDone() ? Math.min(left, KEPT.toNanos()) : left;
        }
      }).build();
  /** JOSDK's handle on the runner: an event per analysis whose answer came in. */
  private final PrimaryWaker<AIAnalysis> answers = new PrimaryWaker<>("analysis-answers");

  private final int threads;

  /** @param threads the analyses that call out at once; at least 1 */
  AnalysisRunner(Clock clock, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("An analysis runner needs at least one thread, not " + threads + ".");
    }
    this.clock = clock;
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "kubernaut-analysis-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.pool.allowCoreThreadTimeOut(true);
  }

  /** The analyses that call out at once. */
  int threads() {
    return threads;
  }

  /** The event source that reconciles an analysis once its answer is in. */
  EventSource<Void, AIAnalysis> answers() {
    return answers;
  }

  /**
   * The outcome of {@code aia}'s analysis if it has ended; otherwise empty, and the analysis is
   * running: started now with {@code analysis} (given when it starts) unless it already runs. When
   * its turn comes, a call whose analysis is no longer {@code wanted} (deleted meanwhile) is not made.
   * The outcome is kept until {@link #forget}: a status write that failed is retried with it.
   */
  Optional<Outcome> outcome(AIAnalysis aia, Function<Instant, AnalysisResult> analysis, BooleanSupplier wanted) {
    String key = key(aia);
    @SuppressWarnings("unchecked")
    CompletableFuture<Outcome>[] made = new CompletableFuture[1];
    CompletableFuture<Outcome> running = byUid.get(key, k -> {
      made[0] = CompletableFuture.supplyAsync(() -> run(analysis, wanted), pool);
      return made[0];
    });
    if (made[0] != null) {
      // Outside the cache's lock; after it completed, so the reconcile it causes finds it done.
      ResourceID id = ResourceID.fromResource(aia);
      made[0].whenComplete((outcome, failure) -> {
        byUid.policy().expireVariably().ifPresent(expiry -> expiry.setExpiresAfter(key, KEPT));
        answers.wake(id);
      });
    }
    if (!running.isDone() || running.isCancelled()) {
      return Optional.empty();
    }
    try {
      return Optional.of(running.join());
    } catch (CompletionException e) { // an Error on the analysis's thread
      Instant now = clock.instant();
      return Optional.of(new Outcome(now, now, null, new IllegalStateException(String.valueOf(e.getCause()),
          e.getCause())));
    }
  }

  /** How many calls its threads have taken off the queue and ended, dropped ones (cancelled before their turn) included. */
  long callsEnded() {
    return pool.getCompletedTaskCount();
  }

  /** Whether an outcome of {@code aia}'s analysis, running or ended, is kept. */
  boolean keeps(AIAnalysis aia) {
    return byUid.asMap().containsKey(key(aia));
  }

  /** Forgets {@code aia}'s analysis: no longer wanted (it ended, its status written). */
  void forget(AIAnalysis aia) {
    CompletableFuture<Outcome> known = byUid.asMap().remove(key(aia));
    if (known != null) {
      known.cancel(false); // a call not yet started never starts; one running ends on its own timeout
    }
  }

  /** The analysis's uid (a name reused by a later analysis is another one); its name where it has none yet. */
  private static String key(AIAnalysis aia) {
    String uid = aia.getMetadata().getUid();
    return uid != null ? uid : aia.getMetadata().getNamespace() + "/" + aia.getMetadata().getName();
  }

  private Outcome run(Function<Instant, AnalysisResult> analysis, BooleanSupplier wanted) {
    if (!wanted.getAsBoolean()) {
      Instant now = clock.instant();
      return new Outcome(now, now, null, new IllegalStateException("the analysis no longer exists"));
    }
    return run(clock, analysis);
  }

  /** Runs {@code analysis} here and now: what it came to, timed with {@code clock}. */
  static Outcome run(Clock clock, Function<Instant, AnalysisResult> analysis) {
    Instant started = clock.instant();
    try {
      AnalysisResult result = analysis.apply(started);
      return new Outcome(started, clock.instant(), result, null);
    } catch (RuntimeException e) {
      return new Outcome(started, clock.instant(), null, e);
    }
  }
}
