package io.kubernaut.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator as users start it, {@code java -jar app/target/kubernaut.jar} in embedded mode, in a
 * process of its own: so that start-to-ready includes the JVM start, and RSS and heap are the
 * operator's alone (its embedded API server included, the PostgreSQL processes reported apart).
 */
final class OperatorProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  /** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on Linux unless the kernel says otherwise. */
  private static final long CLOCK_TICKS = clockTicks();

  /** How long start() waits for /readyz: -Dbench.readySeconds (90). */
  private static final int READY_SECONDS = Integer.getInteger("bench.readySeconds", 90);

  private final Process process;
  private final Path dataDir;
  private final int port;
  private final double startSeconds;
  private final long startedAt;

  private OperatorProcess(Process process, Path dataDir, int port, double startSeconds, long startedAt) {
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
    this.startSeconds = startSeconds;
    this.startedAt = startedAt;
  }

  /** Starts the jar on {@code dataDir} with {@code jvmOptions} and waits (at most 90 s) until {@code /readyz} answers 200. */
  static OperatorProcess start(Path jar, List<String> jvmOptions, Path dataDir, Path log) throws Exception {
    return start(jar, jvmOptions, dataDir, log, java.util.Map.of("KUBERNAUT_MODE", "embedded",
        "KUBERNAUT_MAX_CONCURRENT_INTAKE", "1024"));
  }

  /**
   * Starts the jar as above with {@code env} on top of the process's environment without its
   * {@code KUBERNAUT_*} and {@code KUBERNETES_*} variables (the split benchmark passes cluster mode,
   * a kubeconfig and a database), leader election off.
   */
  static OperatorProcess start(Path jar, List<String> jvmOptions, Path dataDir, Path log,
      java.util.Map<String, String> env) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("KUBERNAUT_") || k.startsWith("KUBERNETES_"));
    builder.environment().put("KUBERNAUT_HTTP_PORT", String.valueOf(port));
    builder.environment().put("KUBERNAUT_DATA_DIR", dataDir.toString());
    builder.environment().put("KUBERNAUT_LEADER_ELECTION", "false");
    builder.environment().putAll(env);
    long t0 = System.nanoTime();
    Process process = builder.start();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    URI ready = URI.create("http://127.0.0.1:" + port + "/readyz");
    while (true) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("The operator did not become ready within " + READY_SECONDS + " s; see " + log);
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    return new OperatorProcess(process, dataDir, port, (System.nanoTime() - t0) / 1e9, t0);
  }

  /** The operator's CPU time so far (user + system, all its threads), in ms, from /proc/<pid>/stat. */
  long cpuMillis() throws IOException {
    return cpuMillisOf(process.pid());
  }

  /** Process {@code pid}'s CPU time so far (user + system, all its threads), in ms, from /proc/&lt;pid&gt;/stat. */
  static long cpuMillisOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  double startSeconds() {
    return startSeconds;
  }

  /**
   * Seconds from the process's start until {@code /readyz} says its controllers have listed what is in
   * flight (the {@code controllers} component ready; the gateway is ready before that), polled every
   * 20 ms; NaN when that took longer than {@code atMost}.
   */
  double secondsUntilControllersListed(Duration atMost) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    URI ready = URI.create("http://127.0.0.1:" + port + "/readyz");
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    while (System.nanoTime() < deadline && process.isAlive()) {
      String body = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (json.readTree(body).path("components").path("controllers").path("ready").asBoolean()) {
        return (System.nanoTime() - startedAt) / 1e9;
      }
      Thread.sleep(20);
    }
    return Double.NaN;
  }

  int port() {
    return port;
  }

  String apiToken() throws IOException {
    return Files.readString(dataDir.resolve("api-token")).trim();
  }

  /** The embedded API server's URL, from the kubeconfig the operator wrote. */
  String apiServerUrl() throws IOException {
    return Files.readAllLines(dataDir.resolve("kubeconfig")).stream().map(String::trim)
        .filter(l -> l.startsWith("server: ")).findFirst().orElseThrow().substring("server: ".length());
  }

  /** Runs a full GC in the operator (jcmd) and returns its heap used, in MiB, from its own /metrics. */
  double heapAfterGcMiB() throws Exception {
    for (int i = 0; i < 2; i++) {
      Process jcmd = new ProcessBuilder("jcmd", String.valueOf(process.pid()), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      jcmd.waitFor(30, TimeUnit.SECONDS);
    }
    Thread.sleep(500);
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / (1024 * 1024);
  }

  /** The operator's live objects by class (jcmd GC.class_histogram, which runs a full GC first). */
  String classHistogram() throws Exception {
    Process jcmd = new ProcessBuilder("jcmd", String.valueOf(process.pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String histogram = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor(30, TimeUnit.SECONDS);
    return histogram;
  }

  /** How many requests fabric8's MockWebServer holds in its request log (jcmd class histogram). */
  long recordedRequests() throws Exception {
    return classHistogram().lines().filter(l -> l.endsWith(" io.fabric8.mockwebserver.http.RecordedRequest")).findFirst()
        .map(l -> Long.parseLong(l.trim().split("\\s+")[1])).orElse(-1L);
  }

  /** The operator JVM's resident set, in MiB. */
  double rssMiB() throws IOException {
    return rssKiB(process.pid()) / 1024.0;
  }

  /**
   * The summed resident sets of the embedded PostgreSQL processes (pg_ctl detaches the postmaster,
   * so it is found by its data directory), in MiB; shared buffers count once per process.
   */
  double postgresRssMiB() throws IOException {
    String dir = dataDir.resolve("postgres").toString();
    List<ProcessHandle> postmasters = new java.util.ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(q -> q.getFileName().toString().matches("\\d+")).toList()) {
        try {
          if (new String(Files.readAllBytes(p.resolve("cmdline"))).contains(dir)) {
            ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(postmasters::add);
          }
        } catch (IOException gone) {
          // the process ended
        }
      }
    }
    return postmasters.stream().flatMap(pm -> java.util.stream.Stream.concat(java.util.stream.Stream.of(pm),
        pm.descendants())).distinct().mapToLong(p -> {
      try {
        return rssKiB(p.pid());
      } catch (IOException gone) {
        return 0;
      }
    }).sum() / 1024.0;
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      getconf.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return 100;
    }
  }

  private static long rssKiB(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(0);
  }

  /**
   * Stops the operator gracefully (SIGTERM), forcibly after 120 s: a training run writes its class
   * data sharing archive as it exits, which took more than 30 s on a loaded machine.
   */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
