package io.kubernaut.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The split benchmark (issue 19 item 5): the embedded API server and a zonky PostgreSQL live in this
 * JVM, the operator runs as users deploy it, {@code java -jar app/target/kubernaut.jar} in cluster
 * mode through a kubeconfig, with the chart's JVM options (read from its values.yaml) under its
 * 512Mi limit and the class data sharing archive the image makes (a training run, as in the
 * Dockerfile), in a process of its own; so CPU (from /proc/&lt;pid&gt;/stat), RSS and heap are the operator's alone, and the API
 * requests are the ones it sent (the benchmark's own carry the {@link ApiRequestLog#BENCH_AGENT}
 * User-Agent and are left out).
 *
 * <p>It measures start to ready with an empty pipeline; idle cost; N remediations through the whole
 * pipeline (to Completed) for CPU-ms and API requests per remediation; then the footprint with
 * many active remediations. Those are not driven through the pipeline (10,000 alerts on the mock
 * API server, which scans its whole store on every request, would take hours): one production
 * remediation is run until it waits in AwaitingApproval, the operator is stopped, and that
 * remediation with its children is cloned straight into the API server's store
 * ({@link MockStoreWriter}: new fingerprint, name and uids, the same status) until K wait. The
 * operator is then started on them: start to ready (the gateway takes alerts), start until its controllers have
 * listed them ({@code /readyz}'s {@code controllers} component), the time until it has reconciled them all (no
 * write and at most a trickle of reads for 4 s, or until its RSS passes 512 MiB), the requests it
 * sent meanwhile, and RSS and heap after a full GC. Settings: -Dbench.split.remediations (50),
 * -Dbench.split.active (1000,10000), -Dbench.jvmOptions, -Dbench.readySeconds (300 here),
 * -Dbench.split.cds (true), -Dbench.split.histogram (false), -Dbench.split.pause (seconds to keep
 * the operator running after each size is measured, for jcmd; 0).
 */
class SplitBenchmark {

  private static final String NS = PipelineBenchmark.NS;
  private static final int REMEDIATIONS = Integer.getInteger("bench.split.remediations", 50);
  private static final int[] ACTIVE = Arrays.stream(System.getProperty("bench.split.active", "1000,10000").split(","))
      .map(String::trim).mapToInt(Integer::parseInt).toArray();
  /** The chart's JVM options (values.yaml javaOpts, read from the chart) under its 512Mi memory limit. */
  static final List<String> JVM_OPTIONS = List.of(System.getProperty("bench.jvmOptions",
      "-XX:MaxRAM=512m " + chartJavaOpts()).split(" "));
  private static final double LIMIT_MIB = 512;
  /** The image's own environment (the Dockerfile's ENV lines but the KUBERNAUT_* settings), such as MALLOC_ARENA_MAX. */
  static final Map<String, String> IMAGE_ENV = imageEnv();
  /**
   * -Dbench.split.cds (true): measure as the image runs, with the class data sharing archive its
   * Dockerfile makes by a training run in embedded mode (the start without it is reported too).
   */
  private static final boolean CDS = Boolean.parseBoolean(System.getProperty("bench.split.cds", "true"));
  /** -Dbench.split.histogram=true: the operator's class histogram (jcmd) at idle and per size, in the run's directory. */
  private static final boolean HISTOGRAM = Boolean.getBoolean("bench.split.histogram");
  static final String TOKEN = "split-benchmark-admin-token";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Class<? extends CustomResource<?, ?>>> CHILD_KINDS = List.of(AlertProcessing.class,
      AIAnalysis.class, WorkflowExecution.class, KubernetesExecution.class);
  private static final String LOAD_AT_START = load();

  /** Requests, by verb and resource, and CPU over one stretch of the operator's life. */
  record Cost(Map<String, Integer> byKey, int writes, int reads, long cpuMillis, double seconds, double peakRss,
      Map<String, Long> watchEvents) {}

  /** The operator started on K active remediations. */
  record Active(int active, double startSeconds, long startCpuMillis, double listedSeconds, double settleSeconds,
      Cost settle, double rss,
      double heap, boolean alive, int stillWaiting) {}

