package io.kubernaut.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The duplicates load of #19's target ("≥ 2,000 answered/s with 16 clients and p99 &lt; 10 ms, with the
 * pipeline running; every duplicate's count in status within 2 s"), driven the same way against an
 * operator in this JVM ({@link GatewayBenchmark}) and against one in cluster mode in a process of its
 * own ({@link SplitDuplicatesBenchmark}). {@link #run} posts the duplicate set (64 remediations of a
 * production namespace that wait for approval), warms up, and runs two phases while a trickle of new
 * alerts on a staging namespace runs through the pipeline to Completed:
 * <b>saturation</b> (closed loop, each client sends its next request when its last is answered): the
 * capacity, its latency queueing (by Little's law the mean is N / throughput); then <b>paced</b> (open
 * loop), on which the target is judged: the clients together send {@code -Dbench.pacedRate} (2,000)
 * requests per second on a fixed schedule, each request's latency counted from the time the schedule
 * meant to send it, so that a stall counts for every request it held back (no coordinated omission).
 * After each phase, the time until every count is in status. What a phase cost the operator (CPU, heap,
 * collection pauses) is measured by the caller's {@link Probe}. Settings: -Dbench.clients (16),
 * -Dbench.seconds per phase (10), -Dbench.max (60000, closed-loop phases), -Dbench.pacedRate (2000).
 */
final class DuplicateLoad {

  static final int CLIENTS = Integer.getInteger("bench.clients", 16);
  static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
  static final int MAX_REQUESTS = Integer.getInteger("bench.max", 60_000);
  static final int DUPLICATE_SET = 64;
  /** The paced phase's total rate, requests per second: #19's target rate ({@code -Dbench.pacedRate}). */
  static final int PACED_RATE = Integer.getInteger("bench.pacedRate", 2000);
  /** The name prefix of the load driver's client threads, whose CPU time is told apart from the operator's. */
  static final String CLIENT_THREAD = "bench-client-";
  /** How often the trickle posts a new alert during the duplicates phases. */
  static final Duration TRICKLE_EVERY = Duration.ofMillis(500);
  /** The duplicate set's alert names start with this. */
  private static final String DUPLICATE_ALERT = "BenchDupOOMKilled";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private DuplicateLoad() {}

