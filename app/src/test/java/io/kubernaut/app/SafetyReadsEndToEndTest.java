package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.embedded.DemoSimulator;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19's "no LIST in the per-remediation path", counted on the embedded API server's own
 * request log: once the operator is ready, remediations that pass the safety envelope at validation
 * and again before their action read KubernetesExecutions, WorkflowExecutions, nodes, namespaces
 * and the disruption ledger from informer caches, so the API server sees no LIST of those kinds
 * however many remediations ran before, nor any other LIST (HPAs and PDBs included), and at most 8
 * reads per remediation.
 */
class SafetyReadsEndToEndTest {

  /**
   * What the safety envelope counts, and the pipeline's child kinds: never listed once the informers
   * run. (AlertRemediations are left out: the gateway's intake, not the pipeline, looks them up.)
   */
  private static final Set<String> CACHED_KINDS = Set.of("kubernetesexecutions", "workflowexecutions", "nodes",
      "configmaps", "alertprocessings", "aianalyses");
  /** The test's own reads carry this User-Agent and are not counted. */
  private static final String READER = "kubernaut-test-reader";

  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder().keepRequestLog()
      .safety("limits:\n  monitoringWindow: 1s\n").build();

  private static EmbeddedApp app;
  private static DefaultMockServer server;
  private static KubernetesClient reader;

  @BeforeAll
  static void start() throws Exception {
    app = operator.app();
    reader = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(app.kubernaut.apiServerUrl())
        .withUserAgent(READER).build()).build();
    server = (DefaultMockServer) field(field(field(app.kubernaut, "connection"), "embedded"), "server");
  }

  @AfterAll
  static void stop() {
    if (reader != null) {
      reader.close();
    }
  }

  @Test
  void remediationsThatPassTheSafetyEnvelopeListNoExecutionsWorkflowsNodesNorTheLedger() throws Exception {
    // Start-up lists, not a remediation's: the informers' and the audit re-projector's first pass (it
    // runs once the audit trail is writable, which may come after /readyz).
    await().atMost(Duration.ofSeconds(60)).until(() -> app.kubernaut.auditReprojector().passes() > 0);
    // The context informers (every namespace's HPAs and PDBs) start beside the controllers without holding them up.
    Map<String, Integer> startUp = new TreeMap<>();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      drain().forEach((key, count) -> startUp.merge(key, count, Integer::sum));
      return startUp.containsKey("watch horizontalpodautoscalers") && startUp.containsKey("watch poddisruptionbudgets");
    });
    HttpResponse<String> posted = app.post("/api/v1/signals/prometheus", EmbeddedApp.fixture("oomkilled-batch.json"));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    List<String> remediations = new ArrayList<>();
    for (JsonNode result : EmbeddedApp.JSON.readTree(posted.body()).path("results")) {
      remediations.add(result.path("remediation").asText());
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> remediations.stream()
        .map(name -> reader.resources(AlertRemediation.class).inNamespace(EmbeddedApp.NAMESPACE).withName(name).get())
        .allMatch(ar -> ar != null && ar.getStatus() != null && ar.getStatus().getPhase() != null
            && ar.getStatus().getPhase().isTerminal()));
    List<KubernetesExecution> ran = reader.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .list().getItems().stream().filter(k -> k.getStatus() != null
            && k.getStatus().getPhase() == ExecutionPhase.Completed).toList();
    assertThat(ran).as("executions that passed validation and the budget check before their action").isNotEmpty();
    assertThat(reader.configMaps().inNamespace(EmbeddedApp.NAMESPACE).withName("kubernaut-disruption-ledger").get())
        .as("admission went through the ledger").isNotNull();

    Map<String, Integer> byVerb = drain();

    assertThat(byVerb).as("requests by verb and resource while %d remediations ran", remediations.size())
        .containsKey("update deployments")
        .allSatisfy((key, count) -> assertThat(CACHED_KINDS.stream().noneMatch(kind -> key.equals("list " + kind)))
            .as(key + " (" + count + ")").isTrue());
    // What else #19 took off every remediation's path stays off: the target's ReplicaSets are read by name from its
    // pods' owner references, never listed; a namespace's HPAs and PDBs are listed once for the alerts of a period;
    // an access review granted for the namespace serves every remediation there. (The AlertRemediation's first
    // status write goes onto the informer's version without a GET, but here the gateway's duplicate flush may have
    // written first, and the 409 then reads it: that GET is the design, so it is not counted against.)
    String all = "all requests: " + byVerb;
    assertThat(byVerb).as(all).doesNotContainKey("list replicasets");
    assertThat(byVerb.getOrDefault("create selfsubjectaccessreviews", 0)).as(all).isLessThanOrEqualTo(2);
    // The gateway creates each AlertRemediation with the controller's finalizer, so the controller writes no
    // AlertRemediation but its status.
    assertThat(byVerb).as(all).doesNotContainKey("update alertremediations");
    // No LIST of a remediation's own (#19): enrichment takes the alert's own pod (as the owner resolution at intake
    // read it) instead of listing the workload's pods, and lists no events; Monitoring's health check reads the
    // target alone; a namespace's HPAs and PDBs come from the context informers. The target namespace's labels (the
    // managed scope, checked before every attempt, and the intake's classification) and the nodes enrichment
    // describes come from the safety envelope's informers: no GET.
    assertThat(byVerb.keySet()).as(all).noneMatch(key -> key.startsWith("list "));
    assertThat(byVerb).as(all).doesNotContainKey("get namespaces").doesNotContainKey("get nodes");
    // The target is read by enrichment, once by the validation (the object it read handed to the dry run, which
    // reads nothing), once before the action (handed to it), not by the postcondition check right after (it is handed
    // the API server's answer to the action's write, SPI 1.4), and by the health check only when a check is due:
    // once Monitoring has settled and at the end of this test's 1 s window, not on every status event.
    long distinct = remediations.stream().distinct().count();
    assertThat(byVerb.getOrDefault("get deployments", 0)).as("%d remediations; %s", distinct, all)
        .isLessThanOrEqualTo(5 * (int) distinct);
  }

  /** Takes the recorded requests off the server's queue, counted by verb and resource. */
  private static Map<String, Integer> drain() throws InterruptedException {
    Map<String, Integer> counts = new TreeMap<>();
    RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      String path = r.getPath() == null ? "" : r.getPath();
      String agent = r.getHeader("User-Agent");
      if (agent != null && (agent.startsWith(READER) || agent.startsWith(DemoSimulator.USER_AGENT))) {
        // The test's own reads, and the demo simulator playing the kubelet and the scheduler.
        continue;
      }
      String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      String[] s = p.replaceFirst("^/", "").split("/");
      int start = s.length > 0 && s[0].equals("apis") ? 3 : 2;
      String[] rest = s.length <= start ? new String[] {p} : java.util.Arrays.copyOfRange(s, start, s.length);
      if (rest[0].equals("namespaces") && rest.length >= 3) {
        rest = java.util.Arrays.copyOfRange(rest, 2, rest.length);
      }
      boolean named = rest.length >= 2;
      String verb = switch (r.getMethod()) {
        case "POST" -> "create";
        case "PUT", "PATCH" -> "update";
        case "DELETE" -> "delete";
        default -> path.contains("watch=true") ? "watch" : named ? "get" : "list";
      };
      boolean status = rest.length >= 3 && rest[2].equals("status");
      counts.merge(verb + " " + rest[0] + (status ? "/status" : ""), 1, Integer::sum);
    }
    return counts;
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }
}