  @Test
  void operatorsOwnCostInClusterMode() throws Exception {
    System.setProperty("bench.readySeconds", System.getProperty("bench.readySeconds", "300"));
    ScratchDirectory scratch = ScratchDirectory.create("split-");
    Path dir = scratch.path();
    try (scratch; EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
        EmbeddedApiServer api = new EmbeddedApiServer(dir.resolve("api"), NS, 0).start();
        KubernetesClient kube = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl(api.url()).withUserAgent(ApiRequestLog.BENCH_AGENT).build()).build()) {
      ApiRequestLog log = new ApiRequestLog(api);
      MockStoreWriter store = new MockStoreWriter(api);
      ListPager.install(api);
      kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
          .withNamespace(NS).endMetadata()
          // Production waits for approval; the pipeline's budget limits and monitoring window as in PipelineBenchmark.
          .addToData("gates.yaml", "productionApprovalConfidence: 1.0\n")
          .addToData("safety.yaml", "limits:\n  monitoringWindow: 1s\nbudget:\n  maxActionsPerHour: 0\n"
              + "  maxConcurrentRemediationsPerNamespace: 0\n")
          // The waiting remediations must outlive the run, however slow the machine.
          .addToData("timeouts.yaml", "overall: 24h\nphases:\n  approval: 24h\nbySeverity:\n  critical: {overall: 24h}\n")
          .build()).create();
      List<String> workloads = IntStream.range(0, REMEDIATIONS).mapToObj(i -> "split-" + i).toList();
      BenchWorkloads.create(kube, workloads);
      BenchWorkloads.create(kube, List.of("split-warm-up"));
      Map<String, String> env = operatorEnv(api, pg);
      Path jar = jar();
      Path opLog = dir.resolve("operator.log");

      // The first start migrates the schema; then one start without and (below) one with the archive.
      double[] plainStarts = new double[4];
      for (int i = 0; i < 2; i++) {
        try (OperatorProcess plain = OperatorProcess.start(jar, JVM_OPTIONS, dir.resolve("operator"), opLog, env)) {
          plainStarts[2 * i] = plain.startSeconds();
          plainStarts[2 * i + 1] = plain.cpuMillis();
        }
      }
      List<String> jvmOptions = CDS ? withArchive(jar, dir) : JVM_OPTIONS;
      double freshStart;
      long freshStartCpu;
      double idleRss;
      double idleHeap;
      Cost idle;
      Cost pipeline;
      int completed;
      String template;
      log.drain();
      try (OperatorProcess operator = OperatorProcess.start(jar, jvmOptions, dir.resolve("operator"), opLog, env);
          PipelineBenchmark.Terminals terminals = new PipelineBenchmark.Terminals(kube)) {
        freshStart = operator.startSeconds();
        freshStartCpu = operator.cpuMillis();
        settle(operator, log, Duration.ofSeconds(60));
        idle = measure(operator, log, () -> Thread.sleep(5000));
        idleHeap = operator.heapAfterGcMiB();
        idleRss = operator.rssMiB();
        if (HISTOGRAM) {
          Files.writeString(dir.resolve("histogram-idle.txt"), operator.classHistogram());
        }
        String url = "http://127.0.0.1:" + operator.port() + "/api/v1/signals/prometheus";
        // One remediation first, unmeasured, so that the measured ones run on loaded and compiled code.
        terminals.await(List.of(post(url, alert("SplitWarmUpOOMKilled", BenchWorkloads.NAMESPACE,
            BenchWorkloads.podOf("split-warm-up"), "api"))), Duration.ofSeconds(120));
        settle(operator, log, Duration.ofSeconds(60));
        String[] names = new String[REMEDIATIONS];
        pipeline = measure(operator, log, () -> {
          List<Future<String>> posted = new ArrayList<>();
          ExecutorService pool = Executors.newFixedThreadPool(16);
          for (int i = 0; i < REMEDIATIONS; i++) {
            String body = alert("SplitOOMKilled" + i, BenchWorkloads.NAMESPACE, BenchWorkloads.podOf(workloads.get(i)), "api");
            posted.add(pool.submit(() -> post(url, body)));
          }
          for (int i = 0; i < REMEDIATIONS; i++) {
            names[i] = posted.get(i).get(60, TimeUnit.SECONDS);
          }
          pool.shutdown();
          terminals.await(List.of(names), Duration.ofSeconds(60 + REMEDIATIONS));
          Thread.sleep(1500); // the writes that follow the last Completed are counted too
        });
        completed = (int) Arrays.stream(names).filter(n -> terminals.seen.containsKey(n)
            && terminals.seen.get(n).phase() == RemediationPhase.Completed).count();
        template = post(url, alert("SplitCrashLooping", "shop-prod", "checkout-7d9f8b6c4-x2x9q", "checkout"));
        assertThat(terminals.awaitAwaitingApproval(1, Duration.ofSeconds(120))).as("the template waits").isEqualTo(1);
        settle(operator, log, Duration.ofSeconds(60));
      }

