package io.kubernaut.bench;

import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernaut.app.Kubernaut;
import io.kubernaut.k8s.embedded.DemoSimulator;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the embedded API server received, by verb and resource. fabric8's mock
 * server records every request in a queue; this drains it (the operator's own objects hold the
 * server privately, so it is reached by reflection: benchmark code, not operator code). Requests
 * whose User-Agent is {@link #BENCH_AGENT} are the benchmark's own and are left out, and so are the
 * embedded demo simulator's ({@link DemoSimulator#USER_AGENT}): it plays the cluster's controllers and
 * kubelet, whose requests a real API server serves too but which are not the operator's.
 */
final class ApiRequestLog {

  static final String BENCH_AGENT = "kubernaut-bench";
  static final java.util.Set<String> PIPELINE_KINDS = java.util.Set.of("alertremediations", "alertprocessings",
      "aianalyses", "workflowexecutions", "kubernetesexecutions");

  private final DefaultMockServer server;
  /** The embedded API server's count of watch events sent, by resource. */
  private final Map<String, LongAdder> eventsSent;
  private final Map<String, Long> eventsBefore = new TreeMap<>();

  ApiRequestLog(Kubernaut kubernaut) {
    this((io.kubernaut.k8s.embedded.EmbeddedApiServer) field(field(kubernaut, "connection"), "embedded"));
  }

  /** The request log of an embedded API server that the benchmark started itself (the split benchmark). */
  @SuppressWarnings("unchecked")
  ApiRequestLog(io.kubernaut.k8s.embedded.EmbeddedApiServer api) {
    this.server = (DefaultMockServer) field(api, "server");
    this.eventsSent = (Map<String, LongAdder>) field(field(api, "dispatcher"), "eventsSent");
  }

  /**
   * What the operator asked of the API server between two drains, and the watch events the server
   * sent meanwhile by resource (one per event and watch, so what the watching clients parsed; the
   * pipeline's kinds are watched by the operator alone).
   */
  record Counts(Map<String, Integer> byKey, int creates, int statusWrites, int otherWrites, int deletes, int gets,
      int lists, int watches, int benchRequests, int total, Map<String, Long> watchEvents) {

    int writes() {
      return creates + statusWrites + otherWrites + deletes;
    }

    /** These requests and {@code other}'s together. */
    Counts plus(Counts other) {
      Map<String, Integer> keys = new TreeMap<>(byKey);
      other.byKey().forEach((key, n) -> keys.merge(key, n, Integer::sum));
      Map<String, Long> events = new TreeMap<>(watchEvents);
      other.watchEvents().forEach((key, n) -> events.merge(key, n, Long::sum));
      return new Counts(keys, creates + other.creates, statusWrites + other.statusWrites, otherWrites + other.otherWrites,
          deletes + other.deletes, gets + other.gets, lists + other.lists, watches + other.watches,
          benchRequests + other.benchRequests, total + other.total, events);
    }

    int reads() {
      return gets + lists;
    }
  }

  /** Takes every request recorded so far off the server's queue and classifies it. */
  Counts drain() throws InterruptedException {
    Map<String, Integer> byKey = new TreeMap<>();
    int creates = 0;
    int statusWrites = 0;
    int otherWrites = 0;
    int deletes = 0;
    int gets = 0;
    int lists = 0;
    int watches = 0;
    int bench = 0;
    int total = 0;
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      total++;
      String agent = r.getHeader("User-Agent");
      if (agent != null && (agent.startsWith(BENCH_AGENT) || agent.startsWith(DemoSimulator.USER_AGENT))) {
        bench++;
        continue;
      }
      String method = r.getMethod();
      String path = r.getPath() == null ? "" : r.getPath();
      boolean watch = path.contains("watch=true");
      Target t = Target.of(path);
      String verb = switch (method) {
        case "POST" -> "create";
        case "PUT", "PATCH" -> t.status() ? "status" : "update";
        case "DELETE" -> "delete";
        default -> watch ? "watch" : t.named() ? "get" : "list";
      };
      byKey.merge(verb + " " + t.resource() + (t.status() ? "/status" : ""), 1, Integer::sum);
      switch (verb) {
        case "create" -> creates++;
        case "status" -> statusWrites++;
        case "update" -> otherWrites++;
        case "delete" -> deletes++;
        case "get" -> gets++;
        case "list" -> lists++;
        default -> watches++;
      }
    }
    Map<String, Long> events = new TreeMap<>();
    eventsSent.forEach((resource, sent) -> {
      long now = sent.sum();
      long delta = now - eventsBefore.getOrDefault(resource, 0L);
      eventsBefore.put(resource, now);
      if (delta > 0) {
        events.put(resource, delta);
      }
    });
    return new Counts(byKey, creates, statusWrites, otherWrites, deletes, gets, lists, watches, bench, total, events);
  }

  /** The resource a request path names, whether it names one object, and whether it is the status subresource. */
  record Target(String resource, boolean named, boolean status) {
    static Target of(String path) {
      String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      String[] s = p.replaceFirst("^/", "").split("/");
      int start = s.length > 0 && s[0].equals("apis") ? 3 : 2;
      if (s.length <= start) {
        return new Target(p, false, false);
      }
      String[] rest = java.util.Arrays.copyOfRange(s, start, s.length);
      if (rest[0].equals("namespaces") && rest.length >= 3) {
        rest = java.util.Arrays.copyOfRange(rest, 2, rest.length);
      }
      boolean status = rest.length >= 3 && rest[2].equals("status");
      return new Target(rest[0], rest.length >= 2, status);
    }
  }

  private static Object field(Object owner, String name) {
    try {
      Field f = owner.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The benchmark reads " + owner.getClass().getSimpleName() + "." + name
          + " to count API requests; it has moved, update ApiRequestLog.", e);
    }
  }
}
