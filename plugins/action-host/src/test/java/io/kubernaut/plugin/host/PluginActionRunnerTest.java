package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernaut.plugin.host.fixtures.FixtureAction;
import io.kubernaut.plugin.host.fixtures.HangingAction;
import io.kubernaut.plugin.host.fixtures.RollbackFixture;
import io.kubernaut.plugin.host.fixtures.StubbornAction;
import io.kubernaut.plugin.host.fixtures.ThrowingAction;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RetryableActionException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class PluginActionRunnerTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path plugins;

  private PluginActionRunner runner;
  private LoadedActions actions;

  @BeforeEach
  void loadPlugins() throws Exception {
    PluginJars.examplePlugin(plugins);
    PluginJars.jar(plugins, "throwing", new Class<?>[] {FixtureAction.class, ThrowingAction.class}, ThrowingAction.class);
    PluginJars.jar(plugins, "hanging", new Class<?>[] {FixtureAction.class, HangingAction.class}, HangingAction.class);
    actions = new PluginLoader(getClass().getClassLoader()).load(plugins);
    runner = new PluginActionRunner(actions, client, new PluginSettings(plugins, Duration.ofMillis(500), 2));
    client.resource(new DeploymentBuilder().withNewMetadata().withName("payments-api").withNamespace("payments-staging")
        .endMetadata().withNewSpec().withReplicas(3).withNewTemplate().withNewSpec().addNewContainer().withName("app")
        .withImage("pay:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
  }

  private static ActionRequest request(String action, TargetRef target, Map<String, String> params) {
    return new ActionRequest("exec-42", 1, action, target, params, false, Instant.now().plusSeconds(30));
  }

  private static final TargetRef PAYMENTS = new TargetRef("Deployment", "payments-staging", "payments-api");

  private Map<String, String> annotations() {
    return client.apps().deployments().inNamespace("payments-staging").withName("payments-api").get()
        .getMetadata().getAnnotations();
  }

  @Test
  void thirdPartyPluginLoadedFromAJarAnnotatesTheDeploymentAndRollsBack() {
    ActionRequest req = request("annotate_workload", PAYMENTS, Map.of("key", "example.com/owner", "value", "team-pay"));
    assertThat(runner.verify(req).verdict()).isEqualTo(Verification.Verdict.DOES_NOT_HOLD);

    ActionOutcome outcome = runner.execute(req);

    assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(annotations()).containsEntry("example.com/owner", "team-pay");
    assertThat(runner.verify(req).verdict()).isEqualTo(Verification.Verdict.HOLDS);

    assertThat(runner.rollback(req, outcome.rollbackData()).status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(annotations()).doesNotContainKey("example.com/owner");
  }

  @Test
  void builtinActionRunsThroughTheRunnerWithRollbackData() {
    ActionOutcome outcome = runner.execute(request("increase_resources", PAYMENTS, Map.of("memoryLimit", "1Gi")));

    assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(outcome.rollbackData()).containsEntry("container", "app");
    assertThat(client.apps().deployments().inNamespace("payments-staging").withName("payments-api").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory"))
        .hasToString("1Gi");
  }

  @Test
  void aThrowingPluginFailsItsStepPermanentlyInsteadOfTheOperator() {
    ActionOutcome outcome = runner.execute(request("throwing_action", PAYMENTS, Map.of()));

    assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED_PERMANENT);
    assertThat(outcome.message()).contains("IllegalStateException").contains("boom from a buggy plugin");
  }

  @Test
  void aPluginThrowingAnErrorDuringVerifyYieldsAnUnknownVerdict() {
    Verification v = runner.verify(request("throwing_action", PAYMENTS, Map.of()));

    assertThat(v.verdict()).isEqualTo(Verification.Verdict.UNKNOWN);
    assertThat(v.message()).contains("NoClassDefFoundError");
  }

  @Test
  void aHangingPluginTimesOutAtTheCallTimeoutAndTheCallerIsFreed() {
    long start = System.nanoTime();

    ActionOutcome outcome = runner.execute(request("hanging_action", PAYMENTS, Map.of()));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(outcome.status()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(outcome.message()).contains("verify before retrying");
    assertThat(took).isLessThan(Duration.ofMillis(2500));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "a rollback: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aCallThatRunsOnPastItsDeadlineIsListedAsRunawayUntilItEnds(boolean rollback) throws InterruptedException {
    // HangingAction ignores the interrupt for 3 s after its 500 ms call timeout.
    ActionRequest request = request("hanging_action", PAYMENTS, Map.of());
    ActionOutcome outcome = rollback ? runner.rollback(request, Map.of()) : runner.execute(request);

    assertThat(outcome.status()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(runner.runawayCalls()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo("hanging_action");
      assertThat(c.target()).isEqualTo(PAYMENTS);
      assertThat(c.rollback()).as("the ledger counts a rollback's call as the rollback").isEqualTo(rollback);
    });
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!runner.runawayCalls().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(runner.runawayCalls()).as("once the call has ended").isEmpty();
  }

  @Test
  void theRequestDeadlineWinsWhenItIsEarlierThanTheCallTimeout() {
    // A call timeout of 20 s against a request deadline of 100 ms: the margin tells them apart on any host.
    PluginActionRunner patient = new PluginActionRunner(actions, client, new PluginSettings(plugins,
        Duration.ofSeconds(20), 2));
    ActionRequest req = new ActionRequest("exec-43", 1, "hanging_action", PAYMENTS, Map.of(), false,
        Instant.now().plusMillis(100));
    long start = System.nanoTime();

    assertThat(patient.execute(req).status()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void noMoreCallersWaitThanItsPoolsHoldAndItSaysHowMany() throws Exception {
    // Three plugin directories' pools of 2 threads, each with 8 places in its queue; the built-ins' not counted.
    assertThat(runner.mostWaitingCallers()).isEqualTo(3 * (2 + 8));

    // One plugin's pool full: 2 calls hanging and 8 waiting for a thread (each caller waits too).
    // HangingAction ignores the interrupt for 3 s, so its 2 threads stay taken, and the queue full
    // of their abandoned calls, well after the callers' 500 ms deadline.
    ExecutorService callers = Executors.newCachedThreadPool();
    try {
      List<CompletableFuture<ActionOutcome>> waiting = new ArrayList<>();
      for (int i = 0; i < PluginPool.mostCalls(2); i++) {
        waiting.add(CompletableFuture.supplyAsync(() -> runner.execute(request("hanging_action", PAYMENTS, Map.of())),
            callers));
      }
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (runner.hasRoomFor("hanging_action") && System.nanoTime() < until) {
        Thread.sleep(1);
      }
      assertThat(runner.hasRoomFor("hanging_action")).as("the pool full").isFalse();

      ActionOutcome turnedAway = runner.execute(request("hanging_action", PAYMENTS, Map.of()));

      // Refused as it was submitted (not after waiting for a thread until its deadline: "got no thread").
      assertThat(turnedAway.status()).isEqualTo(ActionStatus.NOT_STARTED);
      assertThat(turnedAway.message()).contains("queue is full");
      for (CompletableFuture<ActionOutcome> call : waiting) {
        assertThat(call.get().status()).isIn(ActionStatus.TIMED_OUT, ActionStatus.NOT_STARTED);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aPluginWhoseCallsHangOccupiesOnlyItsOwnPoolSoBuiltinsStillRunPromptly() throws Exception {
    PluginJars.jar(plugins, "stubborn", new Class<?>[] {FixtureAction.class, StubbornAction.class}, StubbornAction.class);
    PluginActionRunner twoPerPlugin = new PluginActionRunner(new PluginLoader(getClass().getClassLoader()).load(plugins),
        client, new PluginSettings(plugins, Duration.ofMillis(500), 2));
    // Two calls that ignore the interrupt keep both threads of plugin "stubborn" for 20 s.
    List<CompletableFuture<ActionOutcome>> hung = List.of(
        CompletableFuture.supplyAsync(() -> twoPerPlugin.execute(request("stubborn_action", PAYMENTS, Map.of()))),
        CompletableFuture.supplyAsync(() -> twoPerPlugin.execute(request("stubborn_action", PAYMENTS, Map.of()))));
    for (CompletableFuture<ActionOutcome> call : hung) {
      assertThat(call.get().status()).isEqualTo(ActionStatus.TIMED_OUT);
    }

    ActionOutcome starved = twoPerPlugin.execute(request("stubborn_action", PAYMENTS, Map.of()));
    long start = System.nanoTime();
    ActionOutcome builtin = twoPerPlugin.execute(request("increase_resources", PAYMENTS, Map.of("memoryLimit", "1Gi")));
    Duration builtinTook = Duration.ofNanos(System.nanoTime() - start);
    ActionOutcome stillStarved = twoPerPlugin.execute(request("stubborn_action", PAYMENTS, Map.of()));

    assertThat(starved.status()).isEqualTo(ActionStatus.NOT_STARTED);
    assertThat(starved.message()).contains("got no thread of plugin stubborn").contains("It was not started");
    assertThat(builtin.status()).as(builtin.message()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(builtinTook).as("a built-in is not queued behind the hung plugin").isLessThan(Duration.ofSeconds(5));
    assertThat(stillStarved.status()).as("the hung calls held their pool while the built-in ran")
        .isEqualTo(ActionStatus.NOT_STARTED);
  }

  @Test
  void aPluginsRetryableExceptionBecomesARetryableFailure() {
    LoadedActions one = PluginLoader.of(List.of(new FixtureAction("flaky_action", "1.0") {
      @Override
      public ActionResult execute(ActionContext ctx) {
        throw new RetryableActionException("API server overloaded; retry later.");
      }
    }));
    PluginActionRunner flaky = new PluginActionRunner(one, client, new PluginSettings(plugins, Duration.ofSeconds(5)));

    ActionOutcome outcome = flaky.execute(request("flaky_action", PAYMENTS, Map.of()));

    assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED_RETRYABLE);
    assertThat(outcome.message()).isEqualTo("API server overloaded; retry later.");
  }

  @Test
  void anUnknownActionOrInvalidParametersFailPermanentlyWithoutCallingThePlugin() {
    assertThat(runner.execute(request("no_such_action", PAYMENTS, Map.of())).status())
        .isEqualTo(ActionStatus.FAILED_PERMANENT);

    ActionOutcome invalid = runner.execute(request("scale_deployment", PAYMENTS, Map.of("replicas", "-1")));

    assertThat(invalid.status()).isEqualTo(ActionStatus.FAILED_PERMANENT);
    assertThat(invalid.message()).contains("must be at least 0");
    assertThat(client.apps().deployments().inNamespace("payments-staging").withName("payments-api").get()
        .getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aDryRunOfTheExamplePluginSendsAServerSideDryRun() throws Exception {
    while (server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
      // forget setup requests
    }

    ActionOutcome outcome = runner.dryRun(request("annotate_workload", PAYMENTS, Map.of("key", "k", "value", "v")));

    assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
    var patch = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
    while (patch != null && "GET".equals(patch.getMethod())) {
      patch = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(patch).isNotNull();
    assertThat(patch.getPath()).contains("dryRun=All");
  }

  @Test
  void theVerificationIsToldWhenItsExecutionBeganSoAnUntouchedPodIsNotTakenForRestarted() {
    var pod = client.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("web-0")
        .withNamespace("payments-staging").endMetadata().withNewSpec().endSpec().build()).create();
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    TargetRef web0 = new TargetRef("Pod", "payments-staging", "web-0");
    ActionRequest unreached = new ActionRequest("exec-45", 2, "restart_pod", web0, Map.of(), false,
        Instant.now().plusSeconds(30), null, created.plusSeconds(30));

    assertThat(runner.verify(unreached).verdict()).as("created before the execution began, unmarked: never restarted")
        .isEqualTo(Verification.Verdict.DOES_NOT_HOLD);
    assertThat(runner.verify(unreached.withExecutionStartedAt(created.minusSeconds(30))).verdict())
        .as("created since: its StatefulSet's replacement").isEqualTo(Verification.Verdict.HOLDS);
  }

  @Test
  void theTargetTheValidationReadIsHandedToTheDryRunOnlyWhenItIsThatTarget() throws Exception {
    var read = client.apps().deployments().inNamespace("payments-staging").withName("payments-api").get();
    var other = new DeploymentBuilder(read).editMetadata().withName("other").endMetadata().build();
    while (server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
      // forget setup requests
    }

    ActionOutcome handed = runner.dryRun(new ActionRequest("exec-44", 1, "increase_resources", PAYMENTS,
        Map.of("memoryLimit", "1Gi"), true, Instant.now().plusSeconds(30), read));
    List<String> first = methods();
    // (The CRUD mock applies a dry run, so this one asks for more than the first to have something to send.)
    ActionOutcome mismatched = runner.dryRun(new ActionRequest("exec-44", 1, "increase_resources", PAYMENTS,
        Map.of("memoryLimit", "2Gi"), true, Instant.now().plusSeconds(30), other));
    List<String> second = methods();

    assertThat(handed.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(first).as("the dry run wrote onto the object handed over, without a read").containsExactly("PUT");
    assertThat(mismatched.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(second).as("another object is not the target: the action reads its own").containsExactly("GET", "PUT");
  }

  @Test
  void anExecutionReportsTheObjectItsWriteLeftAndTheVerificationHandedItSendsNothing() throws Exception {
    for (ActionRequest req : List.of(request("scale_deployment", PAYMENTS, Map.of("replicas", "5")),
        request("annotate_workload", PAYMENTS, Map.of("key", "example.com/owner", "value", "team-pay")))) {
      ActionOutcome outcome = runner.execute(req);
      assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
      assertThat(outcome.resultingTarget()).as(req.action() + " reports its write's answer")
          .isInstanceOfSatisfying(Deployment.class, d -> assertThat(d.getMetadata().getResourceVersion())
              .isEqualTo(client.apps().deployments().inNamespace("payments-staging").withName("payments-api").get()
                  .getMetadata().getResourceVersion()));
      methods(); // forget

      Verification handed = runner.verify(req.withObservedTarget(outcome.resultingTarget()));

      assertThat(handed.verdict()).isEqualTo(Verification.Verdict.HOLDS);
      assertThat(methods()).as(req.action() + ": no read, the object handed over says it").isEmpty();
      assertThat(runner.verify(req).verdict()).as("and a verification without it reads and agrees")
          .isEqualTo(Verification.Verdict.HOLDS);
      assertThat(methods()).containsExactly("GET");
    }
  }

  @Test
  void aRollbackPreparationReadsTheTargetTheCallerHandedOverAndSendsNothing() throws Exception {
    var read = client.apps().deployments().inNamespace("payments-staging").withName("payments-api").get();
    methods(); // forget setup requests

    ActionOutcome prepared = runner.prepareRollback(
        request("scale_deployment", PAYMENTS, Map.of("replicas", "5")).withObservedTarget(read));

    assertThat(prepared.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(prepared.rollbackData()).isEqualTo(Map.of("previousReplicas", "3"));
    assertThat(methods()).as("no request: it read the object handed over").isEmpty();
    assertThat(client.apps().deployments().inNamespace("payments-staging").withName("payments-api").get()
        .getSpec().getReplicas()).as("nothing changed").isEqualTo(3);
  }

  @Test
  void aRollbackPreparationAnswersWhatThePluginPreparedNothingForAnOlderOneAndHowItFailed() {
    ActionOutcome example = runner.prepareRollback(request("annotate_workload", PAYMENTS,
        Map.of("key", "example.com/owner", "value", "team-pay")));
    ActionOutcome withoutRollback = runner.prepareRollback(request("restart_pod",
        new TargetRef("Pod", "payments-staging", "payments-api-1"), Map.of()));
    LoadedActions one = PluginLoader.of(List.of(
        new RollbackFixture("older_scale", "1.2", ActionResult.succeeded("Scaled.")),
        RollbackFixture.preparing("flaky_scale", ActionResult.succeeded("Scaled."), () -> {
          throw new RetryableActionException("The API server is overloaded; retry later.");
        })));
    PluginActionRunner two = new PluginActionRunner(one, client, new PluginSettings(plugins, Duration.ofSeconds(5)));
    ActionOutcome olderPlugin = two.prepareRollback(request("older_scale", PAYMENTS, Map.of()));
    ActionOutcome failed = two.prepareRollback(request("flaky_scale", PAYMENTS, Map.of()));

    assertThat(example.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(example.rollbackData()).as("the example plugin, from its own class loader")
        .isEqualTo(Map.of("hadAnnotation", "false"));
    assertThat(olderPlugin.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(olderPlugin.rollbackData()).as("a plugin built before 1.3 prepares nothing").isEmpty();
    assertThat(withoutRollback.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(withoutRollback.rollbackData()).isEmpty();
    assertThat(failed.status()).isEqualTo(ActionStatus.FAILED_RETRYABLE);
    assertThat(failed.message()).isEqualTo("The API server is overloaded; retry later.");
  }

  @Test
  void rollbackDataOverTheHostsLimitIsNotKeptAndSaysSoWhileTheCallsOutcomeStands() {
    Map<String, String> huge = Map.of("blob", "x".repeat(PluginActionRunner.MAX_ROLLBACK_BYTES));
    LoadedActions one = PluginLoader.of(List.of(
        RollbackFixture.preparing("hoarding_scale", ActionResult.succeeded("Scaled.", huge), () -> huge)));
    PluginActionRunner hoarding = new PluginActionRunner(one, client, new PluginSettings(plugins, Duration.ofSeconds(5)));

    ActionOutcome prepared = hoarding.prepareRollback(request("hoarding_scale", PAYMENTS, Map.of()));
    ActionOutcome executed = hoarding.execute(request("hoarding_scale", PAYMENTS, Map.of()));

    assertThat(prepared.status()).isEqualTo(ActionStatus.FAILED_PERMANENT);
    assertThat(prepared.message()).contains("16388 bytes", "over the host's limit of 16384", "plugin defect");
    assertThat(prepared.rollbackData()).isEmpty();
    assertThat(executed.status()).as("what the call did stands").isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(executed.rollbackData()).isEmpty();
    assertThat(executed.message()).startsWith("Scaled.").contains("was not kept", "undo this change by hand");
  }

  private List<String> methods() throws InterruptedException {
    List<String> seen = new java.util.ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      seen.add(r.getMethod());
    }
    return seen;
  }

  @Test
  void aTokenInAPodLogCollectedByCollectDiagnosticsLeavesTheHostRedacted() {
    client.resource(new PodBuilder().withNewMetadata().withName("payments-api-1").withNamespace("payments-staging")
        .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("pay:1").endContainer().endSpec()
        .build()).create();
    server.expect().get()
        .withPath("/api/v1/namespaces/payments-staging/pods/payments-api-1/log?pretty=false&container=app&tailLines=100")
        .andReturn(200, "connecting with ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\nready\n").always();
    RedactSecrets tokens = text -> text.replaceAll("ghp_[A-Za-z0-9]+", "[REDACTED]");
    ActionRequest req = request("collect_diagnostics", new TargetRef("Pod", "payments-staging", "payments-api-1"),
        Map.of());

    PluginActionRunner patient = new PluginActionRunner(actions, client, new PluginSettings(plugins, Duration.ofSeconds(10), 2));

    ActionOutcome raw = patient.execute(req);
    ActionOutcome outcome = new RedactingActionRunner(patient, tokens).execute(req);

    assertThat(raw.details().get("logs.app")).as("the plugin itself copies the log as it is: %s", raw.message()).contains("ghp_");
    assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(outcome.details()).containsEntry("logs.app", "connecting with [REDACTED]\nready\n")
        .containsKeys("events", "phase");
  }
}
