package io.kubernaut.k8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.MeasurementStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code kubectl kubernaut} against the embedded API server, through a kubeconfig as kubectl uses it. */
class KubectlKubernautTest {

  private static final String NS = "kubernaut-system";
  private static EmbeddedApiServer server;
  private static KubernetesClient client;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws IOException {
    java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
    server = new EmbeddedApiServer(Files.createTempDirectory("kubectl-kubernaut"), NS, 0).start();
    client = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void getPrintsTheConsolesColumnsForEachRemediationOfTheContextsNamespace() {
    remediation("ar-get-1", RemediationPhase.Executing, null);

    Run run = kubectl("get");

    assertThat(run.exit()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines[0].split("\\s+")).containsExactly("NAME", "PHASE", "ENVIRONMENT", "PRIORITY", "ALERT", "TARGET", "AGE",
        "OUTCOME", "DUPLICATES");
    assertThat(run.out()).containsPattern("ar-get-1\\s+Executing\\s+production\\s+P1\\s+KubePodCrashLooping\\s+"
        + "Deployment/checkout\\s+\\d+s\\s+2");
  }

  @Test
  void getWithOJsonPrintsAListAndWithANameAndOYamlThatObject() throws Exception {
    remediation("ar-json", RemediationPhase.Analyzing, null);

    JsonNode list = new ObjectMapper().readTree(kubectl("get", "-o", "json").out());
    Run yaml = kubectl("get", "ar-json", "-o", "yaml");

    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items").findValuesAsText("name")).contains("ar-json");
    assertThat(yaml.out()).contains("kind: \"AlertRemediation\"").contains("name: \"ar-json\"").contains("phase: \"Analyzing\"");
  }

  @Test
  void getAcrossAllNamespacesAddsTheNamespaceColumn() {
    remediation("ar-all", RemediationPhase.Processing, null);

    Run run = kubectl("get", "-A");

    assertThat(run.out().split("\n")[0]).startsWith("NAMESPACE");
    assertThat(run.out()).containsPattern(NS + "\\s+ar-all\\s+Processing");
  }

  @Test
  void getOneByNameAcrossAllNamespacesFindsItWhereverItIs() {
    remediation("ar-anywhere", RemediationPhase.Processing, null);

    Run found = kubectl("get", "ar-anywhere", "-A", "-n", "elsewhere");
    Run missing = kubectl("get", "ar-nowhere", "-A");

    assertThat(found.exit()).as(found.err()).isZero();
    assertThat(found.out()).containsPattern(NS + "\\s+ar-anywhere\\s+Processing");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("\"ar-nowhere\" not found in any namespace");
  }

  @Test
  void getWatchPrintsEachChangeUntilItsTimeIsUp() throws Exception {
    remediation("ar-watch", RemediationPhase.Analyzing, null);

    StringWriter printed = new StringWriter();
    CompletableFuture<Run> watching = CompletableFuture.supplyAsync(() -> kubectl(printed, "get", "ar-watch", "-w",
        "--watch-for=8s"));
    // The change follows the first row (the watch starts from the version that row was read at), however slow the
    // machine: a fixed sleep let a loaded run's watch time out before the change was written.
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!printed.toString().contains("ar-watch") && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
    }
    setPhase("ar-watch", RemediationPhase.AwaitingApproval);
    Run run = watching.get(30, TimeUnit.SECONDS);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).containsPattern("ar-watch\\s+Analyzing").containsPattern("ar-watch\\s+AwaitingApproval");
    assertThat(java.util.regex.Pattern.compile("ar-watch\\s+Analyzing").matcher(run.out()).results().count())
        .as("the listed row is not printed again when the watch replays it").isEqualTo(1);
  }

  @Test
  void treeShowsTheRemediationAndItsChildrenWithPhasesAndDurations() {
    remediation("ar-tree", RemediationPhase.Analyzing, null);
    AIAnalysis aia = new AIAnalysis();
    aia.getMetadata().setName("ar-tree-analysis");
    aia.getMetadata().setNamespace(NS);
    aia.getMetadata().setLabels(java.util.Map.of(KubernautLabels.REMEDIATION, "ar-tree"));
    AIAnalysis created = client.resources(AIAnalysis.class).inNamespace(NS).resource(aia).create();
    AIAnalysisStatus status = new AIAnalysisStatus();
    status.setPhase(io.kubernaut.ports.pipeline.AnalysisPhase.Completed);
    status.setStartTime("2026-01-01T00:00:00Z");
    status.setCompletionTime("2026-01-01T00:00:07Z");
    created.setStatus(status);
    client.resources(AIAnalysis.class).inNamespace(NS).resource(created).updateStatus();

    Run run = kubectl("tree", "ar-tree");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("AlertRemediation/ar-tree  Analyzing  running ")
        .contains("└─ AIAnalysis/ar-tree-analysis  Completed  took 7s");
  }

  @Test
  void timelineListsThePhasesFromStatusWithHowLongEachLasted() {
    remediation("ar-timeline", RemediationPhase.Executing, null);

    Run run = kubectl("timeline", "ar-timeline");

    assertThat(run.out()).containsPattern("Pending\\s+2026-01-01T00:00:00Z\\s+2s")
        .containsPattern("Processing\\s+2026-01-01T00:00:02Z\\s+60s")
        .containsPattern("Executing\\s+2026-01-01T00:01:02Z\\s+\\d+\\S*\\+");
  }

  @Test
  void timelineOfARemediationThatIsGoneComesFromTheAuditApiWithTheToken() throws Exception {
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> authorizations = new ArrayList<>();
    api.createContext("/api/v1/remediations/ar-gone/timeline", exchange -> {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = ("{\"phases\":[{\"at\":\"2026-01-01T00:00:00Z\",\"resourceKind\":\"AlertRemediation\","
          + "\"resourceName\":\"ar-gone\",\"from\":null,\"to\":\"Pending\",\"reason\":null}],\"actions\":[],\"decisions\":[]}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
    try {
      Run run = kubectl("timeline", "ar-gone", "--server", "http://127.0.0.1:" + api.getAddress().getPort(),
          "--token", "viewer-token");

      assertThat(run.exit()).isZero();
      assertThat(run.out()).contains("From the audit trail").containsPattern("AlertRemediation/ar-gone\\s+Pending");
      assertThat(authorizations).containsExactly("Bearer viewer-token");
    } finally {
      api.stop(0);
    }
  }

  @Test
  void timelineOfAGoneRemediationWithoutAServerSaysHowToReachTheAuditTrail() {
    Run run = kubectl("timeline", "ar-never");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("not found").contains("--server");
  }

  @Test
  void whyExplainsABlockedRemediationAndWhenItsRuleLifts() {
    AlertRemediation ar = remediation("ar-why", RemediationPhase.Blocked, null);
    AlertRemediationStatus s = ar.getStatus();
    s.setBlockedUntil(Instant.now().plusSeconds(600).toString());
    s.setMessage("Blocked: checkout was remediated 2 minutes ago; the cooldown is 10m.");
    client.resources(AlertRemediation.class).inNamespace(NS).resource(ar).updateStatus();

    Run run = kubectl("why", "ar-why");

    assertThat(run.out()).contains("ar-why is Blocked").contains("lifts at").contains("(in ")
        .contains("Message: Blocked: checkout was remediated 2 minutes ago");
  }

  @Test
  void whySaysWhyAChildCouldNotBeCreatedWhileTheControllerTriesAgain() {
    AlertRemediation ar = remediation("ar-why-quota", RemediationPhase.Processing, null);
    ar.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("CreateFailure")
        .withStatus("True").withReason("FailedCreate").withMessage("AIAnalysis ar-why-quota-analysis could not be"
            + " created (HTTP 403: exceeded quota: kubernaut); the controller tries again, backing off to once every 30 s.")
        .build()));
    client.resources(AlertRemediation.class).inNamespace(NS).resource(ar).updateStatus();

    assertThat(kubectl("why", "ar-why-quota").out()).contains("Condition CreateFailure=True (FailedCreate): AIAnalysis"
        + " ar-why-quota-analysis could not be created (HTTP 403: exceeded quota: kubernaut)");
  }

  @Test
  void whyNamesTheAlertsStillFiringForARemediationReportedByMoreThanOne() {
    AlertRemediation ar = remediation("ar-why-firing", RemediationPhase.AwaitingApproval, null);
    ar.getStatus().setFiringAlerts(List.of("b08cbc980d6b4fcd", "690fdaf9e8b2551b"));
    client.resources(AlertRemediation.class).inNamespace(NS).resource(ar).updateStatus();

    assertThat(kubectl("why", "ar-why-firing").out()).contains("2 alerts report its problem firing (Alertmanager "
        + "fingerprints b08cbc980d6b4fcd, 690fdaf9e8b2551b); it is resolved when the last of them resolves.");
  }

  @Test
  void whySaysHowManyAlertEpisodesWereReportedResolvedAndThatTheirLateFiringsAreIgnored() {
    AlertRemediation ar = remediation("ar-why-resolved", RemediationPhase.Completed, null);
    ar.getStatus().setResolvedAlerts(List.of(new io.kubernaut.k8s.crd.ResolvedAlert("b08cbc980d6b4fcd",
        "2026-11-20T10:15:30Z", "2026-11-20T10:30:00Z"), new io.kubernaut.k8s.crd.ResolvedAlert("690fdaf9e8b2551b",
        "2026-11-20T10:16:00Z", "2026-11-20T10:31:00Z")));
    client.resources(AlertRemediation.class).inNamespace(NS).resource(ar).updateStatus();

    assertThat(kubectl("why", "ar-why-resolved").out()).contains("2 alert episodes were reported resolved on it; a "
        + "firing of one of them that arrives within the late-firing window of its resolution "
        + "(KUBERNAUT_LATE_FIRING_WINDOW_SECONDS, 10 minutes by default: an Alertmanager HA twin or resend) is ignored "
        + "(ResolvedEpisode).");
  }

  @Test
  void whySaysAWaitingRemediationWaitsForAHumanAndHowToDecide() {
    AlertRemediation ar = remediation("ar-why-wait", RemediationPhase.AwaitingApproval, null);
    Instant expires = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ar.getStatus().setApprovalExpiresAt(expires.toString());
    client.resource(ar).updateStatus();

    assertThat(kubectl("why", "ar-why-wait").out()).contains("kubectl kubernaut approve ar-why-wait")
        .contains("The approval expires at " + expires + " (in ");

    ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-why-wait").get();
    ar.getStatus().setApprovalExpiresAt("soon");
    client.resource(ar).updateStatus();
    Run byHand = kubectl("why", "ar-why-wait");
    assertThat(byHand.exit()).as("a value written by hand is explained, not thrown").isZero();
    assertThat(byHand.out()).contains("The approval expires at soon (not a time).");
  }

  @Test
  void whySaysARemediationWhoseRollbackAwaitsADecisionWaitsForItWhatFailedUntilWhenAndHowToDecide() {
    remediation("ar-why-rollback", RemediationPhase.Executing, null);
    Instant expires = Instant.now().plusSeconds(600);
    WorkflowExecutionStatus status = workflow("ar-why-rollback", WorkflowPhase.Monitoring, Instant.now().minusSeconds(60),
        expires);
    status.setMeasurements(List.of(measured("PASSED", 0.0, "All 1 series are == 0.0."),
        measured("FAILED", 4.0, "Value 4.0 of {namespace=shop} is not == 0.0.")));
    updateWorkflowStatus("ar-why-rollback", status);

    Run run = kubectl("why", "ar-why-rollback");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("ar-why-rollback is Executing")
        .contains("It waits for a decision on rolling back its steps: its verification failed on check "
            + "restarts-stopped (last value 4.0): Value 4.0 of {namespace=shop} is not == 0.0.\n")
        .containsPattern("Decide before " + java.util.regex.Pattern.quote(expires.toString()) + " \\(in (9m\\d*s?|10m)\\): ")
        .contains("roll back with `kubectl kubernaut approve ar-why-rollback [--reason \"...\"]`")
        .contains("keep the change with `kubectl kubernaut reject ar-why-rollback --reason \"...\"`")
        .contains("Undecided, the steps stay in effect and it ends NotRemediated.");
  }

  @Test
  void whySaysNothingOfARollbackDecisionOnceItsQuestionExpiredOrWasAnswered() {
    remediation("ar-why-expired", RemediationPhase.Executing, null);
    workflow("ar-why-expired", WorkflowPhase.Monitoring, Instant.now().minusSeconds(900), Instant.now().minusSeconds(5));
    remediation("ar-why-answered", RemediationPhase.Executing, null);
    Instant asked = Instant.now().minusSeconds(60);
    WorkflowExecutionStatus answered = workflow("ar-why-answered", WorkflowPhase.Monitoring, asked,
        Instant.now().plusSeconds(600));
    io.kubernaut.k8s.crd.ApprovalStatus decision = new io.kubernaut.k8s.crd.ApprovalStatus();
    decision.setDecision("approved");
    decision.setDecidedBy("alice");
    decision.setDecidedAt(asked.plusSeconds(30).toString());
    answered.setRollbackApproval(decision);
    updateWorkflowStatus("ar-why-answered", answered);

    assertThat(kubectl("why", "ar-why-expired").out()).doesNotContain("decision on rolling back")
        .doesNotContain("kubectl kubernaut approve");
    assertThat(kubectl("why", "ar-why-answered").out()).doesNotContain("decision on rolling back")
        .doesNotContain("kubectl kubernaut approve");
  }

  @Test
  void approveWritesTheApprovalAnnotationsWithTheKubeconfigUser() {
    remediation("ar-approve", RemediationPhase.AwaitingApproval, null);

    Run run = kubectl("approve", "ar-approve");

    assertThat(run.exit()).isZero();
    var annotations = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-approve").get()
        .getMetadata().getAnnotations();
    assertThat(annotations).containsEntry(KubernautLabels.APPROVAL, "approved")
        .containsEntry(KubernautLabels.APPROVAL_BY, "kubernaut-embedded");
    assertThat(run.out()).contains("approved by kubernaut-embedded");
  }

  @Test
  void rejectNeedsAReasonAndKeepsItOnTheRemediation() {
    remediation("ar-reject", RemediationPhase.AwaitingApproval, null);

    Run withoutReason = kubectl("reject", "ar-reject");
    Run run = kubectl("reject", "ar-reject", "--reason", "the rollback target is itself broken");

    assertThat(withoutReason.exit()).isEqualTo(2);
    assertThat(withoutReason.err()).contains("--reason");
    assertThat(run.exit()).isZero();
    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-reject").get()
        .getMetadata().getAnnotations()).containsEntry(KubernautLabels.APPROVAL, "rejected")
        .containsEntry(KubernautLabels.APPROVAL_REASON, "the rollback target is itself broken");
  }

  @Test
  void approvingARemediationThatDoesNotWaitIsRefusedAndChangesNothing() {
    remediation("ar-not-waiting", RemediationPhase.Executing, null);

    Run run = kubectl("approve", "ar-not-waiting");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("is Executing: it awaits neither approval (AwaitingApproval) nor a decision on "
        + "rolling back; there is nothing to approve");
    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-not-waiting").get()
        .getMetadata().getAnnotations()).doesNotContainKey(KubernautLabels.APPROVAL);
  }

  @Test
  void approveOnARemediationWhoseRollbackAwaitsADecisionWritesTheRollbackAnnotationsNotTheApprovalOnes() {
    remediation("ar-rollback", RemediationPhase.Executing, null);
    workflow("ar-rollback", WorkflowPhase.Monitoring, Instant.now().minusSeconds(60), Instant.now().plusSeconds(600));

    Run run = kubectl("approve", "ar-rollback", "--reason", "the error rate is still up");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("ar-rollback rollback approved by kubernaut-embedded");
    var annotations = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-rollback").get()
        .getMetadata().getAnnotations();
    assertThat(annotations).containsEntry(KubernautLabels.ROLLBACK_APPROVAL, "approved")
        .containsEntry(KubernautLabels.ROLLBACK_APPROVAL_BY, "kubernaut-embedded")
        .containsEntry(KubernautLabels.ROLLBACK_APPROVAL_REASON, "the error rate is still up")
        .doesNotContainKeys(KubernautLabels.APPROVAL, KubernautLabels.ROLLBACK_APPROVAL_VIA);
  }

  @Test
  void aSecondRollbackDecisionBeforeTheOperatorSawTheFirstIsRefusedNamingTheFirst() {
    remediation("ar-rollback-twice", RemediationPhase.Executing, null);
    workflow("ar-rollback-twice", WorkflowPhase.Monitoring, Instant.now().minusSeconds(60),
        Instant.now().plusSeconds(600));
    assertThat(kubectl("approve", "ar-rollback-twice").exit()).isZero();

    Run second = kubectl("reject", "ar-rollback-twice", "--reason", "keep it");

    assertThat(second.exit()).isEqualTo(1);
    assertThat(second.err()).contains("was already decided (approved by kubernaut-embedded)");
    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-rollback-twice").get()
        .getMetadata().getAnnotations()).containsEntry(KubernautLabels.ROLLBACK_APPROVAL, "approved");
  }

  @Test
  void aRollbackDecisionAfterItExpiredIsRefusedAndChangesNothing() {
    remediation("ar-rollback-late", RemediationPhase.Executing, null);
    Instant deadline = Instant.now().minusSeconds(5);
    workflow("ar-rollback-late", WorkflowPhase.Monitoring, deadline.minusSeconds(900), deadline);

    Run run = kubectl("reject", "ar-rollback-late", "--reason", "too late");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("The decision on rolling back AlertRemediation \"ar-rollback-late\" expired at "
        + deadline);
    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-rollback-late").get()
        .getMetadata().getAnnotations()).doesNotContainKey(KubernautLabels.ROLLBACK_APPROVAL);
  }

  @Test
  void anApprovalAfterTheExpiryItsControllerWroteIsRefusedAndChangesNothing() {
    AlertRemediation ar = remediation("ar-approval-late", RemediationPhase.AwaitingApproval, null);
    Instant deadline = Instant.now().minusSeconds(5);
    ar.getStatus().setApprovalExpiresAt(deadline.toString());
    client.resource(ar).updateStatus();

    Run run = kubectl("approve", "ar-approval-late");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("The approval of AlertRemediation \"ar-approval-late\" expired at " + deadline)
        .contains("its workflow does not run");
    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-approval-late").get()
        .getMetadata().getAnnotations()).doesNotContainKey(KubernautLabels.APPROVAL);
  }

  @Test
  void cancelSetsTheCancelAnnotationAndAnEndedRemediationCannotBeCancelled() {
    remediation("ar-cancel", RemediationPhase.Executing, null);
    remediation("ar-ended", RemediationPhase.Completed, "Remediated");

    Run run = kubectl("cancel", "ar-cancel");
    Run ended = kubectl("cancel", "ar-ended");

    assertThat(run.exit()).isZero();
    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-cancel").get()
        .getMetadata().getAnnotations()).containsEntry(KubernautLabels.CANCEL, "true");
    assertThat(ended.exit()).isEqualTo(1);
    assertThat(ended.err()).contains("already ended Completed");
  }

  @Test
  void anUnknownNameExitsWithOneAndASentenceOnStderr() {
    for (String verb : List.of("get", "tree", "why", "approve", "cancel")) {
      Run run = kubectl(verb, "no-such-remediation");

      assertThat(run.exit()).as(verb).isEqualTo(1);
      assertThat(run.err()).as(verb)
          .isEqualTo("Error: AlertRemediation \"no-such-remediation\" not found in namespace \"" + NS + "\".\n");
      assertThat(run.out()).as(verb).isEmpty();
    }
  }

  @Test
  void theNamespaceFlagSelectsAnotherNamespace() {
    Run run = kubectl("get", "-n", "elsewhere");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("No AlertRemediations found in namespace elsewhere.\n");
  }

  // ---- helpers ----

  private static Run kubectl(String... args) {
    return kubectl(new StringWriter(), args);
  }

  /** Runs the plugin, printing into {@code out} as it goes (a test can read it while a watch runs). */
  private static Run kubectl(StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    CommandLine line = KubectlKubernaut.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--kubeconfig");
    all.add(server.kubeconfig().toString());
    int exit = line.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static AlertRemediation remediation(String name, RemediationPhase phase, String outcome) {
    AlertRemediation ar = Resources.remediation(NS, name, new ObjectRef("Deployment", "shop-prod", "checkout"));
    AlertRemediation created = client.resources(AlertRemediation.class).inNamespace(NS).resource(ar).create();
    AlertRemediationStatus status = new AlertRemediationStatus();
    status.setPhase(phase);
    status.setOutcome(outcome);
    status.setEnvironment("production");
    status.setPriority("P1");
    io.kubernaut.k8s.crd.Duplicates duplicates = new io.kubernaut.k8s.crd.Duplicates();
    duplicates.setCount(2L);
    status.setDuplicates(duplicates);
    status.phaseHistory().add(transition("Pending", "2026-01-01T00:00:00Z"));
    status.phaseHistory().add(transition("Processing", "2026-01-01T00:00:02Z"));
    status.phaseHistory().add(transition(phase.name(), "2026-01-01T00:01:02Z"));
    status.setStartTime("2026-01-01T00:00:00Z");
    created.setStatus(status);
    return client.resources(AlertRemediation.class).inNamespace(NS).resource(created).updateStatus();
  }

  /**
   * The remediation's workflow, asked for a decision on rolling back at {@code askedAt}, expiring at
   * {@code expiresAt}; returns the status written, for a test to add to.
   */
  private static WorkflowExecutionStatus workflow(String remediation, WorkflowPhase phase, Instant askedAt,
      Instant expiresAt) {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(remediation + "-workflow")
        .withNamespace(NS).addToLabels(io.kubernaut.k8s.crd.KubernautLabels.REMEDIATION, remediation).build());
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new io.kubernaut.k8s.crd.RemediationRef(remediation));
    spec.setTarget(new ObjectRef("Deployment", "shop-prod", "checkout"));
    spec.setSteps(List.of());
    wfe.setSpec(spec);
    WorkflowExecution created = client.resources(WorkflowExecution.class).inNamespace(NS).resource(wfe).create();
    WorkflowExecutionStatus status = new WorkflowExecutionStatus();
    status.setPhase(phase);
    status.setRollbackApprovalRequestedAt(askedAt.toString());
    status.setRollbackApprovalExpiresAt(expiresAt.toString());
    created.setStatus(status);
    client.resources(WorkflowExecution.class).inNamespace(NS).resource(created).updateStatus();
    return status;
  }

  private static void updateWorkflowStatus(String remediation, WorkflowExecutionStatus status) {
    WorkflowExecution wfe = client.resources(WorkflowExecution.class).inNamespace(NS).withName(remediation + "-workflow")
        .get();
    wfe.setStatus(status);
    client.resources(WorkflowExecution.class).inNamespace(NS).resource(wfe).updateStatus();
  }

  private static MeasurementStatus measured(String result, double value, String detail) {
    MeasurementStatus m = new MeasurementStatus();
    m.setCheck("restarts-stopped");
    m.setAt(Instant.now().minusSeconds(90).toString());
    m.setResult(result);
    m.setValue(value);
    m.setDetail(detail);
    return m;
  }

  private static void setPhase(String name, RemediationPhase phase) {
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
    ar.getStatus().setPhase(phase);
    client.resources(AlertRemediation.class).inNamespace(NS).resource(ar).updateStatus();
  }

  private static PhaseTransition transition(String phase, String at) {
    PhaseTransition t = new PhaseTransition();
    t.setPhase(phase);
    t.setEnteredAt(at);
    return t;
  }
}