      List<Active> actives = new ArrayList<>();
      int waiting = 1;
      double fillSeconds = 0;
      for (int k : ACTIVE) {
        long t0 = System.nanoTime();
        waiting = clone(kube, store, template, waiting, k);
        fillSeconds += (System.nanoTime() - t0) / 1e9;
        log.drain();
        OperatorProcess started;
        try {
          started = OperatorProcess.start(jar, jvmOptions, dir.resolve("operator"), opLog, env);
        } catch (IllegalStateException neverReady) {
          // It died (the chart's -XX:+ExitOnOutOfMemoryError) or never answered /readyz: the size is not met.
          actives.add(new Active(k, Double.NaN, 0, Double.NaN, Double.NaN, new Cost(Map.of(), 0, 0, 0, 0, 0, Map.of()), 0, 0, false, 0));
          System.out.println(row(actives.get(actives.size() - 1)) + " " + neverReady.getMessage());
          break;
        }
        try (OperatorProcess operator = started) {
          long startCpu = operator.cpuMillis();
          long s0 = System.nanoTime();
          double listed = operator.secondsUntilControllersListed(Duration.ofMinutes(5));
          Cost settle = settle(operator, log, Duration.ofMinutes(30));
          double settleSeconds = (System.nanoTime() - s0) / 1e9 + operator.startSeconds();
          boolean running = operator.isAlive();
          double heap = running ? operator.heapAfterGcMiB() : 0;
          double rss = running ? operator.rssMiB() : settle.peakRss();
          // Alive as the pod would be: the kernel kills a container whose RSS reaches its limit.
          boolean alive = running && settle.peakRss() < LIMIT_MIB && rss < LIMIT_MIB;
          if (running && HISTOGRAM) {
            Files.writeString(dir.resolve("histogram-" + k + ".txt"), operator.classHistogram());
          }
          if (Integer.getInteger("bench.split.pause", 0) > 0) {
            System.out.println("PAUSE pid " + operator.pid() + " api " + api.url());
            Thread.sleep(Integer.getInteger("bench.split.pause") * 1000L);
          }
          int stillWaiting = (int) kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems().stream()
              .filter(ar -> ar.getStatus() != null && ar.getStatus().getPhase() == RemediationPhase.AwaitingApproval).count();
          actives.add(new Active(k, operator.startSeconds(), startCpu, listed, settleSeconds, settle, rss, heap,
              alive, stillWaiting));
          // Printed at once: a larger size may take long, or end in an OutOfMemoryError.
          System.out.println(row(actives.get(actives.size() - 1)) + " load average " + load());
        }
      }
      print(plainStarts, jvmOptions, freshStart, freshStartCpu, idle, idleRss, idleHeap, pipeline, completed, actives, fillSeconds);
      assertThat(completed).as("remediations Completed of %d", REMEDIATIONS).isEqualTo(REMEDIATIONS);
      for (Active a : actives) {
        assertThat(a.alive()).as("the operator survived %d active remediations within 512Mi; see %s", a.active(), opLog)
            .isTrue();
        assertThat(a.stillWaiting()).as("remediations still in AwaitingApproval").isEqualTo(a.active());
      }
    }
  }

  /**
   * The operator's environment in cluster mode against {@code api} and {@code pg}: the image's for the JVM
   * (MALLOC_ARENA_MAX), then the operator's settings.
   */
  static Map<String, String> operatorEnv(EmbeddedApiServer api, EmbeddedPostgres pg) {
    Map<String, String> env = new java.util.HashMap<>(IMAGE_ENV);
    env.putAll(Map.of("KUBERNAUT_MODE", "cluster", "KUBECONFIG", api.kubeconfig().toString(),
        "KUBERNAUT_NAMESPACE", NS, "KUBERNAUT_API_TOKEN", TOKEN, "KUBERNAUT_DB_URL", pg.getJdbcUrl("postgres", "postgres"),
        "KUBERNAUT_DB_USER", "postgres", "KUBERNAUT_DB_PASSWORD", "postgres",
        "KUBERNAUT_AUDIT_KEY", "split-benchmark-audit-key-of-at-least-32-bytes", "KUBERNAUT_MAX_CONCURRENT_INTAKE", "1024"));
    return env;
  }

  /** The operator's jar, as {@code mvn -pl app package} (or the bench profile's build) leaves it, or {@code -Dbench.jar}. */
  static Path jar() {
    return Path.of(System.getProperty("bench.jar", Path.of("..", "app", "target", "kubernaut.jar").toString()))
        .toAbsolutePath().normalize();
  }

  /**
   * The chart's options plus the class data sharing archive, made as the Dockerfile makes it: a
   * training run in embedded mode until ready, stopped, the archive written at exit.
   */
  private static List<String> withArchive(Path jar, Path dir) throws Exception {
    Path archive = dir.resolve("kubernaut.jsa");
    try (OperatorProcess training = OperatorProcess.start(jar, List.of("-XX:ArchiveClassesAtExit=" + archive),
        dir.resolve("training"), dir.resolve("training.log"))) {
      System.out.println("class data sharing training run ready in " + training.startSeconds() + " s");
    }
    assertThat(archive).as("the training run wrote the archive; see training.log").isNotEmptyFile();
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    options.add("-XX:SharedArchiveFile=" + archive);
    return options;
  }

  private interface Load {
    void run() throws Exception;
  }

  /** Runs {@code load} and returns what the operator spent meanwhile: requests (drained from the log) and CPU. */
  private static Cost measure(OperatorProcess operator, ApiRequestLog log, Load load) throws Exception {
    log.drain();
    long cpu = operator.cpuMillis();
    long t0 = System.nanoTime();
    load.run();
    ApiRequestLog.Counts c = log.drain();
    return new Cost(c.byKey(), c.writes(), c.reads(), operator.cpuMillis() - cpu, (System.nanoTime() - t0) / 1e9, 0,
        c.watchEvents());
  }

  /**
   * Waits until the operator has settled: two consecutive 2 s windows without a write and with at
   * most 2 reads; returns what it sent and spent until then. It stops early, as the pod's memory
   * limit would (the kernel kills a container whose RSS reaches it), once the RSS passes the
   * chart's 512Mi: past it the figures are not the chart's any more.
   */
  private static Cost settle(OperatorProcess operator, ApiRequestLog log, Duration atMost) throws Exception {
    Map<String, Integer> byKey = new TreeMap<>();
    int writes = 0;
    int reads = 0;
    long cpu = operator.cpuMillis();
    long t0 = System.nanoTime();
    long deadline = t0 + atMost.toNanos();
    int quiet = 0;
    double peakRss = 0;
    while (quiet < 2 && System.nanoTime() < deadline && operator.isAlive() && peakRss < LIMIT_MIB) {
      Thread.sleep(2000);
      try {
        peakRss = Math.max(peakRss, operator.rssMiB());
      } catch (java.io.IOException gone) {
        break;
      }
      ApiRequestLog.Counts c = log.drain();
      c.byKey().forEach((key, n) -> byKey.merge(key, n, Integer::sum));
      writes += c.writes();
      reads += c.reads();
      quiet = c.writes() == 0 && c.reads() <= 2 ? quiet + 1 : 0;
    }
    long spent = operator.isAlive() ? operator.cpuMillis() - cpu : -1;
    return new Cost(byKey, writes, reads, spent, (System.nanoTime() - t0) / 1e9, peakRss, Map.of());
  }

  /**
   * Clones the waiting remediation {@code template} and its children until {@code target}
   * remediations wait; each clone gets its own fingerprint (hence name), uids and owner references,
   * and the template's status. The clones are written straight into the API server's store
   * ({@link MockStoreWriter}): through the API, 10,000 took 43 minutes on the mock. Returns how many wait.
   */
  private static int clone(KubernetesClient kube, MockStoreWriter store, String template, int waiting, int target) {
    AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace(NS).withName(template).get();
    String fingerprint = ar.getSpec().getFingerprint();
    String arJson = Serialization.asJson(ar);
    List<String> children = new ArrayList<>();
    List<Class<? extends CustomResource<?, ?>>> childKinds = new ArrayList<>();
    for (Class<? extends CustomResource<?, ?>> kind : CHILD_KINDS) {
      for (HasMetadata child : kube.resources(kind).inNamespace(NS).list().getItems()) {
        String json = Serialization.asJson(child);
        if (json.contains(template)) {
          children.add(json);
          childKinds.add(kind);
        }
      }
    }
    String oldUid = ar.getMetadata().getUid();
    for (int i = waiting; i < target; i++) {
      String newFingerprint = sha256("split-clone-" + i);
      String uid = store.create(AlertRemediation.class, renamed(arJson, fingerprint, newFingerprint));
      for (int c = 0; c < children.size(); c++) {
        store.create(childKinds.get(c), renamed(children.get(c), fingerprint, newFingerprint).replace(oldUid, uid));
      }
    }
    return Math.max(waiting, target);
  }

  private static String renamed(String json, String fingerprint, String newFingerprint) {
    return json.replace(fingerprint, newFingerprint).replace(fingerprint.substring(0, 10), newFingerprint.substring(0, 10));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts one Alertmanager payload; returns the AlertRemediation it created. */
  private static String post(String url, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).path("results").get(0).path("remediation").asText();
  }

  private static String alert(String alertName, String namespace, String pod, String container) throws Exception {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("alertname", alertName);
    labels.put("namespace", namespace);
    labels.put("pod", pod);
    labels.put("container", container);
    labels.put("severity", "critical");
    return JSON.writeValueAsString(Map.of("version", "4", "status", "firing", "receiver", "kubernaut",
        "externalURL", "http://am", "groupLabels", Map.of(), "commonLabels", Map.of(), "commonAnnotations", Map.of(),
        "alerts", List.of(Map.of("status", "firing", "labels", labels, "annotations", Map.of("summary", "split"),
            "startsAt", "2026-11-20T10:00:00Z", "fingerprint", "0123456789abcdef"))));
  }

  /** The chart's {@code javaOpts} value, so that the benchmark measures what the chart deploys. */
  private static String chartJavaOpts() {
    try {
      return Files.readAllLines(Path.of("..", "charts", "kubernaut", "values.yaml")).stream()
          .filter(l -> l.startsWith("javaOpts: ")).findFirst().orElseThrow()
          .substring("javaOpts: ".length()).replace("\"", "").trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("The benchmark reads the chart's javaOpts from its values.yaml", e);
    }
  }

  private static Map<String, String> imageEnv() {
    try {
      Map<String, String> env = new TreeMap<>();
      Files.readAllLines(Path.of("..", "Dockerfile")).stream().filter(l -> l.startsWith("ENV "))
          .flatMap(l -> Arrays.stream(l.substring("ENV ".length()).trim().split("\\s+")))
          .map(pair -> pair.split("=", 2)).filter(kv -> kv.length == 2 && !kv[0].startsWith("KUBERNAUT_"))
          .forEach(kv -> env.put(kv[0], kv[1]));
      return env;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("The benchmark reads the image's environment from its Dockerfile", e);
    }
  }

  private static String load() {
    try {
      String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return l[0] + " " + l[1] + " " + l[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** One row of the active-remediations table; printed as soon as it is measured, and again in the summary. */
  private static String row(Active a) {
    return String.format(Locale.ROOT, "| %d | %.2f (%.1f) | %.2f | %.1f | %.1f | %d (%d/%d) | %.0f (peak %.0f) | %.0f | %s | %d |",
        a.active(), a.startSeconds(), a.startCpuMillis() / 1000.0, a.listedSeconds(), a.settleSeconds() - a.startSeconds(),
        a.settle().cpuMillis() / 1000.0, a.settle().writes() + a.settle().reads(), a.settle().writes(),
        a.settle().reads(), a.rss(), a.settle().peakRss(), a.heap(), a.alive() && a.rss() < LIMIT_MIB ? "yes" : "NO", a.stillWaiting());
  }

  private static void print(double[] plainStarts, List<String> jvmOptions, double freshStart, long freshStartCpu, Cost idle, double idleRss, double idleHeap,
      Cost pipeline, int completed, List<Active> actives, double fillSeconds) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%nSplit benchmark: operator as %sjava %s -jar app/target/kubernaut.jar in cluster"
        + " mode, %d cores%n", IMAGE_ENV.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + " ")
        .collect(java.util.stream.Collectors.joining()), String.join(" ", jvmOptions),
        Runtime.getRuntime().availableProcessors()));
    t.append(String.format(Locale.ROOT, "start to /readyz 200 without the class data sharing archive: %.2f s (CPU %.1f s)"
        + " the first time (it migrates the schema), %.2f s (CPU %.1f s) the second%n", plainStarts[0],
        plainStarts[1] / 1000.0, plainStarts[2], plainStarts[3] / 1000.0));
    t.append(String.format(Locale.ROOT, "start to /readyz 200, nothing active, %s: %.2f s (the operator's CPU time by then"
        + " %.1f s, which the load average does not inflate)%n", CDS ? "with the archive, as the image starts"
        : "without the archive", freshStart, freshStartCpu / 1000.0));
    t.append(String.format(Locale.ROOT, "idle: RSS %.0f MiB, heap after GC %.0f MiB, CPU %.1f ms/s, %.1f requests/s%n",
        idleRss, idleHeap, idle.cpuMillis() / idle.seconds(), (idle.reads() + idle.writes()) / idle.seconds()));
    double n = REMEDIATIONS;
    t.append(String.format(Locale.ROOT, "%d concurrent remediations to Completed (%d did) in %.1f s: CPU %.0f ms per"
            + " remediation; per remediation %.1f writes, %.1f reads (get+list); by verb and resource:%n",
        REMEDIATIONS, completed, pipeline.seconds(), pipeline.cpuMillis() / n, pipeline.writes() / n,
        pipeline.reads() / n));
    pipeline.byKey().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> t.append(String.format(Locale.ROOT, "  %-45s %7.2f%n", e.getKey(), e.getValue() / n)));
    t.append(String.format(Locale.ROOT, "watch events the operator parsed per remediation: %s%n",
        PipelineBenchmark.perRemediation(pipeline.watchEvents(), n)));
    t.append(String.format(Locale.ROOT, "active remediations (AwaitingApproval, cloned on the API server in %.0f s):%n",
        fillSeconds));
    t.append("| active | start to ready s (CPU s) | start to controllers listed s | ready to settled s | CPU to settle s"
        + " | requests to settle (w/r) | RSS MiB (peak while settling) | heap after GC MiB | within 512Mi | still waiting |\n"
        + "|---|---|---|---|---|---|---|---|---|---|\n");
    actives.forEach(a -> t.append(row(a)).append('\n'));
    for (Active a : actives) {
      t.append(String.format(Locale.ROOT, "requests to settle on %d active, per active remediation: %s%n", a.active(),
          a.settle().byKey().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
              .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) a.active()))
              .collect(java.util.stream.Collectors.joining(", "))));
    }
    t.append(String.format(Locale.ROOT, "load average (1, 5, 15 min) at the start: %s, at the end: %s%n", LOAD_AT_START,
        load()));
    // The benchmark's output is its product; it is not part of the operator.
    System.out.println(t);
  }
}
