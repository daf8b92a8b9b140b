package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubernaut.http.verification.harness.FaultInjectingProxy;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.MeasurementStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17's end-to-end cases against the real binaries ({@link MonitoringStack}): a real
 * Prometheus evaluates {@code DemoErrorsHigh} ({@code demo_errors > 0}) every second on a gauge the
 * test controls and sends it to a real Alertmanager, which delivers it to the operator. An
 * OpenAI-compatible stub answers with {@code fix_gauge} ({@link GaugeAction}, a test plugin) on
 * the Deployment of the alert's pod (one per case), and {@code verification.yaml} checks the gauge of the
 * alert's pod every second. The action either fixes the gauge, leaves it bad, or stops Prometheus.
 * The cases share one stack and run in order; the last one stops Prometheus.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerificationEndToEndTest {

  private static final String NS = "gauge-staging";
  private static final String ALERT = "DemoErrorsHigh";
  private static final String CHECK = "errors-gone";
  private static final String PLUGIN = "gauge";
  private static final String JAR = "gauge-action.jar";
  private static final String HASH = "5d6f7a8b9";
  /** One Deployment per case, so that no case's remediation (or cooldown) holds another's. */
  private static final List<String> CASES = List.of("fixed-app", "stuck-app", "vetoed-app", "erring-app", "garbled-app",
      "sluggish-app", "deaf-app", "lonely-app", "laggy-app", "grumpy-app", "muddled-app", "blind-app");
  /**
   * The operator's timeout for one call to Prometheus or Alertmanager, and the delay of a slow one
   * (longer); its breaker pauses only briefly, so a component that comes back is called again soon.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SLOW = Duration.ofSeconds(3);
  /**
   * The monitoring window while Alertmanager's link is faulty: room for at least two passing
   * checks even when each waits out the 2 s timeout on a slow machine (5 s left room for one).
   */
  private static final Duration FAULT_WINDOW = Duration.ofSeconds(8);
  private static final String SAFETY = "limits:\n  monitoringWindow: %s\n";
  /** The stub investigator's answer: fix_gauge on the Deployment the request names. */
  private static final String ANALYSIS = """
      {"rootCause": "%1$s reports errors.", "confidence": 0.95, "evidence": ["demo_errors above 0"],
       "recommendations": [
         {"id": "1", "action": "fix_gauge", "target": {"kind": "Deployment", "namespace": "gauge-staging",
          "name": "%1$s"}, "parameters": {}, "confidence": 0.95, "risk": "LOW", "rationale": "Fix the gauge."}]}""";
  private static final String RULES = """
      groups:
        - name: demo
          interval: 1s
          rules:
            - alert: DemoErrorsHigh
              expr: demo_errors > 0
              labels:
                severity: warning
      """;
  private static final String VERIFICATION = """
      alerts:
        DemoErrorsHigh:
          - name: errors-gone
            query: max(demo_errors{namespace="${namespace}",pod="${pod}"})
            successCondition: "== 0"
            interval: 1s
            count: 2
            failureLimit: 2
            inconclusiveLimit: 1
      """;

  @TempDir
  static Path dataDir;

  private static MonitoringStack stack;
  private static EmbeddedApp app;
  private static LlmStub llm;
  private static HttpServer notifications;
  /** The operator reaches Prometheus through it, so a case can make Prometheus answer errors or odd JSON. */
  private static MonitoringProxy prometheusProxy;
  /** Between that proxy and the real Prometheus: a network fault injector that can make it slow. */
  private static FaultInjectingProxy prometheusLink;
  /** Between the operator and the real Alertmanager: a network fault injector that can cut it off or slow it. */
  private static FaultInjectingProxy alertmanagerLink;
  /** In front of that link: makes Alertmanager's API answer errors or odd JSON to the operator. */
  private static MonitoringProxy alertmanagerProxy;
  private static final List<String> NOTIFIED = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path pluginsDir = dataDir.resolve("test-plugins");
    String sha256 = TestPluginJar.write(Files.createDirectories(pluginsDir.resolve(PLUGIN)).resolve(JAR),
        GaugeAction.class);
    llm = new LlmStub(request -> ANALYSIS.formatted(CASES.stream().filter(request::contains).findFirst()
        .orElse("no-such-app")));
    notifications = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    notifications.createContext("/hook", ex -> {
      NOTIFIED.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    notifications.start();
    Path notifyConfig = Files.writeString(dataDir.resolve("notify.yaml"), """
        route:
          receiver: everyone
        receivers:
          - name: everyone
            webhookConfigs:
              - url: http://127.0.0.1:%d/hook
        """.formatted(notifications.getAddress().getPort()));
    Map<String, String> settings = new HashMap<>(llm.settings());
    settings.put("KUBERNAUT_PLUGINS_DIR", pluginsDir.toString());
    settings.put("KUBERNAUT_ENABLED_PLUGINS", PLUGIN);
    settings.put("KUBERNAUT_PLUGIN_SHA256", PLUGIN + "/" + JAR + "=" + sha256);
    settings.put("KUBERNAUT_NOTIFY_CONFIG", notifyConfig.toString());
    prometheusProxy = new MonitoringProxy();
    prometheusLink = FaultInjectingProxy.start();
    alertmanagerLink = FaultInjectingProxy.start();
    alertmanagerProxy = new MonitoringProxy();
    settings.put("KUBERNAUT_PROMETHEUS_URL", prometheusProxy.url().toString());
    settings.put("KUBERNAUT_ALERTMANAGER_URL", alertmanagerProxy.url().toString());
    settings.put("KUBERNAUT_MONITORING_TIMEOUT_SECONDS", String.valueOf(TIMEOUT.toSeconds()));
    settings.put("KUBERNAUT_MONITORING_BREAKER_SECONDS", "2");
    // The cases fire DemoErrorsHigh on nine workloads within minutes: each is its own remediation, no storm.
    settings.put("KUBERNAUT_TOPOLOGY_STORM", "off");
    stack = MonitoringStack.start(dataDir, RULES, settings);
    prometheusLink.forwardTo(stack.prometheus.url());
    prometheusProxy.forwardTo(prometheusLink.url());
    alertmanagerLink.forwardTo(stack.alertmanager.url());
    alertmanagerProxy.forwardTo(alertmanagerLink.url());
    app = stack.app;
    app.kube.resource(new NamespaceBuilder().withNewMetadata().withName(NS)
        .addToLabels("kubernaut.io/environment", "staging").addToLabels("kubernaut.io/managed", "true")
        .endMetadata().build()).create();
    seedWorkloads();
    EmbeddedApp.awaitApplied(app.kube, app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).resource(
        new ConfigMapBuilder().withNewMetadata()
        .withName("kubernaut-config").withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("safety.yaml", SAFETY.formatted("20s"))
        .addToData("verification.yaml", VERIFICATION)
        // Verified outcomes feed the confidence: after the stuck case's failed verification, fix_gauge's
        // confidence falls (to about 0.68) below the default gate of 0.7, and after the inconclusive cases further;
        // the later cases would end for review.
        .addToData("gates.yaml", "minConfidence: 0.1\n").build()).create());
    await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/readyz").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (llm != null) {
      llm.close();
    }
    if (notifications != null) {
      notifications.stop(0);
    }
    for (MonitoringProxy proxy : new MonitoringProxy[] {prometheusProxy, alertmanagerProxy}) {
      if (proxy != null) {
        proxy.close();
      }
    }
    for (FaultInjectingProxy link : new FaultInjectingProxy[] {prometheusLink, alertmanagerLink}) {
      if (link != null) {
        link.close();
      }
    }
  }

  /** One Deployment per case, its ReplicaSet and one running pod, so the pod's owner chain reaches it. */
  private static void seedWorkloads() {
    for (String name : CASES) {
      Deployment deployment = app.kube.resource(new DeploymentBuilder().withNewMetadata().withName(name)
          .withNamespace(NS).addToLabels("app", name).endMetadata()
          .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
          .withNewSpec().addNewContainer().withName("app").withImage("registry.example/" + name + ":1.0").endContainer()
          .endSpec().endTemplate().endSpec().build()).create();
      ReplicaSet rs = app.kube.resource(new ReplicaSetBuilder().withNewMetadata().withName(name + "-" + HASH)
          .withNamespace(NS).addToLabels("app", name).addToLabels("pod-template-hash", HASH)
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
              .withName(name).withUid(deployment.getMetadata().getUid()).withController(true).build())
          .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name)
          .endSelector().withTemplate(deployment.getSpec().getTemplate()).endSpec().build()).create();
      Pod pod = new PodBuilder().withNewMetadata().withName(pod(name)).withNamespace(NS)
          .addToLabels("app", name).addToLabels("pod-template-hash", HASH)
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
              .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true).build())
          .endMetadata().withNewSpec().withNodeName("worker-1")
          .addToContainers(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)).endSpec()
          .withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withReady(true)
          .withRestartCount(0).withNewState().withNewRunning().withStartedAt("2026-11-20T10:00:00Z").endRunning()
          .endState().endContainerStatus().endStatus().build();
      app.kube.resource(pod).create();
      app.kube.resource(pod).updateStatus();
    }
  }

  private static String pod(String deployment) {
    return deployment + "-" + HASH + "-x7k2p";
  }

  /** The notifications of {@code type} the webhook received about remediation {@code name}. */
  private static List<JsonNode> notificationsOf(String name, String type) {
    return NOTIFIED.stream().map(body -> {
      try {
        return EmbeddedApp.JSON.readTree(body);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).filter(n -> n.path("type").asText().equals(type) && (n.path("title").asText() + " " + n.path("text").asText())
        .matches("(?s).*\\b" + java.util.regex.Pattern.quote(name) + "\\b(?!-).*")).toList();
  }

  private static String series(String pod) {
    return "demo_errors{namespace=\"" + NS + "\",pod=\"" + pod + "\"}";
  }

  private static Optional<AlertRemediation> remediationOf(String pod) {
    return app.kube.resources(AlertRemediation.class).inNamespace(EmbeddedApp.NAMESPACE).list().getItems().stream()
        .filter(ar -> ALERT.equals(ar.getSpec().getAlertName()) && pod.equals(ar.getSpec().getLabels().get("pod")))
        .findFirst();
  }

  private static AlertRemediation finished(String pod) {
    return await().atMost(Duration.ofSeconds(90)).until(() -> remediationOf(pod).orElse(null),
        ar -> ar != null && ar.getStatus() != null && ar.getStatus().getPhase() != null
            && ar.getStatus().getPhase().isTerminal());
  }

  private static WorkflowExecution workflow(String remediation) {
    return app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(remediation + "-workflow").get();
  }

  /** Alertmanager's silences whose matchers name {@code pod}. */
  private static List<JsonNode> silencesOf(String pod) throws Exception {
    JsonNode all = EmbeddedApp.JSON.readTree(stack.alertmanager.get("/api/v2/silences"));
    return StreamSupport.stream(all.spliterator(), false).filter(s -> StreamSupport.stream(
        s.path("matchers").spliterator(), false).anyMatch(m -> m.path("name").asText().equals("pod")
            && m.path("value").asText().equals(pod))).toList();
  }

  /** Whether Alertmanager lists the pod's alert as active (neither resolved, silenced nor inhibited). */
  private static boolean activeInAlertmanager(String pod) throws Exception {
    JsonNode alerts = EmbeddedApp.JSON.readTree(stack.alertmanager.get("/api/v2/alerts?active=true&silenced=false"
        + "&inhibited=false&filter=" + java.net.URLEncoder.encode("alertname=\"" + ALERT + "\"", StandardCharsets.UTF_8)));
    return StreamSupport.stream(alerts.spliterator(), false)
        .anyMatch(a -> pod.equals(a.path("labels").path("pod").asText()));
  }

  /** An action hook that waits (up to 10 s) until the pod's silence is active and keeps it, then does {@code then}. */
  private static java.util.function.Consumer<String> seeSilenceThen(String pod, AtomicReference<JsonNode> seen,
      Runnable then) {
    return target -> {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (seen.get() == null && System.nanoTime() < deadline) {
        try {
          silencesOf(pod).stream().filter(s -> s.path("status").path("state").asText().equals("active"))
              .findFirst().ifPresent(seen::set);
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      then.run();
    };
  }

  private static void assertExactSilence(JsonNode silence, String pod, String remediation) {
    assertThat(silence).as("an active silence while the action ran").isNotNull();
    assertThat(silence.path("createdBy").asText()).isEqualTo("kubernaut");
    assertThat(silence.path("comment").asText()).contains(remediation).contains("kubectl describe");
    Map<String, String> matchers = new HashMap<>();
    silence.path("matchers").forEach(m -> {
      assertThat(m.path("isRegex").asBoolean()).as("matcher %s", m).isFalse();
      assertThat(m.path("isEqual").asBoolean(true)).as("matcher %s", m).isTrue();
      matchers.put(m.path("name").asText(), m.path("value").asText());
    });
    assertThat(matchers).isEqualTo(Map.of("alertname", ALERT, "namespace", NS, "pod", pod));
  }

  private static void assertNoSilenceLeftActive(String pod) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(silencesOf(pod))
        .isNotEmpty().allSatisfy(s -> assertThat(s.path("status").path("state").asText()).isEqualTo("expired")));
  }

  @Test
  @Order(1)
  void whenTheActionFixesTheGaugeVerificationPassesTheAlertResolvesAndTheSilenceIsExpired() throws Exception {
    String pod = pod("fixed-app");
    AtomicReference<JsonNode> silence = new AtomicReference<>();
    GaugeHook.onExecute(seeSilenceThen(pod, silence, () -> stack.exporter.set(series(pod), 0)));
    long firing = System.nanoTime();
    stack.exporter.set(series(pod), 3);

    AlertRemediation ar = finished(pod);
    long tookMillis = (System.nanoTime() - firing) / 1_000_000;

    String name = ar.getMetadata().getName();
    assertThat(ar.getStatus().getOutcome()).as("%s after %d ms: %s", ar.getStatus().getPhase(), tookMillis,
        ar.getStatus().getMessage()).isEqualTo("Remediated");
    assertThat(GaugeHook.executed()).contains("Deployment/" + NS + "/fixed-app");
    WorkflowExecution wfe = workflow(name);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("Remediated");
    assertThat(wfe.getStatus().getMeasurements()).filteredOn(m -> m.getCheck().equals(CHECK))
        .filteredOn(m -> m.getResult().equals("PASSED")).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(m -> assertThat(m.getValue()).isEqualTo(0.0));
    assertThat(activeInAlertmanager(pod)).as("the alert is no longer active in Alertmanager").isFalse();
    assertExactSilence(silence.get(), pod, name);
    assertNoSilenceLeftActive(pod);
    assertThat(GaugeHook.rolledBack()).as("nothing rolled back").isEmpty();
  }

  @Test
  @Order(2)
  void whenTheGaugeStaysBadVerificationFailsTheStepIsRolledBackTheSilenceExpiredAndTheEscalationSent()
      throws Exception {
    String pod = pod("stuck-app");
    AtomicReference<JsonNode> silence = new AtomicReference<>();
    GaugeHook.onExecute(seeSilenceThen(pod, silence, () -> { }));
    long firing = System.nanoTime();
    stack.exporter.set(series(pod), 7);

    AlertRemediation ar = finished(pod);
    long tookMillis = (System.nanoTime() - firing) / 1_000_000;

    String name = ar.getMetadata().getName();
    assertThat(ar.getStatus().getOutcome()).as("%s after %d ms: %s", ar.getStatus().getPhase(), tookMillis,
        ar.getStatus().getMessage()).isEqualTo("RolledBack");
    WorkflowExecution wfe = workflow(name);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("RolledBack");
    assertThat(wfe.getStatus().getPhase().name()).isEqualTo("RolledBack");
    List<MeasurementStatus> failed = wfe.getStatus().getMeasurements().stream()
        .filter(m -> m.getCheck().equals(CHECK) && m.getResult().equals("FAILED")).toList();
    assertThat(failed).as("more failures than failureLimit 2").hasSizeGreaterThan(2)
        .allSatisfy(m -> assertThat(m.getValue()).isEqualTo(7.0));
    assertThat(GaugeHook.rolledBack()).as("the step's rollback ran with its rollback data")
        .containsExactly("Deployment/" + NS + "/stuck-app undo-fix-gauge");
    assertThat(app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withLabel("kubernaut.io/remediation", name).list().getItems()).as("the step and its rollback execution")
        .hasSizeGreaterThanOrEqualTo(2);
    assertExactSilence(silence.get(), pod, name);
    assertNoSilenceLeftActive(pod);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notificationsOf(name, "FAILED"))
        .as("the escalation names the failed check and its last value").anySatisfy(n -> {
          assertThat(n.path("title").asText()).isEqualTo("Verification failed: " + name);
          assertThat(n.path("text").asText()).contains(CHECK).contains("7.0");
        }));
    stack.exporter.remove(series(pod));
  }

  @Test
  @Order(3)
  void whenTheRollbackAwaitsADecisionTheBoardNamesTheFailedCheckAndApprovingThroughTheApiRollsBack()
      throws Exception {
    String pod = pod("vetoed-app");
    setSafety(SAFETY.formatted("20s") + "byEnvironment:\n  staging:\n    rollbackOnFailedVerification: approval\n");
    try {
      GaugeHook.onExecute(target -> { });
      stack.exporter.set(series(pod), 6);
      String name = await().atMost(Duration.ofSeconds(60)).until(() -> remediationOf(pod), Optional::isPresent)
          .orElseThrow().getMetadata().getName();

      JsonNode row = await().atMost(Duration.ofSeconds(90)).until(() -> EmbeddedApp.JSON.readTree(
          app.get("/api/v1/remediations/" + name).body()).path("row"), r -> !r.path("rollback").isMissingNode()
          && !r.path("rollback").isNull());
      assertThat(row.path("rollback").path("check").asText()).isEqualTo(CHECK);
      assertThat(row.path("rollback").path("lastValue").asDouble()).isEqualTo(6.0);
      assertThat(row.path("rollback").path("expiresAt").asText()).isNotEmpty();
      assertThat(EmbeddedApp.JSON.readTree(app.get("/api/v1/blocks").body()).path("blocks").toString())
          .contains("\"waitsFor\":\"rollback\"").contains("check " + CHECK + " (last value 6.0)");
      assertThat(GaugeHook.rolledBack()).as("nothing is rolled back before the decision")
          .doesNotContain("Deployment/" + NS + "/vetoed-app undo-fix-gauge");

      HttpResponse<String> approved = app.post("/api/v1/remediations/" + name + "/approve",
          "{\"reason\": \"errors are still up\"}");

      assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
      assertThat(EmbeddedApp.JSON.readTree(approved.body()).path("subject").asText()).isEqualTo("rollback");
      AlertRemediation ar = finished(pod);
      assertThat(ar.getStatus().getOutcome()).as(ar.getStatus().getMessage()).isEqualTo("RolledBack");
      assertThat(GaugeHook.rolledBack()).contains("Deployment/" + NS + "/vetoed-app undo-fix-gauge");
      assertThat(ar.getMetadata().getAnnotations()).containsEntry(KubernautLabels.ROLLBACK_APPROVAL, "approved")
          .containsEntry(KubernautLabels.ROLLBACK_APPROVAL_BY, "admin-token")
          .containsEntry(KubernautLabels.ROLLBACK_APPROVAL_VIA, "api");
      WorkflowExecution wfe = workflow(name);
      assertThat(wfe.getStatus().getRollbackApproval().getReason()).isEqualTo("errors are still up");
      JsonNode audited = await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> {
        for (JsonNode e : EmbeddedApp.JSON.readTree(app.get("/api/v1/audit/events?remediation=" + name
            + "&type=APPROVAL").body()).path("events")) {
          if (e.path("idempotencyKey").asText().endsWith("/rollback-approval")) {
            return e.path("payload");
          }
        }
        return null;
      }, java.util.Objects::nonNull);
      assertThat(audited.path("decision").asText()).isEqualTo("Approved");
      assertThat(audited.path("decider").asText()).isEqualTo("admin-token");
      assertThat(audited.path("via").asText()).isEqualTo("api");
      assertThat(audited.path("reason").asText()).isEqualTo("errors are still up");

      HttpResponse<String> again = app.post("/api/v1/remediations/" + name + "/reject", "{}");
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
          assertThat(v).startsWith("application/problem+json"));
      assertThat(EmbeddedApp.JSON.readTree(again.body()).path("detail").asText())
          .contains("was already decided (approved by admin-token)");
      stack.exporter.remove(series(pod));
    } finally {
      setSafety(SAFETY.formatted("20s"));
    }
  }

  /** Replaces safety.yaml and waits until the operator has applied it. */
  private static void setSafety(String yaml) {
    EmbeddedApp.awaitApplied(app.kube, app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE)
        .withName("kubernaut-config").edit(cm -> {
          cm.getData().put("safety.yaml", yaml);
          return cm;
        }));
  }

  /** Prometheus answers an error, or JSON without a result list: the deployment, the answer, Prometheus' words. */
  @ParameterizedTest(name = "{0}: {1} {3}")
  @CsvSource(delimiter = '|', textBlock = """
      erring-app  | 500 | application/json | {"status":"error","errorType":"internal","error":"query engine exploded"} | query engine exploded
      garbled-app | 200 | application/json | {"status":"success","data":{"resultType":"vector","result":{"not":"a list"}}} | a vector without a result list
      """)
  @Order(4)
  void whenPrometheusAnswersErrorsOrOddJsonTheRemediationEndsInconclusiveWithTheReasonAndNoSilenceStaysActive(
      String deployment, int status, String contentType, String body, String reason) throws Exception {
    inconclusive(deployment, () -> prometheusProxy.fail(new MonitoringProxy.Fault(status, contentType, body)), reason);
    prometheusProxy.heal();
  }

  @Test
  @Order(5)
  void whenPrometheusAnswersAfterTheTimeoutTheRemediationEndsInconclusiveWithTheReasonAndNoSilenceStaysActive()
      throws Exception {
    inconclusive("sluggish-app", () -> prometheusLink.delay(SLOW),
        "did not answer within " + TIMEOUT.toSeconds() + " s");
    prometheusLink.heal();
  }

  @Test
  @Order(6)
  void whenAlertmanagerIsCutOffAfterTheSilenceTheRemediationEndsInconclusiveAndTheSilenceIsExpiredOnceItIsBack()
      throws Exception {
    String pod = pod("deaf-app");
    AtomicReference<JsonNode> silence = new AtomicReference<>();
    GaugeHook.onExecute(seeSilenceThen(pod, silence, () -> {
      alertmanagerLink.cut();
      stack.exporter.set(series(pod), 0);
    }));
    alertmanagerFault("deaf-app", "could not be reached", silence, true);
  }

  @Test
  @Order(7)
  void whenAlertmanagerIsNeverReachableNoSilenceIsMadeTheRemediationEndsInconclusiveAndNothingIsLeftBehind()
      throws Exception {
    String pod = pod("lonely-app");
    // The operator never reaches Alertmanager's API; once the alert has been delivered, nor does Alertmanager
    // reach the operator (its deliveries are refused, so the resolution cannot arrive by webhook either).
    alertmanagerLink.cut();
    GaugeHook.onExecute(target -> {
      stack.relay.refuseNext(Integer.MAX_VALUE);
      stack.exporter.set(series(pod), 0);
    });
    try {
      alertmanagerFault("lonely-app", "could not be reached", new AtomicReference<>(), false);
    } finally {
      stack.relay.refuseNext(0);
    }
  }

  @Test
  @Order(8)
  void whenAlertmanagerAnswersAfterTheTimeoutTheRemediationEndsInconclusiveAndTheSilenceIsExpiredOnceItIsQuick()
      throws Exception {
    String pod = pod("laggy-app");
    AtomicReference<JsonNode> silence = new AtomicReference<>();
    GaugeHook.onExecute(seeSilenceThen(pod, silence, () -> {
      alertmanagerLink.delay(SLOW);
      stack.exporter.set(series(pod), 0);
    }));
    alertmanagerFault("laggy-app", "did not answer within " + TIMEOUT.toSeconds() + " s", silence, true);
  }

  /** Alertmanager answers an error, or JSON that is no list of silences: the deployment, the answer, its words. */
  @ParameterizedTest(name = "{0}: {1} {3}")
  @CsvSource(delimiter = '|', textBlock = """
      grumpy-app  | 500 | text/plain       | cluster peer gossip exploded | cluster peer gossip exploded
      muddled-app | 200 | application/json | {"silences": "maybe"}        | not a list of silences
      """)
  @Order(9)
  void whenAlertmanagerAnswersErrorsOrOddJsonAfterTheSilenceItEndsInconclusiveAndTheSilenceIsExpiredOnceItHeals(
      String deployment, int status, String contentType, String body, String reason) throws Exception {
    String pod = pod(deployment);
    AtomicReference<JsonNode> silence = new AtomicReference<>();
    GaugeHook.onExecute(seeSilenceThen(pod, silence, () -> {
      alertmanagerProxy.fail(new MonitoringProxy.Fault(status, contentType, body));
      stack.exporter.set(series(pod), 0);
    }));
    alertmanagerFault(deployment, reason, silence, true);
  }

  /**
   * The action on {@code deployment} fixes its gauge while the operator's link to Alertmanager is
   * faulty (set up by the caller: cut off before, or cut or slowed once the silence was seen): every
   * check passes but the alert's state cannot be read, so the remediation ends Inconclusive with
   * Alertmanager's reason when the (shortened) window runs out, asking for a manual review; the
   * workflow tells the silence's state (a Warning Event, the AlertSilenced condition); the silence
   * in the real Alertmanager is bounded by its own end, and once the link heals it is expired within
   * the retry interval plus the breaker's pause, the condition turning SilenceExpired.
   */
  private static void alertmanagerFault(String deployment, String reason, AtomicReference<JsonNode> silence,
      boolean silenced) throws Exception {
    String pod = pod(deployment);
    window(FAULT_WINDOW.toSeconds() + "s");
    try {
      stack.exporter.set(series(pod), 5);
      AlertRemediation ar = finished(pod);
      String name = ar.getMetadata().getName();
      assertThat(ar.getStatus().getOutcome()).as("%s: %s", ar.getStatus().getPhase(), ar.getStatus().getMessage())
          .isEqualTo("Inconclusive");
      WorkflowExecution wfe = workflow(name);
      assertThat(wfe.getStatus().getMeasurements()).filteredOn(m -> m.getCheck().equals(CHECK))
          .filteredOn(m -> m.getResult().equals("PASSED")).as("the checks passed").hasSizeGreaterThanOrEqualTo(2);
      assertThat(wfe.getStatus().getMessage()).as("the reason")
          .contains("the alert's state is not known (Alertmanager");
      String warned = silenced ? "SilenceNotExpired" : "SilenceNotCreated";
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(eventsOn(name + "-workflow", warned))
          .as("a Warning Event tells the silence's trouble").anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            // Alertmanager's own words, or its breaker's once it has failed 5 times in a row.
            assertThat(e.getMessage()).containsAnyOf(reason, "circuit breaker open");
          }));
      assertThat(silenceCondition(workflow(name)).getReason()).isEqualTo("SilenceNotExpired");
      if (silenced) {
        assertExactSilence(silence.get(), pod, name);
        JsonNode held = silencesOf(pod).stream().filter(s -> s.path("id").asText().equals(silence.get().path("id")
            .asText())).findFirst().orElseThrow();
        assertThat(held.path("status").path("state").asText()).as("Alertmanager was not reachable to expire it")
            .isEqualTo("active");
        assertThat(java.time.Instant.parse(held.path("endsAt").asText())).as("bounded by its own end: the step's "
            + "timeout, the window and the margin").isBefore(java.time.Instant.parse(held.path("startsAt").asText())
            .plus(Duration.ofMinutes(10)).plus(FAULT_WINDOW).plus(Duration.ofMinutes(5)).plusSeconds(5));
      } else {
        assertThat(silencesOf(pod)).as("no silence was made").isEmpty();
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notificationsOf(name, "MANUAL_REVIEW"))
          .as("a manual review is asked for").isNotEmpty());
      assertThat(notificationsOf(name, "FAILED")).as("an unknown alert state is no failed verification").isEmpty();
      assertThat(app.get("/readyz").statusCode()).as("the operator still serves").isEqualTo(200);

      healAlertmanager();
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        assertThat(silencesOf(pod)).allSatisfy(s -> assertThat(s.path("status").path("state").asText())
            .isEqualTo("expired"));
        assertThat(silenceCondition(workflow(name))).satisfies(c -> {
          assertThat(c.getReason()).isEqualTo("SilenceExpired");
          assertThat(c.getStatus()).isEqualTo("False");
        });
      });
      if (silenced) {
        assertThat(silencesOf(pod)).as("the one silence, expired, none made after").hasSize(1);
      }
    } finally {
      healAlertmanager();
      window("20s");
      stack.exporter.remove(series(pod));
    }
  }

  private static void healAlertmanager() {
    alertmanagerLink.heal();
    alertmanagerProxy.heal();
  }

  /** Sets the monitoring window in {@code safety.yaml} and waits until the operator has applied it. */
  private static void window(String window) {
    EmbeddedApp.awaitApplied(app.kube, app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE)
        .withName("kubernaut-config")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("safety.yaml", SAFETY.formatted(window)).build()));
  }

  private static List<io.fabric8.kubernetes.api.model.Event> eventsOn(String object, String reason) {
    return app.kube.v1().events().inNamespace(EmbeddedApp.NAMESPACE).list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }

  private static io.fabric8.kubernetes.api.model.Condition silenceCondition(WorkflowExecution wfe) {
    return wfe.getStatus().getConditions().stream().filter(c -> c.getType().equals("AlertSilenced")).findFirst()
        .orElseThrow(() -> new AssertionError("no AlertSilenced condition: " + wfe.getStatus().getConditions()));
  }

  @Test
  @Order(10)
  void whenPrometheusStopsWhileTheActionRunsTheRemediationEndsInconclusiveWithTheReasonAndNoSilenceStaysActive()
      throws Exception {
    inconclusive("blind-app", () -> stack.prometheus.close(), "could not be reached");
  }

  /**
   * The action on {@code deployment} breaks the operator's view of Prometheus ({@code fault}); the
   * remediation ends Inconclusive, each measurement saying why ({@code reason}), a manual review is
   * asked for and no failed verification escalated, the silence made while acting is expired.
   */
  private static void inconclusive(String deployment, Runnable fault, String reason) throws Exception {
    String pod = pod(deployment);
    AtomicReference<JsonNode> silence = new AtomicReference<>();
    GaugeHook.onExecute(seeSilenceThen(pod, silence, fault));
    long firing = System.nanoTime();
    stack.exporter.set(series(pod), 5);

    AlertRemediation ar = finished(pod);
    long tookMillis = (System.nanoTime() - firing) / 1_000_000;

    String name = ar.getMetadata().getName();
    assertThat(ar.getStatus().getOutcome()).as("%s after %d ms: %s", ar.getStatus().getPhase(), tookMillis,
        ar.getStatus().getMessage()).isEqualTo("Inconclusive");
    WorkflowExecution wfe = workflow(name);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("Inconclusive");
    assertThat(wfe.getStatus().getMeasurements()).filteredOn(m -> m.getCheck().equals(CHECK))
        .filteredOn(m -> m.getResult().equals("MISSING")).as("more than inconclusiveLimit 1").hasSizeGreaterThan(1)
        .allSatisfy(m -> assertThat(m.getDetail()).as("the reason").contains(reason));
    assertThat(wfe.getStatus().getConditions()).as("the reason on the workflow")
        .anySatisfy(c -> assertThat(c.getMessage()).contains(CHECK).contains(reason));
    assertExactSilence(silence.get(), pod, name);
    assertNoSilenceLeftActive(pod);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notificationsOf(name, "MANUAL_REVIEW"))
        .as("a manual review is asked for").isNotEmpty());
    assertThat(notificationsOf(name, "FAILED")).as("missing data is no failed verification").isEmpty();
    assertThat(app.get("/readyz").statusCode()).as("the operator still serves").isEqualTo(200);
    stack.exporter.remove(series(pod));
  }
}
