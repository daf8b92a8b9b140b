package io.kubernaut.http.verification.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real monitoring binary (Debian's {@code prometheus} or {@code prometheus-alertmanager})
 * started by a test on a free loopback port, with its config and data in a temp directory, ready
 * once {@code /-/ready} answers 200; {@link #close} stops it and deletes the directory. A test
 * whose binary is absent is skipped, unless the environment variable {@code CI} is set: CI installs
 * the binaries ({@code .ci/observability.sh}), so there a missing one fails.
 */
public abstract class MonitoringProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MonitoringProcess.class);
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path dir;
  private final int port;
  private Process process;
  private Duration startUp = Duration.ZERO;

  MonitoringProcess(String name, String prefix) {
    this.name = name;
    this.port = freePort();
    try {
      this.dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The binary on the PATH (or in /usr/bin); skips the test when absent, fails it when {@code CI} is set. */
  static Path binary(String name) {
    Optional<Path> found = Stream.concat(
            Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)), Stream.of("/usr/bin"))
        .filter(p -> !p.isBlank()).map(p -> Path.of(p, name)).filter(Files::isExecutable).findFirst();
    if (found.isEmpty()) {
      String message = "`" + name + "` is not installed (Debian package " + (name.equals("prometheus") ? "prometheus"
          : "prometheus-alertmanager") + "; .ci/observability.sh installs it).";
      if (System.getenv("CI") != null) {
        fail(message + " CI is set, so the test fails instead of being skipped.");
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  /**
   * Skips the calling test when either binary is absent (fails it when {@code CI} is set), before
   * it starts anything else.
   */
  public static void requireBinaries() {
    binary("prometheus");
    binary("prometheus-alertmanager");
  }

  /** Starts the binary with {@code args} and waits until it is ready. */
  final void launch(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary(name).toString());
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    long started = System.nanoTime();
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(log));
      }
      if (ready()) {
        startUp = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("{} ready on {} after {} ms", name, url(), startUp.toMillis());
        return;
      }
      sleep(50);
    }
    close();
    throw new IllegalStateException(name + " was not ready within " + READY_WITHIN + ":\n" + tail(log));
  }

  private boolean ready() {
    try {
      HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public final URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public final int port() {
    return port;
  }

  final Path dir() {
    return dir;
  }

  final String listenAddress() {
    return "127.0.0.1:" + port;
  }

  /** How long the binary took from start to its first 200 on {@code /-/ready}. */
  public final Duration startUp() {
    return startUp;
  }

  /** The binary's own output so far, for a failure message. */
  public final String log() {
    return tail(dir.resolve(name + ".log"));
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      long stopping = System.nanoTime();
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      LOG.info("{} stopped after {} ms", name, (System.nanoTime() - stopping) / 1_000_000);
    }
    if (!Files.exists(dir)) {
      return; // closed before
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}", dir, e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
