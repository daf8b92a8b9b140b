package io.kubernaut.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.kubernaut.app.Kubernaut;
import io.kubernaut.app.OperatorConfig;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.Shard;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The gateway load driver (SPEC §13, #19). Starts Kubernaut in embedded mode in this JVM (embedded
 * API server, PostgreSQL, controllers, Javalin) as shard 0 of 2 ({@code KUBERNAUT_SHARD=0/2}) and
 * drives it over loopback with N clients, each on one HTTP/1.1 keep-alive connection as
 * Alertmanager's Go client keeps ({@link KeepAliveClient}; the JDK HttpClient cost about 0.2 ms of this
 * JVM's CPU per request, as much as a third of what the gateway itself spends on a duplicate):
 * <ol>
 *   <li>duplicates with the pipeline running, in two phases. <b>Paced</b> (open loop), on which #19's
 *       duplicate target is judged: the N clients together send {@code -Dbench.pacedRate} (2,000, the
 *       target's rate) requests per second on a fixed schedule, and each request's latency is counted from
 *       the time the schedule meant to send it, so a stall (a collection pause, a slow flush) counts for
 *       every request it held back, not only for the one in flight (no coordinated omission); it reports
 *       p50/p99/p99.9 and the rate achieved, and fails the target when the operator cannot keep the
 *       schedule. <b>Saturation</b> (closed loop, each client sends its next request when its last is
 *       answered), reported beside it: it measures capacity, and its latency is queueing at capacity (by
 *       Little's law the mean is N / throughput), not the latency at the target's rate. Each phase's CPU
 *       and heap per duplicate, collection pauses (which of the paced requests over 10 ms were in flight
 *       during one) and API requests are printed. The JVM's collector is surefire's default (the one an
 *       embedded-mode {@code java -jar} on the same machine gets) unless {@code -DargLine} names one; the
 *       output names it. The paced phase runs second, on a JVM the warm-up and the saturation phase have
 *       compiled (an operator that has run for a while). Both phases run first, on an API server that holds only what they need:
 *       the duplicate set is 64 remediations on workloads of a production namespace of shard 0
 *       that stay active for both phases because they wait for approval: the benchmark sets
 *       {@code gates.yaml} {@code productionApprovalConfidence: 1.0} in the {@code kubernaut-config}
 *       ConfigMap, which the operator supports for exactly this (every production action needs a human),
 *       and waits until all 64 are AwaitingApproval (the approval times out after 15 min). Meanwhile
 *       the pipeline works through a steady trickle of new alerts (one every 500 ms) on workloads of
 *       {@code payments-staging}, also shard 0, which run to completion ({@code safety.yaml}: a 1 s
 *       monitoring window that the healthy target ends at its first check, the disruption budget
 *       lifted as in the pipeline benchmark). Every duplicate must be answered 202 and become a count
 *       in status; the time until every count is there is measured after each phase. Storm thresholds are the operator's
 *       defaults, so the duplicates cross them: the crossings are queued and recorded by the flush;</li>
 *   <li>new alerts, gateway alone: distinct alerts on a namespace of shard 1, which no replica
 *       reconciles (that shard's pipeline is scaled to zero), so the phase measures the gateway and
 *       nothing behind it; each must become an AlertRemediation;</li>
 *   <li>the baseline, in the same run: a bare Javalin endpoint doing only a fabric8 create against
 *       the same embedded API server, half before and half after the gateway phase; and, for
 *       comparison with earlier runs, against a fresh embedded API server.</li>
 * </ol>
 * The duplicates run first because the embedded API server (fabric8's CRUD mock) scans every stored
 * object on every request: the thousands of AlertRemediations the other phases leave behind would make
 * each request of the pipeline and the flusher cost milliseconds of this JVM's CPU, a cost of the
 * test harness that a real API server, indexed and in another process, does not have.
 * Bounded by count and time; prints a table to paste into docs/benchmarks.md. Settings:
 * -Dbench.clients (16), -Dbench.seconds per phase (10), -Dbench.max (60000, closed-loop phases),
 * -Dbench.pacedRate (2000), and to diagnose -Dbench.stormThresholds (unset: the operator's defaults).
 */
class GatewayBenchmark {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
  private static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
  private static final int MAX_REQUESTS = Integer.getInteger("bench.max", 60_000);
  private static final int DUPLICATE_SET = 64;
  /** The paced phase's total rate, requests per second: #19's target rate ({@code -Dbench.pacedRate}). */
  private static final int PACED_RATE = Integer.getInteger("bench.pacedRate", 2000);
  /** A diagnosis knob ({@code -Dbench.stormThresholds}): storm thresholds other than the defaults. */
  private static final String STORM_THRESHOLDS = System.getProperty("bench.stormThresholds");
  /** The name prefix of the benchmark's client threads, whose CPU time is told apart from the operator's. */
  private static final String CLIENT_THREAD = "bench-client-";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /**
   * The embedded API server's mock logs two INFO lines to stderr per request through java.util.logging
   * (only {@code Main} bridges it to SLF4J); on this JVM that is a synchronised console write per API
   * request, which is not the operator's cost. Held here: java.util.logging keeps loggers weakly.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");
  /** This replica's shard: it reconciles the remediations of namespaces hashing to 0 of 2. */
  private static final Shard SHARD = new Shard(0, 2);
  /** Where the duplicates' remediations live: a production namespace this replica's pipeline reconciles. */
  private static final String PIPELINE_NAMESPACE = namespaceOfShard("shop-prod", 0);
  /** Where the trickle of new alerts that run to completion points: a staging namespace of shard 0. */
  private static final String TRICKLE_NAMESPACE = BenchWorkloads.NAMESPACE;
  /** How often the trickle posts a new alert during the duplicates phase. */
  private static final Duration TRICKLE_EVERY = Duration.ofMillis(500);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  /** Where the new alerts of the gateway-alone phase point: a namespace of shard 1, reconciled by no replica. */
  private static final String GATEWAY_ALONE_NAMESPACE = namespaceOfShard("shop-prod", 1);

  /** What one phase measured. */
  record Phase(String name, int requests, int expected, double seconds, long[] nanos, Map<Integer, Integer> statuses,
      long clientCpuNanos) {
    int answered(int status) {
      return statuses.getOrDefault(status, 0);
    }

    double perSecond() {
      return requests / seconds;
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

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** {@code base}, or {@code base-N} for the first N that hashes to {@code shard} of {@link #SHARD}'s count. */
  private static String namespaceOfShard(String base, int shard) {
    String candidate = base;
    for (int n = 2; SHARD.of(candidate) != shard; n++) {
      candidate = base + "-" + n;
    }
    return candidate;
  }

  private static String alert(String alertName, String namespace) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},\"commonLabels\":{},"
        + "\"commonAnnotations\":{},\"externalURL\":\"http://am\",\"alerts\":[{\"status\":\"firing\",\"labels\":{"
        + "\"alertname\":\"" + alertName + "\",\"namespace\":\"" + namespace + "\",\"deployment\":\"app\","
        + "\"severity\":\"warning\"},\"annotations\":{\"summary\":\"bench\"},\"startsAt\":\"2026-11-20T10:00:00Z\","
        + "\"fingerprint\":\"0123456789abcdef\"}]}";
  }

  /** Runs {@code CLIENTS} closed-loop clients until the phase time or request budget is spent. */
  private static Phase drive(String name, String url, String token, int expectedStatus, IntFunction<String> body)
      throws Exception {
    return drive(name, url, token, expectedStatus, body, PHASE);
  }

  private static Phase drive(String name, String url, String token, int expectedStatus, IntFunction<String> body,
      Duration length) throws Exception {
    return driveBytes(name, url, token, expectedStatus, i -> body.apply(i).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        length);
  }

  /** {@link #drive} with the bodies as bytes (the duplicates' are made once: the client shares this JVM's heap). */
  private static Phase driveBytes(String name, String url, String token, int expectedStatus, IntFunction<byte[]> body,
      Duration length) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<long[]> perClient = new ArrayList<>();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS,
        r -> new Thread(r, CLIENT_THREAD + threadNumber.incrementAndGet()));
    long started = System.nanoTime();
    long deadline = started + length.toNanos();
    List<Future<long[]>> clients = new ArrayList<>();
    AtomicInteger expected = new AtomicInteger();
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicLong clientCpu = new java.util.concurrent.atomic.AtomicLong();
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
     * time to their answer) while a collection paused the JVM.
     */
    int slowDuringPauses(double thresholdMs, List<GcPauses.Pause> pauses) {
      int n = 0;
      for (int i = 0; i < intended.length; i++) {
        long latency = phase.nanos()[i];
        if (latency / 1e6 <= thresholdMs) {
          continue;
        }
        long from = intended[i];
        long to = from + latency;
        for (GcPauses.Pause p : pauses) {
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
   * Runs {@code CLIENTS} open-loop clients that together send {@code rate} requests per second for
   * {@code length}: client c sends its k-th request at {@code start + (k * CLIENTS + c) / rate}. A client
   * that is behind (its previous answer came late) sends at once, and the request's latency is counted
   * from when it was meant to go (no coordinated omission: a stall shows in every request it delayed).
   * Requests the schedule could not send within another {@code length} after it ended are not sent and
   * are missing from the phase.
   */
  private static Paced pace(String name, String url, String token, int expectedStatus, IntFunction<byte[]> body,
      int rate, Duration length) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS,
        r -> new Thread(r, CLIENT_THREAD + threadNumber.incrementAndGet()));
    long periodNanos = CLIENTS * 1_000_000_000L / rate;
    long epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    long started = System.nanoTime() + 20_000_000L; // every client ready before the first send
    long end = started + length.toNanos();
    long cutOff = end + length.toNanos();
    AtomicInteger expected = new AtomicInteger();
    AtomicInteger scheduled = new AtomicInteger();
    java.util.concurrent.atomic.AtomicLong lastAnswer = new java.util.concurrent.atomic.AtomicLong(started);
    Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicLong clientCpu = new java.util.concurrent.atomic.AtomicLong();
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

  /**
   * The JVM's collection pauses as the collectors report them (one notification per collection, its
   * start and duration), kept with wall-clock times so that they can be set beside the requests they held.
   */
  static final class GcPauses implements AutoCloseable {

    /** One collection: its collector, cause, and when it paused the JVM (epoch nanoseconds). */
    record Pause(String collector, String cause, long startEpochNanos, long endEpochNanos) {
      double ms() {
        return (endEpochNanos - startEpochNanos) / 1e6;
      }
    }

    private final List<Pause> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> removals = new ArrayList<>();

    GcPauses() {
      long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
      for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        if (!(gc instanceof javax.management.NotificationEmitter emitter)) {
          continue;
        }
        javax.management.NotificationListener listener = (notification, handback) -> {
          if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
          }
          com.sun.management.GarbageCollectionNotificationInfo info = com.sun.management.GarbageCollectionNotificationInfo
              .from((javax.management.openmbean.CompositeData) notification.getUserData());
          // ZGC and Shenandoah report their concurrent cycles here too; only the pauses stop the requests.
          if (info.getGcName().contains("Cycles")) {
            return;
          }
          long start = (jvmStart + info.getGcInfo().getStartTime()) * 1_000_000L;
          pauses.add(new Pause(info.getGcName(), info.getGcCause(), start, start + info.getGcInfo().getDuration() * 1_000_000L));
        };
        emitter.addNotificationListener(listener, null, null);
        removals.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (javax.management.ListenerNotFoundException e) {
            // gone already
          }
        });
      }
    }

    /** The pauses that began between these epoch times. */
    List<Pause> between(long fromEpochNanos, long toEpochNanos) {
      return pauses.stream().filter(p -> p.startEpochNanos() >= fromEpochNanos && p.startEpochNanos() < toEpochNanos)
          .toList();
    }

    @Override
    public void close() {
      removals.forEach(Runnable::run);
    }
  }

  /** Now, in epoch nanoseconds (millisecond resolution, as the collectors report). */
  private static long epochNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  @Test
  void gatewayThroughputAndLatencyAgainstTheEmbeddedApi() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "bench-");
    String load = loadAverage();
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", data.toString(),
        "KUBERNAUT_LEADER_ELECTION", "false", "KUBERNAUT_MAX_CONCURRENT_INTAKE", "1024",
        "KUBERNAUT_SHARD", SHARD.index() + "/" + SHARD.count()));
    if (STORM_THRESHOLDS != null) {
      env.put("KUBERNAUT_STORM_THRESHOLDS", STORM_THRESHOLDS);
    }
    try (Kubernaut kubernaut = Kubernaut.start(OperatorConfig.from(env), () -> false);
        KubernetesClient kube = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
            .withMasterUrl(kubernaut.apiServerUrl()).withUserAgent(ApiRequestLog.BENCH_AGENT).build()).build()) {
      String url = "http://localhost:" + kubernaut.httpPort() + "/api/v1/signals/prometheus";
      String token = kubernaut.apiToken();
      assertThat(SHARD.of(TRICKLE_NAMESPACE)).as("the trickle's namespace is this replica's shard").isZero();
      // Every production action needs approval: the duplicate set waits in AwaitingApproval. The trickle (staging)
      // runs through: its healthy target ends monitoring at the first check; the budget would hold most of it back.
      config(kube, Map.of("gates.yaml", "productionApprovalConfidence: 1.0\n",
          "safety.yaml", "limits:\n  monitoringWindow: 1s\nbudget:\n  maxActionsPerHour: 0\n"
              + "  maxConcurrentRemediationsPerNamespace: 0\n"));
      List<String> dupWorkloads = java.util.stream.IntStream.range(0, DUPLICATE_SET).mapToObj(i -> "bench-dup-" + i).toList();
      List<String> trickleWorkloads = java.util.stream.IntStream.range(0, trickleCapacity())
          .mapToObj(i -> "bench-trickle-" + i).toList();
      BenchWorkloads.create(kube, PIPELINE_NAMESPACE, dupWorkloads);
      BenchWorkloads.create(kube, TRICKLE_NAMESPACE, trickleWorkloads);
      Thread.sleep(1000); // the policy informer sees the ConfigMap

      Paced paced;
      Phase duplicates;
      Settled pacedCounted;
      Settled counted;
      Trickle.Result trickled;
      Cpu pacedCpu;
      Cpu cpu;
      List<GcPauses.Pause> pacedPauses;
      List<GcPauses.Pause> saturationPauses;
      ApiRequestLog.Counts pacedApi;
      ApiRequestLog.Counts api;
      // The mock keeps every request for this log (bench/pom.xml): drained per phase, it also stays small.
      ApiRequestLog requests = new ApiRequestLog(kubernaut);
      try (PipelineBenchmark.Terminals watch = new PipelineBenchmark.Terminals(kube); GcPauses gc = new GcPauses()) {
        for (int i = 0; i < DUPLICATE_SET; i++) {
          post(url, token, oomAlert("BenchDupOOMKilled" + i, PIPELINE_NAMESPACE, dupWorkloads.get(i)));
        }
        assertThat(watch.awaitAwaitingApproval(DUPLICATE_SET, Duration.ofSeconds(180)))
            .as("the duplicate set waits for approval").isEqualTo(DUPLICATE_SET);
        byte[][] duplicateBodies = java.util.stream.IntStream.range(0, DUPLICATE_SET).mapToObj(i -> oomAlert(
            "BenchDupOOMKilled" + i, PIPELINE_NAMESPACE, dupWorkloads.get(i)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
        IntFunction<byte[]> duplicate = i -> duplicateBodies[i % DUPLICATE_SET];
        Phase warmUp = driveBytes("warm-up duplicates", url, token, 202, duplicate, PHASE.dividedBy(2));
        long before = awaitCounted(kube, warmUp.expected(), Duration.ofSeconds(60));
        assertThat(before).as("the warm-up's duplicates in status").isEqualTo(warmUp.expected());

        Trickle trickle = new Trickle(url, token, TRICKLE_NAMESPACE, trickleWorkloads);
        // The capacity: closed loop at saturation, where latency is queueing (16 clients / rate, Little's law).
        requests.drain();
        Cpu cpuBefore = Cpu.now();
        long from = epochNanos();
        duplicates = driveBytes("duplicate, closed loop at saturation, pipeline running", url, token, 202, duplicate, PHASE);
        saturationPauses = gc.between(from, epochNanos());
        cpu = Cpu.now().minus(cpuBefore);
        api = requests.drain();
        counted = settle(kube, before, duplicates.expected());
        // The target's rate, paced: the latency a sender sees at 2,000/s, on a JVM the phases before warmed up.
        requests.drain();
        cpuBefore = Cpu.now();
        from = epochNanos();
        paced = pace("duplicate, paced at " + String.format(Locale.ROOT, "%,d", PACED_RATE) + "/s, pipeline running",
            url, token, 202, duplicate, PACED_RATE, PHASE);
        pacedPauses = gc.between(from, epochNanos());
        pacedCpu = Cpu.now().minus(cpuBefore);
        pacedApi = requests.drain();
        trickled = trickle.stop(watch);
        pacedCounted = settle(kube, before + duplicates.expected(), paced.phase().expected());
        assertThat(watch.awaitingApproval.keySet().stream().filter(name -> watch.seen.containsKey(name)))
            .as("none of the duplicate set ended during the run").isEmpty();
        watch.await(trickled.names(), Duration.ofSeconds(120)); // the trickle ends before the gateway-alone phase
      }

      // The baseline on the same embedded API server (same store, same watches), in two halves around the
      // gateway phase, so that neither gets the emptier store; its AlertRemediations carry no shard label, so no
      // controller reconciles them.
      Javalin sameApiBaseline = bareCreateEndpoint(kubernaut.apiServerUrl(), "same-");
      String sameUrl = "http://localhost:" + sameApiBaseline.port() + "/create";
      Phase created;
      Phase bare;
      int createdArs;
      Cpu newAlertCpu;
      Cpu bareCpu;
      ApiRequestLog.Counts newAlertApi;
      try {
        drive("warm-up", url, token, 201, i -> alert("WarmUp" + i, GATEWAY_ALONE_NAMESPACE));
        drive("warm-up bare", sameUrl, token, 201, i -> "w" + i, PHASE.dividedBy(2));
        histogram("before-bare", requests);
        Cpu bareStart = Cpu.now();
        Phase bareBefore = drive("bare, first half", sameUrl, token, 201, i -> "b" + i, PHASE.dividedBy(2));
        bareCpu = Cpu.now().minus(bareStart);
        int before = count(kube);
        requests.drain();
        histogram("before-new-alerts", requests);
        Cpu newStart = Cpu.now();
        created = drive("new alert, gateway alone", url, token, 201, i -> alert("BenchNew" + i, GATEWAY_ALONE_NAMESPACE));
        newAlertCpu = Cpu.now().minus(newStart);
        newAlertApi = requests.drain();
        histogram("after-new-alerts", requests);
        createdArs = count(kube) - before;
        bareStart = Cpu.now();
        Phase bareAfter = drive("bare, second half", sameUrl, token, 201, i -> "c" + i, PHASE.dividedBy(2));
        bareCpu = bareCpu.plus(Cpu.now().minus(bareStart));
        histogram("after-bare", requests);
        bare = bareBefore.plus("bare Javalin + fabric8 create, same API server", bareAfter);
      } finally {
        sameApiBaseline.stop();
      }

      Phase fresh;
      // The earlier baseline, for comparison with earlier runs: a fresh embedded API server of its own.
      EmbeddedApiServer bareApi = new EmbeddedApiServer(data.resolve("bare"), "kubernaut-system", 0).start();
      Javalin baseline = bareCreateEndpoint(bareApi.url(), "fresh-");
      try {
        String bareUrl = "http://localhost:" + baseline.port() + "/create";
        drive("warm-up fresh", bareUrl, token, 201, i -> "w" + i, PHASE.dividedBy(2));
        fresh = drive("bare create, fresh API server", bareUrl, token, 201, i -> "f" + i);
      } finally {
        baseline.stop();
        bareApi.close();
      }

      int reconciledElsewhere = pipelineTouched(kube, "BenchNew");

      DuplicatePhase pacedRun = new DuplicatePhase(paced.phase(), pacedCounted, pacedCpu, pacedPauses, pacedApi);
      DuplicatePhase saturation = new DuplicatePhase(duplicates, counted, cpu, saturationPauses, api);
      print(load, loadAverage(), created, createdArs, reconciledElsewhere, bare, fresh, paced, pacedRun, saturation,
          trickled);
      printNewAlertCost(created, newAlertCpu, newAlertApi, bare, bareCpu);
      assertThat(reconciledElsewhere).as("no new alert of the gateway-alone phase was reconciled (shard 1 has no replica)")
          .isZero();
      assertThat(createdArs).as("every 201 is an AlertRemediation").isEqualTo(created.expected());
      assertThat(created.expected()).as("every new alert answered 201").isEqualTo(created.requests());
      assertThat(pacedCounted.counted()).as("every paced 202 is a duplicate count in status")
          .isEqualTo(paced.phase().expected());
      assertThat(counted.counted()).as("every 202 is a duplicate count in status").isEqualTo(duplicates.expected());
      assertThat(paced.phase().answered(202)).as("every paced duplicate answered 202: the set stayed active")
          .isEqualTo(paced.phase().requests());
      assertThat(duplicates.answered(202)).as("every duplicate answered 202: the set stayed active")
          .isEqualTo(duplicates.requests());
      assertThat(trickled.completedDuringPhase()).as("the pipeline completed remediations during the phases").isPositive();
    }
  }

  private static void post(String url, String token, String body) throws IOException, InterruptedException {
    HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /**
   * How the counts of a phase's duplicates reached status: how many status held 2 s after the phase
   * (the last look that had ended by then, a conservative reading), and after how long all of them (or
   * as many as arrived within 60 s, which tells a slow flush from a lost count).
   */
  record Settled(long counted, long countedAt2s, double settledMs) {}

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

  /**
   * CPU time used so far, in ms: by the gateway's request threads (Javalin's Jetty pool), by the
   * duplicate flusher's threads, by the benchmark's JDK HttpClient (the trickle's; the load driver's
   * threads end with their phase, so each measures its own: {@link Phase#clientCpuNanos}), by the vert.x event loops (the
   * embedded API server, and the fabric8 clients' I/O), and by this whole JVM; with the heap bytes
   * the Jetty threads and all threads allocated, and the garbage collections (count, pause ms; for ZGC and
   * Shenandoah their pauses, not their concurrent cycles).
   * Threads that ended in between are not counted.
   */
  record Cpu(double jettyMs, double jettyUserMs, double flusherMs, double clientsMs, double vertxMs, double processMs,
      long jettyBytes, long allBytes, long gcCount, long gcMs) {
    static Cpu now() {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
      double[] by = new double[4];
      long jettyBytes = 0;
      double jettyUserMs = 0;
      long allBytes = 0;
      for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        double ms = Math.max(0, threads.getThreadCpuTime(info.getThreadId())) / 1e6;
        long bytes = Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
        allBytes += bytes;
        String name = info.getThreadName();
        int kind = name.startsWith("JettyServerThreadPool") ? 0 : name.startsWith("kubernaut-duplicate-") ? 1
            : name.startsWith(CLIENT_THREAD) || name.startsWith("HttpClient-") ? 2 : name.startsWith("vert.x-") ? 3 : -1;
        if (kind >= 0) {
          by[kind] += ms;
        }
        if (kind == 0) {
          jettyBytes += bytes;
          jettyUserMs += Math.max(0, threads.getThreadUserTime(info.getThreadId())) / 1e6;
        }
      }
      long gcCount = 0;
      long gcMs = 0;
      for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc.getName().contains("Cycles")) {
          continue; // ZGC's and Shenandoah's concurrent cycles: their time is not a pause (their "Pauses" bean counts those)
        }
        gcCount += Math.max(0, gc.getCollectionCount());
        gcMs += Math.max(0, gc.getCollectionTime());
      }
      long process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean()).getProcessCpuTime();
      return new Cpu(by[0], jettyUserMs, by[1], by[2], by[3], process / 1e6, jettyBytes, allBytes, gcCount, gcMs);
    }

    Cpu plus(Cpu other) {
      return new Cpu(jettyMs + other.jettyMs, jettyUserMs + other.jettyUserMs, flusherMs + other.flusherMs,
          clientsMs + other.clientsMs, vertxMs + other.vertxMs, processMs + other.processMs,
          jettyBytes + other.jettyBytes, allBytes + other.allBytes, gcCount + other.gcCount, gcMs + other.gcMs);
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(jettyMs - earlier.jettyMs, jettyUserMs - earlier.jettyUserMs, flusherMs - earlier.flusherMs, clientsMs - earlier.clientsMs,
          vertxMs - earlier.vertxMs, processMs - earlier.processMs, jettyBytes - earlier.jettyBytes,
          allBytes - earlier.allBytes, gcCount - earlier.gcCount, gcMs - earlier.gcMs);
    }
  }

  /** How many trickle workloads a phase can use: one per new alert, so no cooldown blocks one. */
  private static int trickleCapacity() {
    // Two phases (paced, then saturation) and the wait for the first one's counts between them.
    return (int) ((2 * PHASE.toMillis() + 10_000) / TRICKLE_EVERY.toMillis()) + 8;
  }

  /**
   * New alerts on the trickle's workloads, one every {@link #TRICKLE_EVERY} from a thread of its own,
   * while the duplicates phase runs: the pipeline's work during it.
   */
  private static final class Trickle {

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

  private static void config(KubernetesClient kube, Map<String, String> data) {
    kube.configMaps().inNamespace("kubernaut-system").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("kubernaut-config").withNamespace("kubernaut-system").endMetadata()
        .addToData(data).build()).create();
  }

  /** An Alertmanager alert of an OOMKilled container of {@code workload}'s pod, as the pipeline benchmark posts. */
  private static String oomAlert(String alertName, String namespace, String workload) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},\"commonLabels\":{},"
        + "\"commonAnnotations\":{},\"externalURL\":\"http://am\",\"alerts\":[{\"status\":\"firing\",\"labels\":{"
        + "\"alertname\":\"" + alertName + "\",\"namespace\":\"" + namespace + "\",\"pod\":\""
        + BenchWorkloads.podOf(workload) + "\",\"container\":\"api\",\"severity\":\"critical\"},"
        + "\"annotations\":{\"summary\":\"bench\"},\"startsAt\":\"2026-11-20T10:00:00Z\","
        + "\"fingerprint\":\"0123456789abcdef\"}]}";
  }

  private static long countedDuplicates(KubernetesClient kube) {
    return kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems().stream()
        .filter(ar -> ar.getSpec().getAlertName().startsWith("BenchDup") && ar.getStatus() != null
            && ar.getStatus().getDuplicates() != null)
        .mapToLong(ar -> ar.getStatus().getDuplicates().getCount()).sum();
  }

  private static int count(KubernetesClient kube) {
    return kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems().size();
  }

  /** The baseline: Javalin doing only a fabric8 create of an AlertRemediation per request. */
  private static Javalin bareCreateEndpoint(String apiServer, String namePrefix) {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(apiServer).build()).build();
    String spec = "{\"fingerprint\":\"" + "a".repeat(64) + "\",\"alertName\":\"Bare\",\"source\":\"prometheus\","
        + "\"severity\":\"warning\",\"target\":{\"kind\":\"Deployment\",\"namespace\":\"shop-prod\",\"name\":\"app\"},"
        + "\"receivedAt\":\"2026-11-20T10:00:00Z\"}";
    AtomicInteger seq = new AtomicInteger();
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.post("/create", ctx -> {
        ctx.bodyAsBytes();
        String json = "{\"apiVersion\":\"kubernaut.io/v1alpha1\",\"kind\":\"AlertRemediation\",\"metadata\":{\"name\":\"bare-" + namePrefix
            + seq.incrementAndGet() + "\",\"namespace\":\"kubernaut-system\"},\"spec\":" + spec + "}";
        client.resources(AlertRemediation.class).load(new java.io.ByteArrayInputStream(
            json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).create();
        ctx.status(201).result("{}");
      });
    }).start("127.0.0.1", 0);
  }

  /** How many remediations whose alert name starts with {@code prefix} have a phase, i.e. a pipeline touched them. */
  private static int pipelineTouched(KubernetesClient kube, String prefix) {
    return (int) kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems().stream()
        .filter(ar -> ar.getSpec().getAlertName().startsWith(prefix) && ar.getStatus() != null
            && ar.getStatus().getPhase() != null)
        .count();
  }

  /** The 1-minute load average, as {@code uptime} shows it (the machine may be shared). */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** What one duplicates phase measured beside its answers: counts in status, CPU and heap, pauses, API requests. */
  record DuplicatePhase(Phase phase, Settled settled, Cpu cpu, List<GcPauses.Pause> pauses, ApiRequestLog.Counts api) {}

  private static void print(String loadBefore, String loadAfter, Phase created, int createdArs, int reconciled,
      Phase bare, Phase fresh, Paced paced, DuplicatePhase pacedRun, DuplicatePhase saturation, Trickle.Result trickled) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%nGatewayBenchmark, %s UTC, %d cores, load average %s before, %s after; "
        + "%d clients, %d s per phase (max %d requests); %s%s%n%n", java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
        .withNano(0).toString().replace('T', ' '), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter,
        CLIENTS, PHASE.toSeconds(), MAX_REQUESTS, collectors(),
        STORM_THRESHOLDS == null ? "" : "; storm thresholds " + STORM_THRESHOLDS));
    t.append("| phase | requests | answered/s | p50 ms | p99 ms | p99.9 ms | persisted |\n|---|---|---|---|---|---|---|\n");
    row(t, created, createdArs + " ARs, " + reconciled + " reconciled");
    row(t, bare, bare.expected() + " created");
    row(t, fresh, fresh.expected() + " created");
    String awaiting = " counted on " + DUPLICATE_SET + " remediations awaiting approval";
    Phase p = paced.phase();
    Phase d = saturation.phase();
    row(t, d, saturation.settled().counted() + awaiting
        + (d.answered(201) == 0 ? "" : "; " + d.answered(201) + " answered 201"));
    row(t, p, pacedRun.settled().counted() + awaiting + "; latency from the intended send time; " + p.requests()
        + " of " + paced.scheduled() + " scheduled sent" + (p.answered(201) == 0 ? "" : "; " + p.answered(201) + " answered 201")
        + "; meanwhile (both phases) " + trickled.names().size() + " new alerts (" + TRICKLE_NAMESPACE + "), "
        + trickled.completedDuringPhase() + " of them Completed");
    double ratio = created.perSecond() / bare.perSecond();
    double pacedP99 = p.percentileMs(0.99);
    t.append("\n| #19 target | measured | |\n|---|---|---|\n");
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
        saturation.settled().countedAt2s(), d.expected(), saturation.settled().counted(), saturation.settled().settledMs(),
        pacedRun.settled().countedAt2s(), p.expected(), pacedRun.settled().counted(), pacedRun.settled().settledMs()),
        pacedRun.settled().countedAt2s() == p.expected() && saturation.settled().countedAt2s() == d.expected());
    target(t, "new alerts, gateway alone: >= 0.8x the bare create (same run)", String.format(Locale.ROOT,
        "%.2fx (%,.0f/s against %,.0f/s; p99 %.1f ms against %.1f ms); %.2fx a fresh API server's %,.0f/s",
        ratio, created.perSecond(), bare.perSecond(),
        created.percentileMs(0.99), bare.percentileMs(0.99), created.perSecond() / fresh.perSecond(), fresh.perSecond()),
        ratio >= 0.8);
    List<GcPauses.Pause> pauses = pacedRun.pauses();
    int slow = (int) Arrays.stream(p.nanos()).filter(n -> n / 1e6 > 10).count();
    t.append(String.format(Locale.ROOT, "%nPaced phase: %d collection pauses, %.0f ms in them, the longest %.1f ms; "
        + "%d requests over 10 ms, %d of them in flight (intended send to answer) during a pause%n", pauses.size(),
        pauses.stream().mapToDouble(GcPauses.Pause::ms).sum(), pauses.stream().mapToDouble(GcPauses.Pause::ms).max()
            .orElse(0), slow, paced.slowDuringPauses(10, pauses)));
    cost(t, "saturation phase", saturation);
    cost(t, "paced phase", pacedRun);
    // The benchmark's output is its product; it is not part of the operator.
    System.out.println(t);
  }

  /** The collectors this JVM runs, and how it was told to (the surefire JVM's arguments). */
  private static String collectors() {
    String names = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(java.lang.management.GarbageCollectorMXBean::getName).collect(java.util.stream.Collectors.joining(", "));
    List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-XX:+Use") || a.startsWith("-Xm") || a.startsWith("-XX:Max")).toList();
    return "collectors " + names + " (" + (flags.isEmpty() ? "the JVM's default" : String.join(" ", flags)) + ")";
  }

  /** CPU, heap and pauses per duplicate of one phase, and its API requests. */
  private static void cost(StringBuilder t, String name, DuplicatePhase run) {
    double n = run.phase().requests();
    Cpu cpu = run.cpu();
    t.append(String.format(Locale.ROOT, "CPU per duplicate, %s (CPU time; contention inflates it less than it does the "
        + "rates): %.3f ms on the gateway's Jetty threads (%.3f of it in user mode, the rest in the kernel: sockets, "
        + "wake-ups), %.3f ms on the duplicate flusher's, %.3f ms on the benchmark's clients, %.3f ms on the vert.x event "
        + "loops (the embedded API server and the fabric8 clients' I/O); %.3f ms for this whole JVM (the pipeline, "
        + "PostgreSQL's JDBC side, GC and JIT included)%n", name, cpu.jettyMs() / n, cpu.jettyUserMs() / n,
        cpu.flusherMs() / n, (run.phase().clientCpuNanos() / 1e6 + cpu.clientsMs()) / n, cpu.vertxMs() / n,
        cpu.processMs() / n));
    t.append(String.format(Locale.ROOT, "Heap allocated per duplicate, %s: %.1f KiB on the Jetty threads, %.1f KiB by "
        + "all threads; %d garbage collections, %d ms in them (the collectors' own account), the longest pause %.1f ms%n",
        name, cpu.jettyBytes() / n / 1024, cpu.allBytes() / n / 1024, cpu.gcCount(), cpu.gcMs(),
        run.pauses().stream().mapToDouble(GcPauses.Pause::ms).max().orElse(0)));
    ApiRequestLog.Counts api = run.api();
    t.append("API requests of the operator during the ").append(name).append(": ").append(api.total() - api.benchRequests())
        .append(" (").append(api.byKey()).append("); the demo simulator's and the benchmark's: ")
        .append(api.benchRequests()).append('\n');
  }

  /**
   * What a new alert cost the gateway-alone phase, beside what a create cost the bare endpoint (both serve on
   * Jetty threads of this JVM; the embedded API server and the fabric8 clients' I/O on the vert.x loops).
   */
  private static void printNewAlertCost(Phase created, Cpu cpu, ApiRequestLog.Counts api, Phase bare, Cpu bareCpu) {
    double n = Math.max(1, created.requests());
    double b = Math.max(1, bare.requests());
    // The benchmark's output is its product; it is not part of the operator.
    System.out.println(String.format(Locale.ROOT, "CPU per new alert, gateway alone: %.3f ms on the Jetty threads, "
        + "%.3f ms on the vert.x event loops, %.3f ms for this whole JVM; heap %.1f KiB on the Jetty threads, %.1f KiB "
        + "by all threads; %d garbage collections, %d ms%n"
        + "CPU per bare create, same API server: %.3f ms on the Jetty threads, %.3f ms on the vert.x event loops, "
        + "%.3f ms for this whole JVM; heap %.1f KiB on the Jetty threads, %.1f KiB by all threads; %d garbage "
        + "collections, %d ms%n"
        + "API requests of the operator per new alert: %.2f (%d: %s)%n",
        cpu.jettyMs() / n, cpu.vertxMs() / n, cpu.processMs() / n, cpu.jettyBytes() / n / 1024, cpu.allBytes() / n / 1024,
        cpu.gcCount(), cpu.gcMs(), bareCpu.jettyMs() / b, bareCpu.vertxMs() / b, bareCpu.processMs() / b,
        bareCpu.jettyBytes() / b / 1024, bareCpu.allBytes() / b / 1024, bareCpu.gcCount(), bareCpu.gcMs(),
        (api.total() - api.benchRequests()) / n, api.total() - api.benchRequests(), api.byKey()));
  }

  /**
   * A diagnosis knob ({@code -Dbench.histogram=<file prefix>}): the live heap's class histogram (after a
   * full collection) written to {@code <prefix>-<label>.txt}, with the time it was taken, around the
   * new-alert phase and the bare creates: what each left reachable. The API server's request log is
   * drained first, so that the requests it recorded are not counted as what the phase kept.
   */
  private static void histogram(String label, ApiRequestLog requests) throws InterruptedException {
    String prefix = System.getProperty("bench.histogram");
    if (prefix == null) {
      return;
    }
    requests.drain();
    try {
      Object text = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      Files.writeString(Path.of(prefix + "-" + label + ".txt"), "# " + java.time.Instant.now() + "\n" + text);
    } catch (Exception e) {
      throw new IllegalStateException("class histogram " + label, e);
    }
  }

  private static void row(StringBuilder t, Phase p, String persisted) {
    t.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %s |%n", p.name(), p.requests(),
        p.perSecond(), p.percentileMs(0.50), p.percentileMs(0.99), p.percentileMs(0.999), persisted));
  }

  private static void target(StringBuilder t, String target, String measured, boolean met) {
    t.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "met" : "**not met**")
        .append(" |\n");
  }
}