  /** What one phase measured. */
  record Phase(String name, int requests, int expected, double seconds, long[] nanos, Map<Integer, Integer> statuses,
      long clientCpuNanos) {
    int answered(int status) {
      return statuses.getOrDefault(status, 0);
    }

    double perSecond() {
      return requests / seconds;
    }

    /** This phase under another name. */
    Phase named(String other) {
      return new Phase(other, requests, expected, seconds, nanos, statuses, clientCpuNanos);
    }

    /** This phase and {@code other} as one (the two halves of a baseline run around another phase). */
    Phase plus(String combinedName, Phase other) {
      Map<Integer, Integer> both = new java.util.HashMap<>(statuses);
      other.statuses().forEach((status, n) -> both.merge(status, n, Integer::sum));
      long[] all = java.util.stream.LongStream.concat(Arrays.stream(nanos), Arrays.stream(other.nanos())).toArray();
      return new Phase(combinedName, requests + other.requests(), expected + other.expected(), seconds + other.seconds(),
          all, Map.copyOf(both), clientCpuNanos + other.clientCpuNanos());
    }

    double percentileMs(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }

  /** One collection pause of the operator's JVM: its collector, cause, and when it paused (epoch nanoseconds). */
  record Pause(String collector, String cause, long startEpochNanos, long endEpochNanos) {
    double ms() {
      return (endEpochNanos - startEpochNanos) / 1e6;
    }
  }

  /**
   * What the paced (open-loop) phase measured: every request's latency from the time the schedule meant
   * to send it, and the schedule itself, so that a stall is counted for every request it held back.
   *
   * @param phase the answers, their latencies (from the intended send time) and statuses
   * @param offered the schedule's total rate, requests per second
   * @param scheduled how many requests the schedule held (those not sent by the cut-off are missing from phase)
   * @param lastAnswerSeconds from the schedule's start to the last answer
   * @param intended each answered request's intended send time, epoch nanoseconds, in the order of phase's latencies
   */
  record Paced(Phase phase, int offered, int scheduled, double lastAnswerSeconds, long[] intended) {
    /** Answered requests per second, from the schedule's start to the last answer. */
    double achieved() {
      return phase.requests() / lastAnswerSeconds;
    }

    /** Whether the schedule was kept: every request sent and answered, at 99% of the offered rate or more. */
    boolean keptUp() {
      return phase.requests() == scheduled && achieved() >= 0.99 * offered;
    }

    /**
     * Of the requests slower than {@code thresholdMs}, how many were in flight (from their intended send
     * time to their answer) while a collection paused the operator.
     */
    int slowDuringPauses(double thresholdMs, List<Pause> pauses) {
      int n = 0;
      for (int i = 0; i < intended.length; i++) {
        long latency = phase.nanos()[i];
        if (latency / 1e6 <= thresholdMs) {
          continue;
        }
        long from = intended[i];
        long to = from + latency;
        for (Pause p : pauses) {
          if (p.startEpochNanos() < to && p.endEpochNanos() > from) {
            n++;
            break;
          }
        }
      }
      return n;
    }
  }

  /**
   * How the counts of a phase's duplicates reached status: how many status held 2 s after the phase
   * (the last look that had ended by then, a conservative reading), and after how long all of them (or
   * as many as arrived within 60 s, which tells a slow flush from a lost count).
   */
  record Settled(long counted, long countedAt2s, double settledMs) {}

  /** What the operator spent during one phase, as the caller measures it (in this JVM, or in the operator's process). */
  interface Probe<C> {
    /** A reading before the phase. */
    C mark() throws Exception;

    /** What was spent since {@code before}. */
    C since(C before) throws Exception;

    /** The operator's collection pauses that began between these epoch times. */
    List<Pause> pauses(long fromEpochNanos, long toEpochNanos) throws Exception;
  }

  /** One round of the duplicates' warm-up under load ({@link #warmUnderLoad}). */
  private static final Duration WARM_ROUND = Duration.ofSeconds(5);

  /**
   * Warms the duplicates' path for {@code warmUp}, then in rounds of {@link #WARM_ROUND} while the JIT
   * compilers still took more than a tenth of a core in the round, for at most {@link Compilers#QUIET_SECONDS}
   * more: the optimising compiler compiles a method only while it is being called, so waiting idle for it to
   * fall quiet (the trickle keeps it from doing so anyway) left the phases to pay for its backlog (a quarter to
   * a third of their CPU samples). Answers the duplicates sent, each answered 202.
   */
  private static long warmUnderLoad(String url, String token, IntFunction<byte[]> duplicate, Duration warmUp)
      throws Exception {
    long sent = drive("warm-up duplicates", url, token, 202, duplicate, warmUp).expected();
    long start = System.nanoTime();
    long until = start + Duration.ofSeconds(Compilers.QUIET_SECONDS).toNanos();
    int rounds = 0;
    double jitMs = Double.NaN;
    while (System.nanoTime() < until) {
      double jitBefore = Compilers.cpuMs();
      sent += drive("warm-up duplicates", url, token, 202, duplicate, WARM_ROUND).expected();
      rounds++;
      jitMs = Compilers.cpuMs() - jitBefore;
      if (jitMs < WARM_ROUND.toMillis() / 10.0) {
        break;
      }
    }
    System.out.printf(Locale.ROOT, "the duplicates' warm-up: %s, then %d rounds of %d s (%.1f s) until this JVM's "
        + "JIT compilers took %.0f ms of CPU in the last (at most %d s)%n", warmUp, rounds, WARM_ROUND.toSeconds(),
        (System.nanoTime() - start) / 1e9, jitMs, Compilers.QUIET_SECONDS);
    return sent;
  }

  /** What one duplicates phase measured beside its answers: counts in status, the operator's cost, pauses, API requests. */
  record DuplicatePhase<C>(Phase phase, Settled settled, C cost, List<Pause> pauses, ApiRequestLog.Counts api) {}

  /** Both duplicates phases, and the trickle that ran meanwhile. */
  record Run<C>(DuplicatePhase<C> saturation, Paced paced, DuplicatePhase<C> pacedRun, Trickle.Result trickled) {}

  /**
   * The duplicates load: posts the duplicate set on {@code dupWorkloads} of {@code dupNamespace} (a
   * production namespace: they wait for approval), waits until all wait, starts the trickle on {@code
   * trickleWorkloads} of {@code trickleNamespace}, warms up ({@link #warmUnderLoad}), then runs the saturation
   * and the paced phase; waits for the trickle's remediations to end. The ConfigMap {@link #config} must be in
   * place.
   */
  static <C> Run<C> run(String url, String token, KubernetesClient kube, ApiRequestLog requests, Probe<C> probe,
      String dupNamespace, List<String> dupWorkloads, String trickleNamespace, List<String> trickleWorkloads,
      Duration warmUp) throws Exception {
    try (PipelineBenchmark.Terminals watch = new PipelineBenchmark.Terminals(kube)) {
      for (int i = 0; i < DUPLICATE_SET; i++) {
        post(url, token, oomAlert(DUPLICATE_ALERT + i, dupNamespace, dupWorkloads.get(i)));
      }
      assertThat(watch.awaitAwaitingApproval(DUPLICATE_SET, Duration.ofSeconds(180)))
          .as("the duplicate set waits for approval").isEqualTo(DUPLICATE_SET);
      byte[][] duplicateBodies = java.util.stream.IntStream.range(0, DUPLICATE_SET).mapToObj(i -> oomAlert(
          DUPLICATE_ALERT + i, dupNamespace, dupWorkloads.get(i)).getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
      IntFunction<byte[]> duplicate = i -> duplicateBodies[i % DUPLICATE_SET];
      // The trickle runs from the warm-up on, so that the phases measure an operator whose pipeline this JVM has
      // compiled, as in one that has run for a while: started after it, the optimising compiler's first pass
      // through the pipeline's code took a quarter of the paced phase's CPU samples on 2 cores.
      Trickle trickle = new Trickle(url, token, trickleNamespace, trickleWorkloads);
      long warmedUp = warmUnderLoad(url, token, duplicate, warmUp);
      long before = awaitCounted(kube, warmedUp, Duration.ofSeconds(60));
      assertThat(before).as("the warm-up's duplicates in status").isEqualTo(warmedUp);

      // The capacity: closed loop at saturation, where latency is queueing (16 clients / rate, Little's law).
      requests.drain();
      C mark = probe.mark();
      long from = epochNanos();
      Phase duplicates = drive("duplicate, closed loop at saturation, pipeline running", url, token, 202, duplicate, PHASE);
      long to = epochNanos();
      C cost = probe.since(mark);
      ApiRequestLog.Counts api = requests.drain();
      Settled counted = settle(kube, before, duplicates.expected());
      DuplicatePhase<C> saturation = new DuplicatePhase<>(duplicates, counted, cost, probe.pauses(from, to), api);
      // The target's rate, paced: the latency a sender sees at 2,000/s, on a JVM the phases before warmed up.
      requests.drain();
      mark = probe.mark();
      from = epochNanos();
      Paced paced;
      try (RoundProfiler profiler = RoundProfiler.start("duplicates-paced")) {
        paced = pace("duplicate, paced at " + String.format(Locale.ROOT, "%,d", PACED_RATE) + "/s, pipeline running",
            url, token, 202, duplicate, PACED_RATE, PHASE);
      }
      to = epochNanos();
      long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
      // For setting beside a JIT compilation log (-XX:+LogCompilation stamps are seconds of this JVM's uptime).
      System.out.printf(Locale.ROOT, "paced duplicates ran from this JVM's uptime %.1f s to %.1f s%n",
          (from / 1_000_000L - jvmStart) / 1000.0, (to / 1_000_000L - jvmStart) / 1000.0);
      C pacedCost = probe.since(mark);
      ApiRequestLog.Counts pacedApi = requests.drain();
      Trickle.Result trickled = trickle.stop(watch);
      Settled pacedCounted = settle(kube, before + duplicates.expected(), paced.phase().expected());
      DuplicatePhase<C> pacedRun = new DuplicatePhase<>(paced.phase(), pacedCounted, pacedCost, probe.pauses(from, to),
          pacedApi);
      assertThat(watch.awaitingApproval.keySet().stream().filter(name -> watch.seen.containsKey(name)))
          .as("none of the duplicate set ended during the run").isEmpty();
      watch.await(trickled.names(), Duration.ofSeconds(120)); // the trickle's remediations end before what follows
      return new Run<>(saturation, paced, pacedRun, trickled);
    }
  }

  /** What every run must show: each duplicate answered 202 and a count in status, and the pipeline completing work. */
  static void assertCounted(Run<?> run) {
    Phase paced = run.paced().phase();
    Phase saturation = run.saturation().phase();
    assertThat(run.pacedRun().settled().counted()).as("every paced 202 is a duplicate count in status")
        .isEqualTo(paced.expected());
    assertThat(run.saturation().settled().counted()).as("every 202 is a duplicate count in status")
        .isEqualTo(saturation.expected());
    assertThat(paced.answered(202)).as("every paced duplicate answered 202: the set stayed active")
        .isEqualTo(paced.requests());
    assertThat(saturation.answered(202)).as("every duplicate answered 202: the set stayed active")
        .isEqualTo(saturation.requests());
    assertThat(run.trickled().completedDuringPhase()).as("the pipeline completed remediations during the phases")
        .isPositive();
  }

  /**
   * The duplicates' rows of the phase table and of the #19 target table (the caller has written the phase
   * table's head and writes the target table's head before {@code targets}), and the paced phase's pauses.
   */
  static void rows(StringBuilder phases, Run<?> run, String trickleNamespace) {
    String awaiting = " counted on " + DUPLICATE_SET + " remediations awaiting approval";
    Phase p = run.paced().phase();
    Phase d = run.saturation().phase();
    row(phases, d, run.saturation().settled().counted() + awaiting
        + (d.answered(201) == 0 ? "" : "; " + d.answered(201) + " answered 201"));
    row(phases, p, run.pacedRun().settled().counted() + awaiting + "; latency from the intended send time; " + p.requests()
        + " of " + run.paced().scheduled() + " scheduled sent" + (p.answered(201) == 0 ? "" : "; " + p.answered(201)
        + " answered 201") + "; meanwhile (from the warm-up on) " + run.trickled().names().size() + " new alerts ("
        + trickleNamespace + "), " + run.trickled().completedDuringPhase() + " of them Completed");
  }

  /** The duplicates' rows of the #19 target table. */
  static void targets(StringBuilder t, Run<?> run) {
    Paced paced = run.paced();
    Phase p = paced.phase();
    Phase d = run.saturation().phase();
    Settled saturation = run.saturation().settled();
    Settled pacedSettled = run.pacedRun().settled();
    double pacedP99 = p.percentileMs(0.99);
    target(t, "duplicates: >= 2,000 answered/s, " + CLIENTS + " clients, pipeline running", String.format(Locale.ROOT,
        "paced at %,d/s: %,.0f/s answered, %d of %d sent (kept up: every request answered, at >= 99%% of the rate); "
        + "capacity at saturation %,.0f/s", paced.offered(), paced.achieved(), p.requests(), paced.scheduled(),
        d.perSecond()), paced.keptUp());
    target(t, "duplicates: p99 < 10 ms", String.format(Locale.ROOT, "paced at %,d/s, from the intended send time: "
        + "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; at saturation (closed loop, queueing: %d clients / "
        + "%,.0f/s = %.1f ms mean) p50 %.1f ms, p99 %.1f ms", paced.offered(), p.percentileMs(0.5), pacedP99,
        p.percentileMs(0.999), p.percentileMs(1.0), CLIENTS, d.perSecond(), CLIENTS * 1000.0 / d.perSecond(),
        d.percentileMs(0.5), d.percentileMs(0.99)), pacedP99 < 10 && paced.keptUp());
    target(t, "every duplicate's count in status within 2 s", String.format(Locale.ROOT,
        "saturation: %d of %d after 2 s, all %d after %,.0f ms; paced: %d of %d after 2 s, all %d after %,.0f ms",
        saturation.countedAt2s(), d.expected(), saturation.counted(), saturation.settledMs(),
        pacedSettled.countedAt2s(), p.expected(), pacedSettled.counted(), pacedSettled.settledMs()),
        pacedSettled.countedAt2s() == p.expected() && saturation.countedAt2s() == d.expected());
  }

  /** The paced phase's collection pauses, and how many of its slow requests were in flight during one. */
  static String pacedPauses(Run<?> run) {
    List<Pause> pauses = run.pacedRun().pauses();
    Phase p = run.paced().phase();
    int slow = (int) Arrays.stream(p.nanos()).filter(n -> n / 1e6 > 10).count();
    return String.format(Locale.ROOT, "Paced phase: %d collection pauses of the operator, %.0f ms in them, the longest "
        + "%.1f ms; %d requests over 10 ms, %d of them in flight (intended send to answer) during a pause%n",
        pauses.size(), pauses.stream().mapToDouble(Pause::ms).sum(), pauses.stream().mapToDouble(Pause::ms).max()
            .orElse(0), slow, run.paced().slowDuringPauses(10, pauses));
  }

  static void row(StringBuilder t, Phase p, String persisted) {
    t.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %s |%n", p.name(), p.requests(),
        p.perSecond(), p.percentileMs(0.50), p.percentileMs(0.99), p.percentileMs(0.999), persisted));
  }

