package io.kubernaut.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fixed workload that tells how fast this host is at the moment, so that benchmark runs on one
 * host at different times (its speed has been seen to change by half from one run to the next with
 * the same code) can be compared: the same work every time, in a JVM of its own with the JIT the
 * benchmark runs on, timed by the CPU that JVM used. Two parts, because the host's slowness has shown
 * in both: Jackson round trips of a Kubernetes-sized object (user code, allocation, GC), and
 * loopback TCP round trips (system calls and wake-ups, where a virtual machine's interrupts cost).
 * A probe is a measurement beside the benchmark, not part of what it measures.
 */
final class HostSpeed {

  private static final int JSON_ROUNDS = 20_000;
  private static final int ECHO_ROUNDS = 10_000;
  private static final int ECHO_BYTES = 512;
  private static final String PREFIX = "host speed probe:";

  /** What a probe measured: CPU milliseconds of each part, and their wall time. */
  record Probe(double jsonCpuMs, double jsonWallMs, double echoCpuMs, double echoWallMs) {

    String describe() {
      return String.format(Locale.ROOT, "Jackson %,d round trips %.0f CPU-ms (%.0f ms wall), loopback TCP %,d round "
          + "trips %.0f CPU-ms (%.0f ms wall)", JSON_ROUNDS, jsonCpuMs, jsonWallMs, ECHO_ROUNDS, echoCpuMs, echoWallMs);
    }
  }

  private HostSpeed() {}

  /**
   * Runs the probe in a JVM of its own with the given JIT options and this JVM's test class path.
   *
   * @return the probe, or null (said on standard error) when the child could not run it
   */
  static Probe measure(List<String> jitOptions) {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jitOptions);
    command.addAll(List.of("-Xmx256m", "-cp", classPath, HostSpeed.class.getName()));
    try {
      // The output goes to a file, so a child that hangs cannot block the reading, and the wait's timeout holds.
      Path log = java.nio.file.Files.createTempFile("host-speed-", ".log");
      Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean finished = child.waitFor(120, TimeUnit.SECONDS);
      if (!finished) {
        child.destroyForcibly();
      }
      String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
      java.nio.file.Files.delete(log);
      if (!finished || child.exitValue() != 0) {
        System.err.println("The host speed probe failed: " + out);
        return null;
      }
      return parse(out);
    } catch (IOException e) {
      System.err.println("The host speed probe could not start: " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static Probe parse(String output) {
    for (String line : output.split("\n")) {
      if (line.startsWith(PREFIX)) {
        String[] v = line.substring(PREFIX.length()).trim().split(" ");
        return new Probe(Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
            Double.parseDouble(v[3]));
      }
    }
    throw new IllegalStateException("no probe in the child's output: " + output);
  }

  public static void main(String[] args) throws Exception {
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    long checksum = json();
    long cpu1 = cpuNanos();
    long wall1 = System.nanoTime();
    checksum += echo();
    long cpu2 = cpuNanos();
    long wall2 = System.nanoTime();
    // The checksum keeps the work from being optimised away; printing it shows the work was the same.
    System.out.printf(Locale.ROOT, "%s %.1f %.1f %.1f %.1f %d%n", PREFIX, (cpu1 - cpu0) / 1e6, (wall1 - wall0) / 1e6,
        (cpu2 - cpu1) / 1e6, (wall2 - wall1) / 1e6, checksum);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Serialises and parses a Deployment-sized document of nested maps and lists, {@link #JSON_ROUNDS} times. */
  private static long json() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, Object> doc = document();
    long checksum = 0;
    for (int i = 0; i < JSON_ROUNDS; i++) {
      doc.put("resourceVersion", Integer.toString(i));
      String text = mapper.writeValueAsString(doc);
      Map<String, Object> back = mapper.readValue(text, new TypeReference<Map<String, Object>>() {});
      checksum += text.length() + back.size();
    }
    return checksum;
  }

  private static Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "apps/v1");
    doc.put("kind", "Deployment");
    Map<String, Object> labels = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      labels.put("app.kubernetes.io/label-" + i, "value-" + i);
    }
    doc.put("metadata", Map.of("name", "workload", "namespace", "production", "labels", labels,
        "annotations", Map.of("deployment.kubernetes.io/revision", "3")));
    List<Object> containers = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      List<Object> env = new ArrayList<>();
      for (int e = 0; e < 10; e++) {
        env.add(Map.of("name", "ENV_" + e, "value", "some value number " + e));
      }
      containers.add(Map.of("name", "container-" + c, "image", "registry.example/app:1." + c, "env", env,
          "resources", Map.of("limits", Map.of("memory", "512Mi", "cpu", "500m"),
              "requests", Map.of("memory", "256Mi", "cpu", "250m"))));
    }
    doc.put("spec", Map.of("replicas", 3, "template", Map.of("spec", Map.of("containers", containers))));
    List<Object> conditions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      conditions.add(Map.of("type", "Condition" + i, "status", "True", "reason", "Reason" + i,
          "message", "A sentence that says what happened to the object, as conditions do.",
          "lastTransitionTime", "2026-12-05T21:00:0" + i + "Z"));
    }
    doc.put("status", Map.of("replicas", 3, "readyReplicas", 3, "conditions", conditions));
    return doc;
  }

  /** {@link #ECHO_ROUNDS} request-answer round trips of {@link #ECHO_BYTES} bytes over loopback TCP. */
  private static long echo() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread echoer = new Thread(() -> {
        try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
          s.setTcpNoDelay(true);
          byte[] buffer = new byte[ECHO_BYTES];
          for (int i = 0; i < ECHO_ROUNDS; i++) {
            in.readFully(buffer);
            out.write(buffer);
            out.flush();
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }, "host-speed-echo");
      echoer.start();
      long checksum = 0;
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          DataInputStream in = new DataInputStream(s.getInputStream());
          DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
        s.setTcpNoDelay(true);
        byte[] buffer = new byte[ECHO_BYTES];
        for (int i = 0; i < ECHO_ROUNDS; i++) {
          buffer[i % ECHO_BYTES] = (byte) i;
          out.write(buffer);
          out.flush();
          in.readFully(buffer);
          checksum += buffer[i % ECHO_BYTES];
        }
      }
      echoer.join();
      return checksum;
    }
  }
}
