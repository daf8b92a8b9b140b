package io.kubernaut.bench;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.bench.DuplicateLoad.Pause;
import io.kubernaut.bench.DuplicateLoad.Phase;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * #19's duplicate target in the production shape: the operator in cluster mode in a process of its own,
 * {@code java -jar app/target/kubernaut.jar} with the chart's JVM options (values.yaml {@code javaOpts}
 * under its 512Mi limit, as {@link SplitBenchmark} starts it, without the class data sharing archive, which
 * changes start-up only; {@code -Dbench.jvmOptions} overrides) and a GC log ({@code -Xlog:gc} to a file in
 * the run's directory, which changes nothing else), against the
 * embedded API server and a zonky PostgreSQL in this JVM. The load is {@link GatewayBenchmark}'s
 * ({@link DuplicateLoad}): 64 production remediations waiting for approval take the duplicates, a
 * saturation (capacity) and a paced phase (2,000/s from 16 clients, latency from the intended send
 * time), while a trickle of new alerts on a staging namespace runs through the pipeline to Completed;
 * every duplicate must be answered 202 and be a count in status, within 2 s for the target.
 *
 * <p>Per phase it reports the operator's CPU per duplicate (from /proc: the whole process and its
 * busiest thread groups, the Jetty request threads and the duplicate flusher among them), its heap
 * allocated per duplicate (Micrometer's {@code jvm_gc_memory_allocated_bytes_total} from its /metrics,
 * which advances at collections: exact to a young generation), and its collection pauses from the GC log,
 * with how many of the paced requests over 10 ms were in flight during one. The API server, PostgreSQL's
 * JDBC peer and the load driver share this JVM and the machine's cores with the operator: on 2 cores
 * the operator does not have them to itself, as it would not on a busy node either. Run with
 * {@code mvn -B -Pbench -pl bench -am verify -Dtest=SplitDuplicatesBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * settings as {@link DuplicateLoad}'s, and -Dbench.split.warmUpSeconds (20), -Dbench.jvmOptions,
 * -Dbench.readySeconds (300 here).
 */
class SplitDuplicatesBenchmark {

  private static final String NS = PipelineBenchmark.NS;
  /** Where the duplicate set's remediations point: a production namespace, so every action waits for approval. */
  private static final String DUPLICATE_NAMESPACE = "shop-prod";
  /**
   * How long duplicates run before the phases ({@code -Dbench.split.warmUpSeconds}, 20): the operator's JVM is new,
   * and its JIT compiling the request path during a phase would take a share of the two cores that a long-running
   * operator's does not (in this JVM GatewayBenchmark's earlier phases have compiled it).
   */
  private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.split.warmUpSeconds", 20));
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /**
   * A pause in unified GC logging with the {@code timemillis} decorator (epoch ms, written when the pause
   * ends): {@code [1764710000000ms] GC(12) Pause Young (Allocation Failure) 37M->12M(120M) 3.456ms}.
   */
  private static final Pattern PAUSE = Pattern.compile(
      "^\\[(\\d+)ms\\] GC\\(\\d+\\) (Pause \\w+(?: \\w+)*?) \\((.*)\\) \\d+[KMG]->.* ([\\d.]+)ms$");

  /**
   * What the operator spent so far: CPU ms (the process, and by thread group from /proc), heap bytes
   * allocated (its own account, at collections).
   */
  record OperatorCost(double processMs, Map<String, Double> byThreadMs, double allocatedBytes) {
    OperatorCost minus(OperatorCost earlier) {
      Map<String, Double> diff = new TreeMap<>();
      byThreadMs.forEach((g, ms) -> diff.put(g, ms - earlier.byThreadMs.getOrDefault(g, 0.0)));
      return new OperatorCost(processMs - earlier.processMs, diff, allocatedBytes - earlier.allocatedBytes);
    }
  }

  @Test
  void duplicatesAgainstTheClusterModeOperator() throws Exception {
    System.setProperty("bench.readySeconds", System.getProperty("bench.readySeconds", "300"));
    String loadBefore = DuplicateLoad.loadAverage();
    ScratchDirectory scratch = ScratchDirectory.create("split-dup-");
    Path dir = scratch.path();
    Path gcLog = dir.resolve("operator-gc.log");
    List<String> jvmOptions = new ArrayList<>(SplitBenchmark.JVM_OPTIONS);
    jvmOptions.add("-Xlog:gc:file=" + gcLog + ":timemillis");
    try (scratch; EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
        EmbeddedApiServer api = new EmbeddedApiServer(dir.resolve("api"), NS, 0).start();
        KubernetesClient kube = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl(api.url()).withUserAgent(ApiRequestLog.BENCH_AGENT).build()).build()) {
      ApiRequestLog requests = new ApiRequestLog(api);
      ListPager.install(api);
      DuplicateLoad.config(kube, NS, Map.of());
      List<String> dupWorkloads = DuplicateLoad.duplicateWorkloads();
      List<String> trickleWorkloads = DuplicateLoad.trickleWorkloads();
      BenchWorkloads.create(kube, DUPLICATE_NAMESPACE, dupWorkloads);
      BenchWorkloads.create(kube, BenchWorkloads.NAMESPACE, trickleWorkloads);
      Path opLog = dir.resolve("operator.log");
      DuplicateLoad.Run<OperatorCost> run;
      try (OperatorProcess operator = OperatorProcess.start(SplitBenchmark.jar(), jvmOptions, dir.resolve("operator"),
          opLog, SplitBenchmark.operatorEnv(api, pg))) {
        String url = "http://127.0.0.1:" + operator.port() + "/api/v1/signals/prometheus";
        run = DuplicateLoad.run(url, SplitBenchmark.TOKEN, kube, requests, new DuplicateLoad.Probe<>() {
          @Override
          public OperatorCost mark() throws Exception {
            return cost(operator);
          }

          @Override
          public OperatorCost since(OperatorCost before) throws Exception {
            return cost(operator).minus(before);
          }

          @Override
          public List<Pause> pauses(long fromEpochNanos, long toEpochNanos) throws IOException {
            return pausesIn(gcLog, fromEpochNanos, toEpochNanos);
          }
        }, DUPLICATE_NAMESPACE, dupWorkloads, BenchWorkloads.NAMESPACE, trickleWorkloads, WARM_UP);
      }
      print(loadBefore, jvmOptions, run);
      DuplicateLoad.assertCounted(run);
    }
  }

  private static OperatorCost cost(OperatorProcess operator) throws Exception {
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.port() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    double allocated = metrics.lines().filter(l -> l.startsWith("jvm_gc_memory_allocated_bytes_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    return new OperatorCost(operator.cpuMillis(), threadCpu(operator.pid()), allocated);
  }

  /** CPU ms by thread group of process {@code pid}: /proc/pid/task/tid/stat, the name without its numbers. */
  private static Map<String, Double> threadCpu(long pid) throws IOException {
    Map<String, Double> byGroup = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // utime and stime in clock ticks (100/s), as OperatorProcess#cpuMillis reads the process's.
          byGroup.merge(CpuByThread.group(name), (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0, Double::sum);
        } catch (IOException | RuntimeException ended) {
          // the thread ended meanwhile
        }
      }
    }
    return byGroup;
  }

  /** The pauses in the operator's GC log that began between these epoch times. */
  static List<Pause> pausesIn(Path gcLog, long fromEpochNanos, long toEpochNanos) throws IOException {
    List<Pause> pauses = new ArrayList<>();
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = PAUSE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      long end = Long.parseLong(m.group(1)) * 1_000_000L;
      long start = end - (long) (Double.parseDouble(m.group(4)) * 1e6);
      if (start >= fromEpochNanos && start < toEpochNanos) {
        pauses.add(new Pause(m.group(2), m.group(3), start, end));
      }
    }
    return pauses;
  }

  private static void print(String loadBefore, List<String> jvmOptions, DuplicateLoad.Run<OperatorCost> run) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%nSplitDuplicatesBenchmark, %s UTC, %d cores, load average %s before, %s after;"
        + " %d clients, %d s per phase (max %d requests); the operator in cluster mode as %sjava %s -jar kubernaut.jar%n%n",
        java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toString().replace('T', ' '),
        Runtime.getRuntime().availableProcessors(), loadBefore, DuplicateLoad.loadAverage(), DuplicateLoad.CLIENTS,
        DuplicateLoad.PHASE.toSeconds(), DuplicateLoad.MAX_REQUESTS, SplitBenchmark.IMAGE_ENV.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue() + " ").collect(java.util.stream.Collectors.joining()),
        String.join(" ", jvmOptions)));
    t.append("| phase | requests | answered/s | p50 ms | p99 ms | p99.9 ms | persisted |\n|---|---|---|---|---|---|---|\n");
    DuplicateLoad.rows(t, run, BenchWorkloads.NAMESPACE);
    t.append("\n| #19 target | measured | |\n|---|---|---|\n");
    DuplicateLoad.targets(t, run);
    t.append('\n').append(DuplicateLoad.pacedPauses(run));
    cost(t, "saturation phase", run.saturation());
    cost(t, "paced phase", run.pacedRun());
    // The benchmark's output is its product; it is not part of the operator.
    System.out.println(t);
  }

  /** The operator's CPU, heap and pauses per duplicate of one phase, and its API requests. */
  private static void cost(StringBuilder t, String name, DuplicateLoad.DuplicatePhase<OperatorCost> run) {
    Phase phase = run.phase();
    double n = phase.requests();
    OperatorCost c = run.cost();
    t.append(String.format(Locale.ROOT, "The operator per duplicate, %s: CPU %.3f ms (by thread group: %s); heap "
        + "allocated %.1f KiB; %d collection pauses, %.0f ms in them, the longest %.1f ms%n", name, c.processMs() / n,
        c.byThreadMs().entrySet().stream().filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
            .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() / n))
            .collect(java.util.stream.Collectors.joining(", ")), c.allocatedBytes() / n / 1024, run.pauses().size(),
        run.pauses().stream().mapToDouble(Pause::ms).sum(), run.pauses().stream().mapToDouble(Pause::ms).max().orElse(0)));
    t.append(String.format(Locale.ROOT, "The load driver's clients (this JVM) per duplicate, %s: CPU %.3f ms%n", name,
        phase.clientCpuNanos() / 1e6 / n));
    ApiRequestLog.Counts api = run.api();
    t.append("API requests of the operator during the ").append(name).append(": ").append(api.total() - api.benchRequests())
        .append(" (").append(api.byKey()).append("); the benchmark's: ").append(api.benchRequests()).append('\n');
  }
}