  static void target(StringBuilder t, String target, String measured, boolean met) {
    t.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "met" : "**not met**")
        .append(" |\n");
  }

  /** Runs {@link #CLIENTS} closed-loop clients until {@code length} or the request budget is spent. */
  static Phase drive(String name, String url, String token, int expectedStatus, IntFunction<byte[]> body,
      Duration length) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<long[]> perClient = new ArrayList<>();
    ExecutorService pool = clientPool();
    long started = System.nanoTime();
    long deadline = started + length.toNanos();
    List<Future<long[]>> clients = new ArrayList<>();
    AtomicInteger expected = new AtomicInteger();
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong clientCpu = new AtomicLong();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(pool.submit(() -> {
        long[] samples = new long[MAX_REQUESTS];
        int n = 0;
        int i;
        long cpuBefore = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try (KeepAliveClient client = new KeepAliveClient(url, token)) {
          while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < MAX_REQUESTS) {
            byte[] request = body.apply(i);
            long t0 = System.nanoTime();
            int status = client.post(request);
            samples[n++] = System.nanoTime() - t0;
            statuses.merge(status, 1, Integer::sum);
            if (status == expectedStatus) {
              expected.incrementAndGet();
            }
          }
        }
        clientCpu.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore);
        return Arrays.copyOf(samples, n);
      }));
    }
    for (Future<long[]> f : clients) {
      perClient.add(f.get());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
    return new Phase(name, all.length, expected.get(), seconds, all, Map.copyOf(statuses), clientCpu.get());
  }

  /**
   * Runs {@link #CLIENTS} open-loop clients that together send {@code rate} requests per second for
   * {@code length}: client c sends its k-th request at {@code start + (k * CLIENTS + c) / rate}. A client
   * that is behind (its previous answer came late) sends at once, and the request's latency is counted
   * from when it was meant to go (no coordinated omission: a stall shows in every request it delayed).
   * Requests the schedule could not send within another {@code length} after it ended are not sent and
   * are missing from the phase.
   */
  static Paced pace(String name, String url, String token, int expectedStatus, IntFunction<byte[]> body,
      int rate, Duration length) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = clientPool();
    long periodNanos = CLIENTS * 1_000_000_000L / rate;
    long epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    long started = System.nanoTime() + 20_000_000L; // every client ready before the first send
    long end = started + length.toNanos();
    long cutOff = end + length.toNanos();
    AtomicInteger expected = new AtomicInteger();
    AtomicInteger scheduled = new AtomicInteger();
    AtomicLong lastAnswer = new AtomicLong(started);
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong clientCpu = new AtomicLong();
    List<Future<long[][]>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      long first = started + c * 1_000_000_000L / rate;
      clients.add(pool.submit(() -> {
        int capacity = (int) (length.toNanos() / periodNanos) + 2;
        long[] latencies = new long[capacity];
        long[] intendedAt = new long[capacity];
        int n = 0;
        long cpuBefore = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try (KeepAliveClient client = new KeepAliveClient(url, token)) {
          for (long intended = first; intended < end; intended += periodNanos) {
            scheduled.incrementAndGet();
            long now = System.nanoTime();
            while (now < intended) {
              java.util.concurrent.locks.LockSupport.parkNanos(intended - now);
              now = System.nanoTime();
            }
            if (now >= cutOff) {
              continue; // too far behind: counted as scheduled, never sent
            }
            byte[] request = body.apply(next.getAndIncrement());
            int status = client.post(request);
            long answered = System.nanoTime();
            latencies[n] = answered - intended;
            intendedAt[n++] = intended + epochOffset;
            lastAnswer.accumulateAndGet(answered, Math::max);
            statuses.merge(status, 1, Integer::sum);
            if (status == expectedStatus) {
              expected.incrementAndGet();
            }
          }
        }
        clientCpu.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore);
        return new long[][] {Arrays.copyOf(latencies, n), Arrays.copyOf(intendedAt, n)};
      }));
    }
    List<long[][]> results = new ArrayList<>();
    for (Future<long[][]> f : clients) {
      results.add(f.get());
    }
    pool.shutdown();
    long[] latencies = results.stream().flatMapToLong(r -> Arrays.stream(r[0])).toArray();
    long[] intended = results.stream().flatMapToLong(r -> Arrays.stream(r[1])).toArray();
    double lastAnswerSeconds = (lastAnswer.get() - started) / 1e9;
    Phase phase = new Phase(name, latencies.length, expected.get(), lastAnswerSeconds, latencies, Map.copyOf(statuses),
        clientCpu.get());
    return new Paced(phase, rate, scheduled.get(), lastAnswerSeconds, intended);
  }

  private static ExecutorService clientPool() {
    AtomicInteger threadNumber = new AtomicInteger();
    return Executors.newFixedThreadPool(CLIENTS, r -> new Thread(r, CLIENT_THREAD + threadNumber.incrementAndGet()));
  }

  /** Now, in epoch nanoseconds (millisecond resolution, as the collectors report). */
  static long epochNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  static void post(String url, String token, String body) throws IOException, InterruptedException {
    HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /**
   * The operator's ConfigMap for the duplicates load: every production action needs approval, so the duplicate
   * set waits in AwaitingApproval; the trickle (staging) runs through: its healthy target ends monitoring at the
   * first check, and the disruption budget, which would hold most of it back, is lifted; with {@code extra} data.
   */
  static void config(KubernetesClient kube, String namespace, Map<String, String> extra) {
    kube.configMaps().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("kubernaut-config").withNamespace(namespace).endMetadata()
        .addToData("gates.yaml", "productionApprovalConfidence: 1.0\n")
        .addToData("safety.yaml", "limits:\n  monitoringWindow: 1s\nbudget:\n  maxActionsPerHour: 0\n"
            + "  maxConcurrentRemediationsPerNamespace: 0\n")
        .addToData(extra).build()).create();
  }

  /** An Alertmanager alert of an OOMKilled container of {@code workload}'s pod, as the pipeline benchmark posts. */
  static String oomAlert(String alertName, String namespace, String workload) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},\"commonLabels\":{},"
        + "\"commonAnnotations\":{},\"externalURL\":\"http://am\",\"alerts\":[{\"status\":\"firing\",\"labels\":{"
        + "\"alertname\":\"" + alertName + "\",\"namespace\":\"" + namespace + "\",\"pod\":\""
        + BenchWorkloads.podOf(workload) + "\",\"container\":\"api\",\"severity\":\"critical\"},"
        + "\"annotations\":{\"summary\":\"bench\"},\"startsAt\":\"2026-11-20T10:00:00Z\","
        + "\"fingerprint\":\"0123456789abcdef\"}]}";
  }

  /** The duplicate set's workloads. */
  static List<String> duplicateWorkloads() {
    return java.util.stream.IntStream.range(0, DUPLICATE_SET).mapToObj(i -> "bench-dup-" + i).toList();
  }

  /** The trickle's workloads: one per new alert, so no cooldown blocks one. */
  static List<String> trickleWorkloads() {
    // The warm-up (at most 20 s), its rounds while the compilers are busy, two phases (saturation, then paced) and the wait for
    // the first one's counts between them.
    long millis = 20_000 + Compilers.QUIET_SECONDS * 1000L + 2 * PHASE.toMillis() + 10_000;
    int n = (int) (millis / TRICKLE_EVERY.toMillis()) + 8;
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "bench-trickle-" + i).toList();
  }

  private static long countedDuplicates(KubernetesClient kube) {
    return kube.resources(AlertRemediation.class).inNamespace(PipelineBenchmark.NS).list().getItems().stream()
        .filter(ar -> ar.getSpec().getAlertName().startsWith(DUPLICATE_ALERT) && ar.getStatus() != null
            && ar.getStatus().getDuplicates() != null)
        .mapToLong(ar -> ar.getStatus().getDuplicates().getCount()).sum();
  }

  /** Waits until status holds {@code expected} more duplicates of the set than {@code before}. */
  private static Settled settle(KubernetesClient kube, long before, long expected) throws InterruptedException {
    // Duplicates are counted in memory and flushed to status once a second: the target is every count in status
    // within 2 s.
    long flushStarted = System.nanoTime();
    long counted = countedDuplicates(kube) - before;
    long countedAt2s = System.nanoTime() - flushStarted <= Duration.ofSeconds(2).toNanos() ? counted : 0;
    while (counted < expected && System.nanoTime() - flushStarted < Duration.ofSeconds(60).toNanos()) {
      Thread.sleep(250); // each look is a LIST of every AlertRemediation, on the same mock as the flushes
      counted = countedDuplicates(kube) - before;
      if (System.nanoTime() - flushStarted <= Duration.ofSeconds(2).toNanos()) {
        countedAt2s = counted;
      }
    }
    return new Settled(counted, countedAt2s, (System.nanoTime() - flushStarted) / 1e6);
  }

  /** Waits until status holds {@code expected} duplicates of the set, up to {@code atMost}; answers what it holds. */
  private static long awaitCounted(KubernetesClient kube, long expected, Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    long counted = countedDuplicates(kube);
    while (counted < expected && System.nanoTime() < deadline) {
      Thread.sleep(250);
      counted = countedDuplicates(kube);
    }
    return counted;
  }

  /** The 1-minute load average, as {@code uptime} shows it (the machine may be shared). */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /**
   * New alerts on the trickle's workloads, one every {@link #TRICKLE_EVERY} from a thread of its own,
   * while the duplicates phases run: the pipeline's work during them.
   */
  static final class Trickle {

    /** What the trickle posted, and how many of those remediations Completed before it stopped. */
    record Result(List<String> names, int completedDuringPhase) {}

    private final List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    Trickle(String url, String token, String namespace, List<String> workloads) {
      AtomicInteger next = new AtomicInteger();
      clock.scheduleAtFixedRate(() -> {
        int i = next.getAndIncrement();
        if (i >= workloads.size()) {
          return;
        }
        try {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(oomAlert("BenchTrickleOOMKilled" + i, namespace,
                  workloads.get(i)))).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 201) {
            names.add(JSON.readTree(r.body()).path("results").get(0).path("remediation").asText());
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, 0, TRICKLE_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    Result stop(PipelineBenchmark.Terminals watch) throws InterruptedException {
      clock.shutdown();
      clock.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      long completed = names.stream().map(watch.seen::get)
          .filter(seen -> seen != null && seen.phase() == io.kubernaut.ports.remediation.RemediationPhase.Completed)
          .count();
      return new Result(List.copyOf(names), (int) completed);
    }
  }
}
