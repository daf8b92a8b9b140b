package io.kubernaut.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.bench.DuplicateLoad.Phase;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * SPEC §13's new-alert target process to process: the gateway alone against a bare Javalin → fabric8
 * create, each a JVM of its own with the chart's JVM options (values.yaml {@code javaOpts} under its
 * 512Mi limit), against the embedded API server and a zonky PostgreSQL in this JVM, in the same run.
 * The operator runs as {@link SplitBenchmark} starts it ({@code java -jar app/target/kubernaut.jar},
 * cluster mode, kubeconfig) as shard 0 of 2, and the new alerts point at a namespace of shard 1, which
 * no replica reconciles: the pipeline is scaled to zero for them, so the phase measures the gateway
 * (fingerprint, dedup lookup, the create, its answer, and the watch event of what it created, which its
 * dedup informer reads) and nothing behind it. The baseline is {@link BareCreateServer}, run from the
 * same jar, creating in the operator's namespace, so the operator's dedup informer reads its creates' watch
 * events too, as in {@link GatewayBenchmark} (in a namespace the operator does not watch, the bare process
 * ran at 4,580-4,731/s and the ratio was 0.53-0.62×: docs/benchmarks.md, 2026-12-05). So the API server's work for either, which in
 * {@link GatewayBenchmark} shares the gateway's JVM, is outside both processes measured.
 *
 * <p>Each side is warmed for {@code -Dbench.split.warmUpSeconds} (10), then the two run interleaved,
 * a phase each in {@code -Dbench.gatewayRounds} (5) rounds of one short segment, their order rotated
 * ({@link Interleaving}: neither gets the emptier store or a quieter minute of the host); 16
 * closed-loop clients on keep-alive connections ({@link DuplicateLoad#drive}). It reports requests per
 * second, p50/p99, and each process's CPU per request (from /proc), and checks that every alert
 * became an AlertRemediation and none was reconciled. Run with
 * {@code mvn -B -Pbench -pl bench -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SplitGatewayBenchmark}.
 */
class SplitGatewayBenchmark {

  private static final String NS = PipelineBenchmark.NS;
  private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.split.warmUpSeconds", 10));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Where the new alerts point: a namespace of shard 1, reconciled by no replica. */
  private static final String GATEWAY_ALONE_NAMESPACE = GatewayBenchmark.namespaceOfShard("shop-prod", 1);

  /** One side's phase and the CPU its process spent in it. */
  record Measured(Phase phase, long cpuMillis) {
    double cpuPerRequestMs() {
      return cpuMillis / (double) Math.max(1, phase.requests());
    }
  }

  @Test
  void newAlertsGatewayAloneAgainstABareCreateProcessToProcess() throws Exception {
    System.setProperty("bench.readySeconds", System.getProperty("bench.readySeconds", "300"));
    String loadBefore = DuplicateLoad.loadAverage();
    ScratchDirectory scratch = ScratchDirectory.create("split-gateway-");
    Path dir = scratch.path();
    List<String> jvmOptions = SplitBenchmark.JVM_OPTIONS;
    try (scratch; EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
        EmbeddedApiServer api = new EmbeddedApiServer(dir.resolve("api"), NS, 0).start();
        KubernetesClient kube = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl(api.url()).withUserAgent(ApiRequestLog.BENCH_AGENT).build()).build()) {
      ListPager.install(api);
      DuplicateLoad.config(kube, NS, Map.of());
      Map<String, String> env = new HashMap<>(SplitBenchmark.operatorEnv(api, pg));
      env.put("KUBERNAUT_SHARD", GatewayBenchmark.SHARD.index() + "/" + GatewayBenchmark.SHARD.count());
      Process bare = startBare(jvmOptions, api.url(), dir.resolve("bare.log"));
      Measured created;
      Measured baseline;
      try (OperatorProcess operator = OperatorProcess.start(SplitBenchmark.jar(), jvmOptions, dir.resolve("operator"),
          dir.resolve("operator.log"), env)) {
        int barePort = awaitBare(bare);
        String gatewayUrl = "http://127.0.0.1:" + operator.port() + "/api/v1/signals/prometheus";
        String bareUrl = "http://127.0.0.1:" + barePort + "/create";
        String token = SplitBenchmark.TOKEN;
        DuplicateLoad.drive("warm-up gateway", gatewayUrl, token, 201, body(i -> GatewayBenchmark.alert("WarmUp" + i,
            GATEWAY_ALONE_NAMESPACE)), WARM_UP);
        DuplicateLoad.drive("warm-up bare", bareUrl, token, 201, body(i -> "w" + i), WARM_UP);
        Duration segment = Interleaving.segment(DuplicateLoad.PHASE);
        Interleaving.Result<Long> compared = new Interleaving<Long>(null).run(List.of(
            new Interleaving.Contender<>("new alert, gateway alone", null, cpuOf(operator.pid()),
                round -> DuplicateLoad.drive("new alert, gateway alone, round " + round, gatewayUrl, token, 201,
                    body(i -> GatewayBenchmark.alert("SplitNew" + round + "-" + i, GATEWAY_ALONE_NAMESPACE)), segment)),
            new Interleaving.Contender<>("bare Javalin + fabric8 create, a process of its own", null,
                cpuOf(bare.pid()), round -> DuplicateLoad.drive("bare, round " + round, bareUrl, token, 201,
                    body(i -> "b" + i), segment))));
        created = new Measured(compared.phase(0), compared.cost(0));
        baseline = new Measured(compared.phase(1), compared.cost(1));
      } finally {
        bare.destroy();
        bare.waitFor();
      }
      List<AlertRemediation> ars = kube.resources(AlertRemediation.class).inNamespace(NS).list().getItems().stream()
          .filter(ar -> ar.getSpec().getAlertName().startsWith("SplitNew")).toList();
      long reconciled = ars.stream().filter(ar -> ar.getStatus() != null && ar.getStatus().getPhase() != null).count();
      print(loadBefore, jvmOptions, created, baseline, ars.size(), reconciled);
      assertThat(created.phase().answered(201)).as("every new alert answered 201").isEqualTo(created.phase().requests());
      assertThat(ars).as("every new alert an AlertRemediation").hasSize(created.phase().requests());
      assertThat(reconciled).as("none reconciled: the phase is the gateway alone").isZero();
    }
  }

  private static IntFunction<byte[]> body(IntFunction<String> text) {
    return i -> text.apply(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The CPU milliseconds process {@code pid} has used (from /proc). */
  private static Interleaving.Meter<Long> cpuOf(long pid) {
    return new Interleaving.Meter<>(() -> {
      try {
        return OperatorProcess.cpuMillisOf(pid);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, (later, earlier) -> later - earlier, Long::sum);
  }

  private static int barePort;

  /** Starts {@link BareCreateServer} from the operator's jar and this module's test classes, with {@code jvmOptions}. */
  private static Process startBare(List<String> jvmOptions, String apiUrl, Path log) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      barePort = s.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", SplitBenchmark.jar() + java.io.File.pathSeparator
        + Path.of("target", "test-classes").toAbsolutePath(), BareCreateServer.class.getName(), apiUrl,
        String.valueOf(barePort)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(SplitBenchmark.IMAGE_ENV);
    return builder.start();
  }

  private static int awaitBare(Process bare) throws Exception {
    URI ready = URI.create("http://127.0.0.1:" + barePort + "/ready");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && bare.isAlive()) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return barePort;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("The bare create server did not start; see target/split-gateway-*/bare.log");
  }

  private static void print(String loadBefore, List<String> jvmOptions, Measured created, Measured bare, int ars,
      long reconciled) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%nSplitGatewayBenchmark, %s UTC, %d cores, load average %s before, %s after;"
        + " %d clients, %d s per phase; both processes as java %s%n%n",
        java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toString().replace('T', ' '),
        Runtime.getRuntime().availableProcessors(), loadBefore, DuplicateLoad.loadAverage(), DuplicateLoad.CLIENTS,
        DuplicateLoad.PHASE.toSeconds(), String.join(" ", jvmOptions)));
    t.append("| phase | requests | answered/s | p50 ms | p99 ms | p99.9 ms | persisted |\n|---|---|---|---|---|---|---|\n");
    DuplicateLoad.row(t, created.phase(), ars + " AlertRemediations, " + reconciled + " reconciled");
    DuplicateLoad.row(t, bare.phase(), bare.phase().requests() + " created");
    double ratio = created.phase().perSecond() / bare.phase().perSecond();
    t.append("\n| #19 target | measured | |\n|---|---|---|\n");
    DuplicateLoad.target(t, "new alerts, gateway alone: >= 0.8x the bare create (same run, process to process)",
        String.format(Locale.ROOT, "%.2fx (%,.0f/s against %,.0f/s; p99 %.1f against %.1f ms)", ratio,
            created.phase().perSecond(), bare.phase().perSecond(), created.phase().percentileMs(0.99),
            bare.phase().percentileMs(0.99)), ratio >= 0.8);
    t.append(String.format(Locale.ROOT, "%nCPU per request: the operator %.3f ms per new alert, the bare process %.3f ms"
        + " per create (%.2fx)%n", created.cpuPerRequestMs(), bare.cpuPerRequestMs(),
        created.cpuPerRequestMs() / bare.cpuPerRequestMs()));
    // The benchmark's output is its product; it is not part of the operator.
    System.out.println(t);
  }
}
