package io.kubernaut.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubernaut.app.Kubernaut;
import io.kubernaut.app.OperatorConfig;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.workflow.MonitoringVerdict;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline benchmark (SPEC §13, issue 10 item 1). For each N it starts Kubernaut in embedded
 * mode in this JVM with a fresh data directory, adds N demo-like OOMKilled workloads, posts N
 * distinct alerts at once and measures alert → AlertRemediation Completed (rule engine, built-in
 * {@code increase_resources}, a 10 s monitoring window that the healthy target ends at its first
 * check) and the API requests the operator made, per remediation. Then it starts the jar as users
 * do, in a process of its own, for start-to-ready (fresh and existing data directory) and its
 * footprint with 1,000 AlertRemediations waiting in AwaitingApproval. Traffic stays on 127.0.0.1.
 * Settings: -Dbench.sizes (1,10,100,500), -Dbench.warmUp (1: the unmeasured remediations each round runs first, at
 * once; a round's N gives a JVM as warm as a running operator's that has handled such a burst before),
 * -Dbench.quietCompilers (60: seconds to wait at most, after the warm-up, for the JIT compilers to fall quiet),
 * -Dbench.batches (1: measured bursts of N per round, one after the other on the same operator, each reported on its
 * own row: how the figures move as the JVM warms up under repeated bursts),
 * -Dbench.profile (none; cpu, itimer, alloc or wall: async-profiler over each measured round, see {@link RoundProfiler}),
 * -Dbench.pluginConcurrency (the operator's default, 8: {@code KUBERNAUT_PLUGIN_CONCURRENCY}, the threads of the built-ins'
 * pool; 1 makes a burst queue more calls than the pool holds, so the host turns many away), -Dbench.inFlight (the
 * operator's default, 25: {@code KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT}; 0 lets every remediation work at once), -Dbench.active
 * (1000), -Dbench.footprint (true; false skips the
 * operator process, for iterating on the rounds), -Dbench.hostSpeed (true: {@link HostSpeed}'s probe of the host's
 * speed just before and after the last round, in a JVM of its own).
 */
class PipelineBenchmark {

  static final String NS = "kubernaut-system";
  private static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "1,10,100,500").split(","))
      .map(String::trim).mapToInt(Integer::parseInt).toArray();
  private static final int ACTIVE = Integer.getInteger("bench.active", 1000);
  private static final int WARM_UP = Integer.getInteger("bench.warmUp", 1);
  private static final int BATCHES = Integer.getInteger("bench.batches", 1);
  private static final String PLUGIN_CONCURRENCY = System.getProperty("bench.pluginConcurrency", "");
  private static final String IN_FLIGHT = System.getProperty("bench.inFlight", "");
  private static final boolean FOOTPRINT = Boolean.parseBoolean(System.getProperty("bench.footprint", "true"));
  /** Whether to run {@link HostSpeed}'s fixed workload just before and after the last round ({@code -Dbench.hostSpeed}, true). */
  private static final boolean HOST_SPEED = Boolean.parseBoolean(System.getProperty("bench.hostSpeed", "true"));
  /**
   * The operator process's JVM options: the chart's 512Mi memory limit, and the JIT this JVM runs on (the
   * README's command: the quick compiler only, given {@code -DargLine=-XX:TieredStopAtLevel=1}), so that a
   * run's start-up and footprint figures are on the same JIT as its rounds.
   */
  private static final List<String> JVM_OPTIONS = List.of(System.getProperty("bench.jvmOptions",
      (Compilers.c1Only() ? "-XX:TieredStopAtLevel=1 " : "")
          + "-XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError").split(" "));
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one round of N concurrent remediations measured. */
  record Round(int n, int batch, int terminal, int completed, Map<String, Integer> outcomes, long[] latencyNanos, double seconds,
      ApiRequestLog.Counts api, double idlePerSecond, int minimumWrites, Map<String, Double> phaseMedians,
      Map<String, Integer> failures, CpuByThread cpu) {

    double percentileMs(double p) {
      long[] sorted = latencyNanos.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }

  /** The operator process's start-up and footprint. */
  record Footprint(double freshStart, double existingStart, double idleRss, double idleHeap, int active, double rss,
      double heap, double postgresRss, double fillSeconds, long recordedRequests) {}

  private static final String LOAD_AT_START = loadAverage();

  private static String loadAverage() {
    try {
      String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return l[0] + " " + l[1] + " " + l[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  @Test
  void pipelineLatencyApiEconomyFootprintAndStartup() throws Exception {
    List<String> jit = Compilers.c1Only() ? List.of("-XX:TieredStopAtLevel=1") : List.of();
    HostSpeed.Probe before = null;
    List<Round> rounds = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      if (HOST_SPEED && i == SIZES.length - 1) {
        // Just before the largest round, with nothing else running: not while this JVM is still compiling at start.
        before = HostSpeed.measure(jit);
      }
      rounds.addAll(round(SIZES[i]));
    }
    HostSpeed.Probe after = HOST_SPEED ? HostSpeed.measure(jit) : null;
    Footprint footprint = FOOTPRINT ? footprint() : null;
    print(rounds, footprint);
    if (HOST_SPEED) {
      // Beside the figures, not among them: the same fixed work, so runs at different times can be set side by side.
      System.out.printf(Locale.ROOT, "host speed probe (HostSpeed, its own JVM, %s) before the last round: %s; after it: %s%n",
          jit.isEmpty() ? "default JIT" : String.join(" ", jit), before == null ? "failed" : before.describe(),
          after == null ? "failed" : after.describe());
    }
    for (Round r : rounds) {
      // Every remediation must end as the healthy target makes it end: Completed, Remediated. Anything else (a
      // simulator that lags behind the monitoring window, a refusal) would make the latencies measure the wrong thing.
      assertThat(r.outcomes()).as("outcomes of the %d remediations (reasons printed above)", r.n())
          .isEqualTo(Map.of(RemediationPhase.Completed + "/" + MonitoringVerdict.REMEDIATED, r.n()));
    }
    if (footprint != null) {
      assertThat(footprint.active()).as("AlertRemediations waiting in AwaitingApproval").isEqualTo(ACTIVE);
    }
  }

  private static double jitQuiet = -1;

  private static List<Round> round(int n) throws Exception {
    ScratchDirectory scratch = ScratchDirectory.create("pipeline-" + n + "-");
    Path data = scratch.path();
    Map<String, String> settings = new java.util.HashMap<>(Map.of("KUBERNAUT_MODE", "embedded",
        "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", data.toString(), "KUBERNAUT_LEADER_ELECTION", "false",
        "KUBERNAUT_MAX_CONCURRENT_INTAKE", "1024"));
    if (!PLUGIN_CONCURRENCY.isBlank()) {
      settings.put("KUBERNAUT_PLUGIN_CONCURRENCY", PLUGIN_CONCURRENCY);
    }
    if (!IN_FLIGHT.isBlank()) {
      settings.put("KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT", IN_FLIGHT);
    }
    try (scratch; Kubernaut kubernaut = Kubernaut.start(OperatorConfig.from(settings), () -> false);
        KubernetesClient kube = benchClient(kubernaut.apiServerUrl())) {
      ApiRequestLog log = new ApiRequestLog(kubernaut);
      // Monitoring ends at the first check that finds the target healthy (the embedded Deployment controller has
      // observed the change and every pod is available); the window only bounds a run that goes wrong. 10 s, not
      // 1 s: under load the simulator's rollout of 100 changes can land after 1 s, which ended some NotRemediated
      // (the outcome assertion below). The
      // benchmark measures the pipeline's cost, not the disruption budget, which by design blocks most of 100
      // concurrent remediations in one namespace (5 at once, 120 an hour): 0 lifts those two limits.
      config(kube, "safety.yaml", "limits:\n  monitoringWindow: 10s\nbudget:\n  maxActionsPerHour: 0\n"
          + "  maxConcurrentRemediationsPerNamespace: 0\n");
      List<List<String>> batches = IntStream.rangeClosed(1, BATCHES).mapToObj(b -> IntStream.range(0, n)
          .mapToObj(i -> BATCHES == 1 ? "bench-" + n + "-" + i : "bench-" + n + "-" + b + "-" + i).toList()).toList();
      BenchWorkloads.create(kube, batches.stream().flatMap(List::stream).toList());
      List<String> warmUps = IntStream.range(0, WARM_UP).mapToObj(i -> "bench-warm-up-" + i).toList();
      BenchWorkloads.create(kube, warmUps);
      Terminals terminals = new Terminals(kube);
      awaitReady(kubernaut.httpPort());
      String url = "http://127.0.0.1:" + kubernaut.httpPort() + "/api/v1/signals/prometheus";
      // Remediations first, unmeasured, so that each round runs on loaded and compiled code.
      List<CompletableFuture<HttpResponse<String>>> warming = new ArrayList<>();
      for (int i = 0; i < WARM_UP; i++) {
        warming.add(HTTP.sendAsync(post(url, kubernaut.apiToken(), alert("WarmUpOOMKilled" + i, BenchWorkloads.NAMESPACE,
            BenchWorkloads.podOf(warmUps.get(i)), "api")), HttpResponse.BodyHandlers.ofString()));
      }
      List<String> warmed = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> answer : warming) {
        warmed.add(remediationOf(answer.get(60, TimeUnit.SECONDS)));
      }
      terminals.await(warmed, Duration.ofSeconds(60 + WARM_UP / 2));
      Thread.sleep(1000); // the policy informer sees the ConfigMap; start-up work settles
      jitQuiet = Compilers.awaitQuiet();
      // Idle starts once the warm-up has settled: its remediations have taken their last step before retention (the
      // audit store's confirmation, re-checked 5 s after the end when the final record was not yet in) and a second
      // has passed without a request of the operator (at most 30 s), so those writes are not taken for polling.
      long settleBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < settleBy && !auditConfirmed(kube, warmed)) {
        Thread.sleep(200);
      }
      log.drain();
      for (int quiet = 0; quiet < 30; quiet++) {
        Thread.sleep(1000);
        if (log.drain().byKey().isEmpty()) {
          break;
        }
      }
      Thread.sleep(2000);
      Map<String, Integer> idleRequests = log.drain().byKey();
      double idle = idleRequests.values().stream().mapToInt(Integer::intValue).sum() / 2.0;
      if (!idleRequests.isEmpty()) {
        System.out.printf(Locale.ROOT, "round %d: requests of the operator in the 2 s idle window: %s%n", n, idleRequests);
      }

      List<Round> measured = new ArrayList<>();
      for (int b = 0; b < BATCHES; b++) {
        measured.add(batch(kubernaut, kube, data, log, terminals, url, batches.get(b), b + 1, idle));
      }
      terminals.close();
      return measured;
    }
  }

  /** Whether every remediation named has ended with its audit confirmed (the step before retention). */
  private static boolean auditConfirmed(KubernetesClient kube, List<String> names) {
    return names.stream().allMatch(name -> {
      AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
      return ar != null && ar.getStatus() != null && ar.getStatus().getMessage() != null
          && ar.getStatus().getMessage().contains("its audit is confirmed");
    });
  }

  /** One measured burst of {@code n} alerts, one per workload, on the running operator. */
  private static Round batch(Kubernaut kubernaut, KubernetesClient kube, Path data, ApiRequestLog log, Terminals terminals,
      String url, List<String> workloads, int batch, double idle) throws Exception {
    int n = workloads.size();
    CpuByThread cpuBefore = CpuByThread.now(data);
    RoundProfiler profiler = RoundProfiler.start("pipeline-" + n + (BATCHES == 1 ? "" : "-" + batch));
    long[] sentAt = new long[n];
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String body = alert("BenchOOMKilled" + (BATCHES == 1 ? "" : batch + "x") + i, BenchWorkloads.NAMESPACE, BenchWorkloads.podOf(workloads.get(i)), "api");
      sentAt[i] = System.nanoTime();
      responses.add(HTTP.sendAsync(post(url, kubernaut.apiToken(), body), HttpResponse.BodyHandlers.ofString()));
    }
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = remediationOf(responses.get(i).get(60, TimeUnit.SECONDS));
    }
    terminals.await(List.of(names), Duration.ofSeconds(30 + n / 2));
    Thread.sleep(1500); // the writes that follow the last Completed (children stopped, final status) are counted too
    CpuByThread cpu = CpuByThread.now(data).minus(cpuBefore);
    if (profiler != null) {
      profiler.close();
    }
    ApiRequestLog.Counts api = log.drain();

    List<Long> latency = new ArrayList<>();
    String sample = null;
    long first = Arrays.stream(sentAt).min().orElse(0);
    long last = first;
    int completed = 0;
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    Map<String, Integer> failures = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      Terminals.Seen seen = terminals.seen.get(names[i]);
      if (seen == null) {
        outcomes.merge("not terminal", 1, Integer::sum);
        continue;
      }
      last = Math.max(last, seen.at());
      if (seen.phase() == RemediationPhase.Completed) {
        latency.add(seen.at() - sentAt[i]);
        sample = sample == null ? names[i] : sample;
        completed++;
      }
      outcomes.merge(seen.phase() + "/" + seen.outcome(), 1, Integer::sum);
      if (seen.phase() != RemediationPhase.Completed || !MonitoringVerdict.REMEDIATED.equals(seen.outcome())) {
        failures.merge(seen.message().replaceAll("bench\\S*|[0-9a-f]{10}", "<name>"), 1, Integer::sum);
      }
    }
    int terminal = (int) Arrays.stream(names).filter(terminals.seen::containsKey).count();
    return new Round(n, batch, terminal, completed, outcomes, latency.stream().mapToLong(Long::longValue).toArray(),
        (last - first) / 1e9, api, idle, sample == null ? 0 : minimumWrites(kube, sample),
        phaseMedians(kube, List.of(names)), failures, cpu);
}

  /**
   * The design's minimum for one remediation: the five creates (AlertRemediation, AlertProcessing,
   * AIAnalysis, WorkflowExecution, KubernetesExecution), the action's one write to its target, and
   * one status write per phase each of the five objects went through.
   */
  private static int minimumWrites(KubernetesClient kube, String ar) {
    int phases = phases(kube.resources(AlertRemediation.class).inNamespace(NS).withName(ar).get())
        + phases(kube.resources(AlertProcessing.class).inNamespace(NS).withName(ar + "-processing").get())
        + phases(kube.resources(AIAnalysis.class).inNamespace(NS).withName(ar + "-analysis").get())
        + phases(kube.resources(WorkflowExecution.class).inNamespace(NS).withName(ar + "-workflow").get())
        + kube.resources(KubernetesExecution.class).inNamespace(NS).withLabel("kubernaut.io/remediation", ar).list()
            .getItems().stream().mapToInt(PipelineBenchmark::phases).sum();
    return 5 + 1 + phases;
  }

  /** The median time, in ms, each AlertRemediation and WorkflowExecution phase took, from their phase histories. */
  private static Map<String, Double> phaseMedians(KubernetesClient kube, List<String> names) {
    Map<String, List<Double>> spans = new java.util.LinkedHashMap<>();
    java.util.Set<String> wanted = new java.util.HashSet<>(names);
    kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems().stream()
        .filter(ar -> wanted.contains(ar.getMetadata().getName())).forEach(ar -> spans(spans, "AR ", ar.getStatus()));
    kube.resources(WorkflowExecution.class).inNamespace(NS).list().getItems().stream()
        .filter(w -> wanted.contains(w.getMetadata().getName().replaceFirst("-workflow$", "")))
        .forEach(w -> spans(spans, "WFE ", w.getStatus()));
    Map<String, Double> medians = new java.util.LinkedHashMap<>();
    spans.forEach((phase, values) -> {
      values.sort(Double::compare);
      medians.put(phase, values.get(values.size() / 2));
    });
    return medians;
  }

  private static void spans(Map<String, List<Double>> spans, String prefix, StatusSpine status) {
    List<io.kubernaut.k8s.crd.PhaseTransition> history = status == null ? null : status.getPhaseHistory();
    for (int i = 0; history != null && i + 1 < history.size(); i++) {
      double ms = Duration.between(java.time.Instant.parse(history.get(i).getEnteredAt()),
          java.time.Instant.parse(history.get(i + 1).getEnteredAt())).toNanos() / 1e6;
      spans.computeIfAbsent(prefix + history.get(i).getPhase(), k -> new ArrayList<>()).add(ms);
    }
  }

  private static int phases(io.fabric8.kubernetes.client.CustomResource<?, ? extends StatusSpine> resource) {
    return resource == null || resource.getStatus() == null || resource.getStatus().getPhaseHistory() == null ? 0
        : resource.getStatus().getPhaseHistory().size();
  }

  private static Footprint footprint() throws Exception {
    Path jar = Path.of("..", "app", "target", "kubernaut.jar").toAbsolutePath().normalize();
    ScratchDirectory scratch = ScratchDirectory.create("footprint-");
    Path data = scratch.path();
    Path log = data.resolveSibling(data.getFileName() + ".log");
    double fresh;
    try (OperatorProcess first = OperatorProcess.start(jar, JVM_OPTIONS, data, log)) {
      fresh = first.startSeconds();
    }
    try (scratch; OperatorProcess operator = OperatorProcess.start(jar, JVM_OPTIONS, data, log);
        KubernetesClient kube = benchClient(operator.apiServerUrl())) {
      double existing = operator.startSeconds();
      Thread.sleep(2000);
      double idleHeap = operator.heapAfterGcMiB();
      double idleRss = operator.rssMiB();
      // Every production remediation below confidence 1.0 needs approval: all of them wait.
      config(kube, "gates.yaml", "productionApprovalConfidence: 1.0\n");
      Thread.sleep(1000);
      Terminals waiting = new Terminals(kube);
      String url = "http://127.0.0.1:" + operator.port() + "/api/v1/signals/prometheus";
      Semaphore inFlight = new Semaphore(32);
      long t0 = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < ACTIVE; i++) {
        inFlight.acquire();
        responses.add(HTTP.sendAsync(post(url, operator.apiToken(),
                alert("BenchCrashLooping" + i, "shop-prod", "checkout-7d9f8b6c4-x2x9q", "checkout")),
            HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release()));
      }
      for (CompletableFuture<HttpResponse<String>> r : responses) {
        assertThat(r.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
      }
      int active = waiting.awaitAwaitingApproval(ACTIVE, Duration.ofSeconds(240));
      double fill = (System.nanoTime() - t0) / 1e9;
      waiting.close();
      Thread.sleep(2000);
      double heap = operator.heapAfterGcMiB();
      return new Footprint(fresh, existing, idleRss, idleHeap, active, operator.rssMiB(), heap,
          operator.postgresRssMiB(), fill, operator.recordedRequests());
    }
  }

  private static void config(KubernetesClient kube, String key, String yaml) {
    kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
        .withNamespace(NS).endMetadata().addToData(key, yaml).build()).create();
  }

  private static KubernetesClient benchClient(String url) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url)
        .withUserAgent(ApiRequestLog.BENCH_AGENT).build()).build();
  }

  private static void awaitReady(int port) throws Exception {
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpResponse<String> answer;
    while ((answer = HTTP.send(ready, HttpResponse.BodyHandlers.ofString())).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The operator was not ready within 60 s: " + answer.body());
      }
      Thread.sleep(50);
    }
  }

  /** The AlertRemediation a new alert's 201 answer names. */
  private static String remediationOf(HttpResponse<String> response) throws java.io.IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).path("results").get(0).path("remediation").asText();
  }

  private static HttpRequest post(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static String alert(String alertName, String namespace, String pod, String container) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},\"commonLabels\":{},"
        + "\"commonAnnotations\":{},\"externalURL\":\"http://am\",\"alerts\":[{\"status\":\"firing\",\"labels\":{"
        + "\"alertname\":\"" + alertName + "\",\"namespace\":\"" + namespace + "\",\"pod\":\"" + pod
        + "\",\"container\":\"" + container + "\",\"severity\":\"critical\"},\"annotations\":{\"summary\":\"bench\"},"
        + "\"startsAt\":\"2026-11-20T10:00:00Z\",\"fingerprint\":\"0123456789abcdef\"}]}";
  }

  /** Watches the AlertRemediations (from the benchmark's own client) and notes when each ends. */
  static final class Terminals implements AutoCloseable {

    record Seen(long at, RemediationPhase phase, String outcome, String message) {}

    final Map<String, Seen> seen = new ConcurrentHashMap<>();
    final Map<String, Boolean> awaitingApproval = new ConcurrentHashMap<>();
    private final SharedIndexInformer<AlertRemediation> informer;

    Terminals(KubernetesClient kube) {
      informer = kube.resources(AlertRemediation.class).inNamespace(NS).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(AlertRemediation ar) {
          note(ar);
        }

        @Override
        public void onUpdate(AlertRemediation before, AlertRemediation after) {
          note(after);
        }

        @Override
        public void onDelete(AlertRemediation ar, boolean unknown) {}
      });
    }

    private void note(AlertRemediation ar) {
      if (ar.getStatus() == null || ar.getStatus().getPhase() == null) {
        return;
      }
      String name = ar.getMetadata().getName();
      if (ar.getStatus().getPhase() == RemediationPhase.AwaitingApproval) {
        awaitingApproval.put(name, true);
      }
      if (ar.getStatus().getPhase().isTerminal()) {
        seen.putIfAbsent(name, new Seen(System.nanoTime(), ar.getStatus().getPhase(), ar.getStatus().getOutcome(),
            ar.getStatus().getFailurePhase() + ": " + ar.getStatus().getMessage()));
      }
    }

    void await(List<String> names, Duration atMost) throws InterruptedException {
      long deadline = System.nanoTime() + atMost.toNanos();
      while (!seen.keySet().containsAll(names) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }

    int awaitAwaitingApproval(int count, Duration atMost) throws InterruptedException {
      long deadline = System.nanoTime() + atMost.toNanos();
      while (awaitingApproval.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      return awaitingApproval.size();
    }

    @Override
    public void close() {
      informer.close();
    }
  }

  /** A round's N, with its batch when a round measures several: "100 #3". */
  private static String label(Round r) {
    return BATCHES == 1 ? String.valueOf(r.n()) : r.n() + " #" + r.batch();
  }

  private static void print(List<Round> rounds, Footprint f) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%n%d cores; %s; alert -> AlertRemediation Completed (rule engine, increase_resources); each round after %d unmeasured remediation(s) at once%n",
        Runtime.getRuntime().availableProcessors(), Compilers.mode(), WARM_UP));
    if (Compilers.QUIET_SECONDS > 0) {
      t.append(String.format(Locale.ROOT, "then waited for quiet JIT compilers: %.1f s (at most %d)%n", jitQuiet,
          Compilers.QUIET_SECONDS));
    }
    t.append("| N | Completed (terminal) | p50 ms | p95 ms | p99 ms | remediations/s | writes/AR (min) | creates | status | "
        + "other writes | reads/AR (get+list) | idle req/s |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Round r : rounds) {
      double n = r.n();
      t.append(String.format(Locale.ROOT, "| %s | %d (%d) | %.0f | %.0f | %.0f | %.1f | %.1f (%d) | %.1f | %.1f | %.1f | "
              + "%.1f (%.1f+%.1f) | %.1f |%n", label(r), r.completed(), r.terminal(), r.percentileMs(0.50), r.percentileMs(0.95),
          r.percentileMs(0.99), n / r.seconds(), r.api().writes() / n, r.minimumWrites(), r.api().creates() / n,
          r.api().statusWrites() / n, (r.api().otherWrites() + r.api().deletes()) / n, r.api().reads() / n,
          r.api().gets() / n, r.api().lists() / n, r.idlePerSecond()));
    }
    for (Round r : rounds) {
      t.append(String.format(Locale.ROOT, "N=%s outcomes %s; median ms per phase: %s%n", label(r), r.outcomes(),
          r.phaseMedians().entrySet().stream().map(e -> e.getKey() + " " + Math.round(e.getValue()))
              .collect(java.util.stream.Collectors.joining(", "))));
    }
    rounds.stream().filter(r -> !r.failures().isEmpty()).forEach(r -> r.failures().forEach((why, count) ->
        t.append(String.format(Locale.ROOT, "N=%s: %d not Completed/Remediated: %s%n", label(r), count, why))));
    Round largest = rounds.get(rounds.size() - 1);
    t.append(String.format(Locale.ROOT, "at N=%d the embedded API server recorded %d requests, which it keeps until "
        + "someone calls takeRequest (this benchmark does; the operator never does)%n", largest.n(), largest.api().total()));
    t.append(String.format(Locale.ROOT, "outcomes at N=%d: %s; per remediation by verb and resource:%n", largest.n(),
        largest.outcomes()));
    largest.api().byKey().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> t.append(String.format(Locale.ROOT, "  %-45s %7.2f%n", e.getKey(), e.getValue() / (double) largest.n())));
    t.append(String.format(Locale.ROOT, "  (the demo simulator's and the benchmark's own requests: %.2f per remediation)%n",
        largest.api().benchRequests() / (double) largest.n()));
    t.append(String.format(Locale.ROOT, "watch events sent per remediation (each event once per watch that gets it): %s%n",
        perRemediation(largest.api().watchEvents(), largest.n())));
    for (Round r : rounds) {
      // CPU time: other load on the machine inflates it less than the rates and latencies above.
      t.append(String.format(Locale.ROOT, "CPU per remediation at N=%s, from the posts to 1.5 s after the last ended: "
              + "%.1f ms this JVM (operator, embedded API server, demo simulator, benchmark clients, JDBC, GC, JIT), "
              + "%.1f ms embedded PostgreSQL's processes; by thread: %s%n", label(r), r.cpu().processMs() / r.n(),
          r.cpu().childrenMs() / r.n(), r.cpu().byGroup().entrySet().stream().filter(e -> e.getValue() / r.n() >= 0.5)
              .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
              .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / r.n()))
              .collect(java.util.stream.Collectors.joining(", "))));
    }
    if (f != null) {
      t.append(String.format(Locale.ROOT, "operator process (java %s -jar app/target/kubernaut.jar):%n"
              + "  start to /readyz 200: fresh data dir %.2f s, existing data dir %.2f s%n"
              + "  idle: RSS %.0f MiB, heap after GC %.0f MiB%n"
              + "  %d AlertRemediations in AwaitingApproval (filled in %.0f s): RSS %.0f MiB, heap after GC %.0f MiB; "
              + "embedded PostgreSQL processes RSS (sum) %.0f MiB; %d requests held by the embedded API server's log%n",
          String.join(" ", JVM_OPTIONS), f.freshStart(), f.existingStart(), f.idleRss(), f.idleHeap(), f.active(),
          f.fillSeconds(), f.rss(), f.heap(), f.postgresRss(), f.recordedRequests()));
    }
    t.append(String.format(Locale.ROOT, "load average (1, 5, 15 min) at the start: %s, at the end: %s%n", LOAD_AT_START,
        loadAverage()));
    // The benchmark's output is its product; it is not part of the operator.
    System.out.println(t);
  }

  /** Watch events per remediation, by resource, the operator's kinds first; their sum. */
  static String perRemediation(Map<String, Long> events, double n) {
    long pipeline = events.entrySet().stream().filter(e -> ApiRequestLog.PIPELINE_KINDS.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    return String.format(Locale.ROOT, "%.2f of the pipeline's kinds (", pipeline / n) + events.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / n))
        .collect(java.util.stream.Collectors.joining(", ")) + ")";
  }

}
