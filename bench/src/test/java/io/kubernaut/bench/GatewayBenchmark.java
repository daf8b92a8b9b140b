package io.kubernaut.bench;

import static io.kubernaut.bench.DuplicateLoad.CLIENTS;
import static io.kubernaut.bench.DuplicateLoad.CLIENT_THREAD;
import static io.kubernaut.bench.DuplicateLoad.MAX_REQUESTS;
import static io.kubernaut.bench.DuplicateLoad.PHASE;
import static io.kubernaut.bench.DuplicateLoad.loadAverage;
import static io.kubernaut.bench.DuplicateLoad.row;
import static io.kubernaut.bench.DuplicateLoad.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.kubernaut.app.Kubernaut;
import io.kubernaut.app.OperatorConfig;
import io.kubernaut.bench.DuplicateLoad.Pause;
import io.kubernaut.bench.DuplicateLoad.Phase;
import io.kubernaut.k8s.Shard;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The gateway load driver (SPEC §13, #19). Starts Kubernaut in embedded mode in this JVM (embedded
 * API server, PostgreSQL, controllers, Javalin) as shard 0 of 2 ({@code KUBERNAUT_SHARD=0/2}) and
 * drives it over loopback with N clients, each on one HTTP/1.1 keep-alive connection as
 * Alertmanager's Go client keeps ({@link KeepAliveClient}; the JDK HttpClient cost about 0.2 ms of this
 * JVM's CPU per request, as much as a third of what the gateway itself spends on a duplicate):
 * <ol>
 *   <li>duplicates with the pipeline running, in two phases ({@link DuplicateLoad}, which
 *       {@link SplitDuplicatesBenchmark} drives the same way against the operator in cluster mode in a
 *       process of its own). <b>Paced</b> (open loop), on which #19's
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
 *   <li>the baselines, in the same run: a bare Javalin endpoint doing only a fabric8 create against
 *       the same embedded API server, of a small AlertRemediation (the target's baseline) and of the very
 *       object the gateway creates (its labels, finalizer and spec, a fingerprint of its own: what the
 *       gateway adds besides the object's size); the gateway and both baselines run interleaved, in
 *       {@code -Dbench.gatewayRounds} (5) rounds of one short segment each, their order rotated
 *       ({@link Interleaving}); and, for comparison with earlier runs, a bare create against a fresh
 *       embedded API server.</li>
 * </ol>
 * The duplicates run first because the embedded API server (fabric8's CRUD mock) scans every stored
 * object on every request: the thousands of AlertRemediations the other phases leave behind would make
 * each request of the pipeline and the flusher cost milliseconds of this JVM's CPU, a cost of the
 * test harness that a real API server, indexed and in another process, does not have.
 * Bounded by count and time; prints a table to paste into docs/benchmarks.md. Settings:
 * -Dbench.clients (16), -Dbench.seconds per phase (10), -Dbench.max (60000, closed-loop phases),
 * -Dbench.pacedRate (2000), -Dbench.quietCompilers (60: seconds to wait at most, after each warm-up, for the JIT
 * compilers to fall quiet, {@link Compilers}), and to diagnose -Dbench.stormThresholds (unset: the
 * operator's defaults).
 */
class GatewayBenchmark {

  private static double jitQuiet = -1;
  /** The run's data directory, whose embedded PostgreSQL's processes {@link Cpu} counts apart. */
  private static Path dataDir;

  /** A diagnosis knob ({@code -Dbench.stormThresholds}): storm thresholds other than the defaults. */
  private static final String STORM_THRESHOLDS = System.getProperty("bench.stormThresholds");
  /**
   * The embedded API server's mock logs two INFO lines to stderr per request through java.util.logging
   * (only {@code Main} bridges it to SLF4J); on this JVM that is a synchronised console write per API
   * request, which is not the operator's cost. Held here: java.util.logging keeps loggers weakly.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");
  /** This replica's shard: it reconciles the remediations of namespaces hashing to 0 of 2. */
  static final Shard SHARD = new Shard(0, 2);
  /** Where the duplicates' remediations live: a production namespace this replica's pipeline reconciles. */
  private static final String PIPELINE_NAMESPACE = namespaceOfShard("shop-prod", 0);
  /** Where the trickle of new alerts that run to completion points: a staging namespace of shard 0. */
  private static final String TRICKLE_NAMESPACE = BenchWorkloads.NAMESPACE;
  /** Where the new alerts of the gateway-alone phase point: a namespace of shard 1, reconciled by no replica. */
  private static final String GATEWAY_ALONE_NAMESPACE = namespaceOfShard("shop-prod", 1);

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** {@code base}, or {@code base-N} for the first N that hashes to {@code shard} of {@link #SHARD}'s count. */
  static String namespaceOfShard(String base, int shard) {
    String candidate = base;
    for (int n = 2; SHARD.of(candidate) != shard; n++) {
      candidate = base + "-" + n;
    }
    return candidate;
  }

  /** Runs the closed-loop clients for a phase on bodies made per request. */
  private static Phase drive(String name, String url, String token, int expectedStatus, IntFunction<String> body)
      throws Exception {
    return drive(name, url, token, expectedStatus, body, PHASE);
  }

  private static Phase drive(String name, String url, String token, int expectedStatus, IntFunction<String> body,
      Duration length) throws Exception {
    return DuplicateLoad.drive(name, url, token, expectedStatus,
        i -> body.apply(i).getBytes(java.nio.charset.StandardCharsets.UTF_8), length);
  }

  static String alert(String alertName, String namespace) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},\"commonLabels\":{},"
        + "\"commonAnnotations\":{},\"externalURL\":\"http://am\",\"alerts\":[{\"status\":\"firing\",\"labels\":{"
        + "\"alertname\":\"" + alertName + "\",\"namespace\":\"" + namespace + "\",\"deployment\":\"app\","
        + "\"severity\":\"warning\"},\"annotations\":{\"summary\":\"bench\"},\"startsAt\":\"2026-11-20T10:00:00Z\","
        + "\"fingerprint\":\"0123456789abcdef\"}]}";
  }

  /**
   * The JVM's collection pauses as the collectors report them (one notification per collection, its
   * start and duration), kept with wall-clock times so that they can be set beside the requests they held.
   */
  static final class GcPauses implements AutoCloseable {

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

  @Test
  void gatewayThroughputAndLatencyAgainstTheEmbeddedApi() throws Exception {
    ScratchDirectory scratch = ScratchDirectory.create("bench-");
    Path data = scratch.path();
    dataDir = data;
    String load = loadAverage();
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", data.toString(),
        "KUBERNAUT_LEADER_ELECTION", "false", "KUBERNAUT_MAX_CONCURRENT_INTAKE", "1024",
        "KUBERNAUT_SHARD", SHARD.index() + "/" + SHARD.count()));
    if (STORM_THRESHOLDS != null) {
      env.put("KUBERNAUT_STORM_THRESHOLDS", STORM_THRESHOLDS);
    }
    try (scratch; Kubernaut kubernaut = Kubernaut.start(OperatorConfig.from(env), () -> false);
        KubernetesClient kube = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
            .withMasterUrl(kubernaut.apiServerUrl()).withUserAgent(ApiRequestLog.BENCH_AGENT).build()).build()) {
      String url = "http://localhost:" + kubernaut.httpPort() + "/api/v1/signals/prometheus";
      String token = kubernaut.apiToken();
      assertThat(SHARD.of(TRICKLE_NAMESPACE)).as("the trickle's namespace is this replica's shard").isZero();
      DuplicateLoad.config(kube, "kubernaut-system", Map.of());
      List<String> dupWorkloads = DuplicateLoad.duplicateWorkloads();
      List<String> trickleWorkloads = DuplicateLoad.trickleWorkloads();
      BenchWorkloads.create(kube, PIPELINE_NAMESPACE, dupWorkloads);
      BenchWorkloads.create(kube, TRICKLE_NAMESPACE, trickleWorkloads);
      Thread.sleep(1000); // the policy informer sees the ConfigMap

      // The mock keeps every request for this log (bench/pom.xml): drained per phase, it also stays small.
      ApiRequestLog requests = new ApiRequestLog(kubernaut);
      DuplicateLoad.Run<Cpu> duplicates;
      try (GcPauses gc = new GcPauses()) {
        duplicates = DuplicateLoad.run(url, token, kube, requests, new DuplicateLoad.Probe<>() {
          @Override
          public Cpu mark() {
            return Cpu.now();
          }

          @Override
          public Cpu since(Cpu before) {
            return Cpu.now().minus(before);
          }

          @Override
          public List<Pause> pauses(long fromEpochNanos, long toEpochNanos) {
            return gc.between(fromEpochNanos, toEpochNanos);
          }
        }, PIPELINE_NAMESPACE, dupWorkloads, TRICKLE_NAMESPACE, trickleWorkloads, PHASE.dividedBy(2));
      }

      // The baselines on the same embedded API server (same store, same watches), interleaved with the gateway in
      // short segments ({@link Interleaving}), so that neither gets the emptier store nor a quieter minute of the host; the
      // plain baseline's AlertRemediations carry no shard label, the alike one's shard 1's: no controller reconciles them.
      Javalin sameApiBaseline = bareCreateEndpoint(kubernaut.apiServerUrl(), "same-");
      String sameUrl = "http://localhost:" + sameApiBaseline.port() + "/create";
      Javalin alikeBaseline = null;
      Interleaving.Result<Cpu> compared;
      int createdArs;
      try {
        drive("warm-up", url, token, 201, i -> alert("WarmUp" + i, GATEWAY_ALONE_NAMESPACE));
        alikeBaseline = BareCreateServer.endpoint(bareClient(kubernaut.apiServerUrl()), theGatewaysObject(kube, "alike-"))
            .start("127.0.0.1", 0);
        String alikeUrl = "http://localhost:" + alikeBaseline.port() + "/create";
        drive("warm-up bare", sameUrl, token, 201, i -> "w" + i, PHASE.dividedBy(2));
        drive("warm-up bare, the gateway's object", alikeUrl, token, 201, i -> "w" + i, PHASE.dividedBy(2));
        // Every measured path compiled as far as the warm-up makes it hot, so that no segment pays for the
        // optimising compiler's backlog (on 2 cores it took half the CPU in some runs and halved that phase's rate).
        jitQuiet = Compilers.awaitQuiet();
        histogram("before-new-alerts", requests);
        requests.drain();
        Interleaving.Meter<Cpu> cpu = new Interleaving.Meter<>(Cpu::now, Cpu::minus, Cpu::plus);
        Duration segment = Interleaving.segment(PHASE);
        compared = new Interleaving<Cpu>(requests).run(List.of(
            new Interleaving.Contender<>("new alert, gateway alone", "gateway-new-alerts", cpu,
                round -> drive("new alert, gateway alone, round " + round, url, token, 201,
                    i -> alert("BenchNew" + round + "-" + i, GATEWAY_ALONE_NAMESPACE), segment)),
            new Interleaving.Contender<>("bare Javalin + fabric8 create, same API server", "gateway-bare-create", cpu,
                round -> drive("bare, round " + round, sameUrl, token, 201, i -> "b" + i, segment)),
            new Interleaving.Contender<>("bare Javalin + fabric8 create of the gateway's object, same API server",
                "gateway-bare-alike", cpu, round -> drive("bare, the gateway's object, round " + round, alikeUrl, token,
                    201, i -> "b" + i, segment))));
        histogram("after-new-alerts", requests);
        createdArs = countNamed(kube, "BenchNew");
      } finally {
        sameApiBaseline.stop();
        if (alikeBaseline != null) {
          alikeBaseline.stop();
        }
      }
      Phase created = compared.phase(0);
      Phase bare = compared.phase(1);
      Phase alike = compared.phase(2);
      Cpu newAlertCpu = compared.cost(0);
      Cpu bareCpu = compared.cost(1);
      ApiRequestLog.Counts newAlertApi = compared.api(0);

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

      print(load, loadAverage(), created, createdArs, reconciledElsewhere, bare, alike, fresh, duplicates);
      printNewAlertCost(created, newAlertCpu, newAlertApi, bare, bareCpu);
      assertThat(reconciledElsewhere).as("no new alert of the gateway-alone phase was reconciled (shard 1 has no replica)")
          .isZero();
      assertThat(createdArs).as("every 201 is an AlertRemediation").isEqualTo(created.expected());
      assertThat(created.expected()).as("every new alert answered 201").isEqualTo(created.requests());
      DuplicateLoad.assertCounted(duplicates);
    }
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
      double jitMs, double postgresMs, long jettyBytes, long allBytes, long gcCount, long gcMs) {
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
      double postgres = dataDir == null ? 0 : CpuByThread.now(dataDir).childrenMs();
      return new Cpu(by[0], jettyUserMs, by[1], by[2], by[3], process / 1e6, Compilers.cpuMs(), postgres, jettyBytes,
          allBytes, gcCount, gcMs);
    }

    Cpu plus(Cpu other) {
      return new Cpu(jettyMs + other.jettyMs, jettyUserMs + other.jettyUserMs, flusherMs + other.flusherMs,
          clientsMs + other.clientsMs, vertxMs + other.vertxMs, processMs + other.processMs, jitMs + other.jitMs,
          postgresMs + other.postgresMs, jettyBytes + other.jettyBytes, allBytes + other.allBytes,
          gcCount + other.gcCount, gcMs + other.gcMs);
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(jettyMs - earlier.jettyMs, jettyUserMs - earlier.jettyUserMs, flusherMs - earlier.flusherMs, clientsMs - earlier.clientsMs,
          vertxMs - earlier.vertxMs, processMs - earlier.processMs, jitMs - earlier.jitMs, postgresMs - earlier.postgresMs,
          jettyBytes - earlier.jettyBytes, allBytes - earlier.allBytes, gcCount - earlier.gcCount, gcMs - earlier.gcMs);
    }
  }

  /** How many AlertRemediations there are whose alert name starts with {@code prefix}. */
  private static int countNamed(KubernetesClient kube, String prefix) {
    return (int) kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems().stream()
        .filter(ar -> ar.getSpec().getAlertName().startsWith(prefix)).count();
  }

  /** The baseline: Javalin doing only a fabric8 create of an AlertRemediation per request. */
  private static Javalin bareCreateEndpoint(String apiServer, String namePrefix) {
    return BareCreateServer.endpoint(bareClient(apiServer), "bare-" + namePrefix).start("127.0.0.1", 0);
  }

  private static KubernetesClient bareClient(String apiServer) {
    return new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(apiServer).build()).build();
  }

  /**
   * The AlertRemediation the gateway made for the warm-up's first alert, as it sent it (labels,
   * finalizer, spec), as JSON for the n-th create: named {@code <namePrefix><n>}, its fingerprint (and
   * the label made of it) one of its own, so the same-object baseline creates what the gateway creates,
   * byte for byte in size, and its watch events cost the operator's informers what the gateway's do.
   */
  static java.util.function.IntFunction<String> theGatewaysObject(KubernetesClient kube, String namePrefix) {
    AlertRemediation made = kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems()
        .stream().filter(ar -> ar.getSpec().getAlertName().equals("WarmUp0")).findFirst().orElseThrow();
    io.fabric8.kubernetes.api.model.ObjectMeta meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName("@NAME@").withNamespace(made.getMetadata().getNamespace()).withLabels(made.getMetadata().getLabels())
        .withFinalizers(made.getMetadata().getFinalizers()).build();
    made.setMetadata(meta);
    made.setStatus(null);
    String template = io.fabric8.kubernetes.client.utils.Serialization.asJson(made);
    String fingerprint = made.getSpec().getFingerprint();
    String label = made.getMetadata().getLabels().get(io.kubernaut.k8s.crd.KubernautLabels.FINGERPRINT);
    assertThat(fingerprint).as("the gateway's fingerprint label is a prefix of its fingerprint").startsWith(label);
    return n -> {
      String own = sha256(namePrefix + n);
      return template.replace("@NAME@", namePrefix + n).replace(fingerprint, own).replace(label, own.substring(0, label.length()));
    };
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many remediations whose alert name starts with {@code prefix} have a phase, i.e. a pipeline touched them. */
  private static int pipelineTouched(KubernetesClient kube, String prefix) {
    return (int) kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems().stream()
        .filter(ar -> ar.getSpec().getAlertName().startsWith(prefix) && ar.getStatus() != null
            && ar.getStatus().getPhase() != null)
        .count();
  }

  private static void print(String loadBefore, String loadAfter, Phase created, int createdArs, int reconciled,
      Phase bare, Phase alike, Phase fresh, DuplicateLoad.Run<Cpu> duplicates) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%nGatewayBenchmark, %s UTC, %d cores, load average %s before, %s after; "
        + "%s; %d clients, %d s per phase (max %d requests per closed-loop run); %s; before the gateway and bare phases waited %.1f s (at most "
        + "%d) for quiet JIT compilers%s%n%n", java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
        .withNano(0).toString().replace('T', ' '), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter,
        Compilers.mode(), CLIENTS, PHASE.toSeconds(), MAX_REQUESTS, collectors(), jitQuiet, Compilers.QUIET_SECONDS,
        STORM_THRESHOLDS == null ? "" : "; storm thresholds " + STORM_THRESHOLDS));
    t.append("| phase | requests | answered/s | p50 ms | p99 ms | p99.9 ms | persisted |\n|---|---|---|---|---|---|---|\n");
    row(t, created, createdArs + " ARs, " + reconciled + " reconciled");
    row(t, bare, bare.expected() + " created");
    row(t, alike, alike.expected() + " created");
    row(t, fresh, fresh.expected() + " created");
    DuplicateLoad.rows(t, duplicates, TRICKLE_NAMESPACE);
    double ratio = created.perSecond() / bare.perSecond();
    t.append("\n| #19 target | measured | |\n|---|---|---|\n");
    DuplicateLoad.targets(t, duplicates);
    target(t, "new alerts, gateway alone: >= 0.8x the bare create (same run)", String.format(Locale.ROOT,
        "%.2fx (%,.0f/s against %,.0f/s; p99 %.1f ms against %.1f ms); %.2fx a fresh API server's %,.0f/s",
        ratio, created.perSecond(), bare.perSecond(),
        created.percentileMs(0.99), bare.percentileMs(0.99), created.perSecond() / fresh.perSecond(), fresh.perSecond()),
        ratio >= 0.8);
    t.append(String.format(Locale.ROOT, "The same against a bare create of the gateway's object (its labels, finalizer "
        + "and spec, %,.0f/s, p99 %.1f ms): %.2fx%n", alike.perSecond(), alike.percentileMs(0.99),
        created.perSecond() / alike.perSecond()));
    t.append('\n').append(DuplicateLoad.pacedPauses(duplicates));
    cost(t, "saturation phase", duplicates.saturation());
    cost(t, "paced phase", duplicates.pacedRun());
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
  private static void cost(StringBuilder t, String name, DuplicateLoad.DuplicatePhase<Cpu> run) {
    double n = run.phase().requests();
    Cpu cpu = run.cost();
    t.append(String.format(Locale.ROOT, "CPU per duplicate, %s (CPU time; contention inflates it less than it does the "
        + "rates): %.3f ms on the gateway's Jetty threads (%.3f of it in user mode, the rest in the kernel: sockets, "
        + "wake-ups), %.3f ms on the duplicate flusher's, %.3f ms on the benchmark's clients, %.3f ms on the vert.x event "
        + "loops (the embedded API server and the fabric8 clients' I/O); %.3f ms for this whole JVM (the pipeline, "
        + "PostgreSQL's JDBC side, GC and JIT included, %.3f of it the JIT compilers), %.3f ms embedded PostgreSQL's "
        + "processes%n", name, cpu.jettyMs() / n, cpu.jettyUserMs() / n,
        cpu.flusherMs() / n, (run.phase().clientCpuNanos() / 1e6 + cpu.clientsMs()) / n, cpu.vertxMs() / n,
        cpu.processMs() / n, cpu.jitMs() / n, cpu.postgresMs() / n));
    t.append(String.format(Locale.ROOT, "Heap allocated per duplicate, %s: %.1f KiB on the Jetty threads, %.1f KiB by "
        + "all threads; %d garbage collections, %d ms in them (the collectors' own account), the longest pause %.1f ms%n",
        name, cpu.jettyBytes() / n / 1024, cpu.allBytes() / n / 1024, cpu.gcCount(), cpu.gcMs(),
        run.pauses().stream().mapToDouble(Pause::ms).max().orElse(0)));
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
        + "%.3f ms on the vert.x event loops, %.3f ms for this whole JVM (%.3f of it the JIT compilers), %.3f ms "
        + "embedded PostgreSQL's processes; heap %.1f KiB on the Jetty threads, %.1f KiB by all threads; %d garbage "
        + "collections, %d ms%n"
        + "CPU per bare create, same API server: %.3f ms on the Jetty threads, %.3f ms on the vert.x event loops, "
        + "%.3f ms for this whole JVM (%.3f of it the JIT compilers), %.3f ms embedded PostgreSQL's processes; heap "
        + "%.1f KiB on the Jetty threads, %.1f KiB by all threads; %d garbage collections, %d ms%n"
        + "API requests of the operator per new alert: %.2f (%d: %s)%n",
        cpu.jettyMs() / n, cpu.vertxMs() / n, cpu.processMs() / n, cpu.jitMs() / n, cpu.postgresMs() / n,
        cpu.jettyBytes() / n / 1024, cpu.allBytes() / n / 1024, cpu.gcCount(), cpu.gcMs(), bareCpu.jettyMs() / b,
        bareCpu.vertxMs() / b, bareCpu.processMs() / b, bareCpu.jitMs() / b, bareCpu.postgresMs() / b,
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
}
