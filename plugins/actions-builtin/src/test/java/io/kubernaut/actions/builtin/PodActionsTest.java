package io.kubernaut.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.PermanentActionException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodActionsTest extends MockCluster {

  @Test
  void restartPodDeletesThePodAndVerifyConfirmsIt() {
    pod("checkout-1", "worker-1");
    RestartPod action = new RestartPod();
    var ctx = ctx("Pod", NS, "checkout-1", Map.of());

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(result.status()).isEqualTo(ActionResult.Status.SUCCEEDED);
    assertThat(client.pods().inNamespace(NS).withName("checkout-1").get()).isNull();
    assertThat(action.verify(ctx)).isTrue();
  }

  @Test
  void restartPodVerifyIsFalseWhileTheMarkedPodStillRuns() {
    pod("checkout-1", "worker-1");
    client.pods().inNamespace(NS).withName("checkout-1")
        .edit(p -> Metadata.mark(p, new RestartPod().markKey(), EXECUTION));

    assertThat(new RestartPod().verify(ctx("Pod", NS, "checkout-1", Map.of()))).isFalse();
  }

  @Test
  void restartPodVerifiesAnUnmarkedPodCreatedBeforeTheExecutionBeganAsNotRestarted() {
    // Attempt 1's first read failed (a 503) before it marked the pod: the verification before the retry must not
    // take the untouched pod for restarted, or the step completes with nothing done.
    Instant created = Instant.parse(pod("checkout-1", "worker-1").getMetadata().getCreationTimestamp());

    assertThat(new RestartPod().verify(started("Pod", NS, "checkout-1", Map.of(), created.plusSeconds(30)))).isFalse();
    assertThat(new RestartPod().verify(ctx("Pod", NS, "checkout-1", Map.of())))
        .as("a host before SPI 1.5 says nothing of the start: the answer before").isTrue();
  }

  @Test
  void restartPodVerifiesAPodRecreatedUnderTheSameNameSinceTheExecutionBeganAsRestarted() {
    // A StatefulSet's replacement has the old pod's name and no mark; creationTimestamp is in whole seconds.
    Instant created = Instant.parse(pod("web-0", "worker-1").getMetadata().getCreationTimestamp());

    assertThat(new RestartPod().verify(started("Pod", NS, "web-0", Map.of(), created.minusSeconds(40)))).isTrue();
    assertThat(new RestartPod().verify(started("Pod", NS, "web-0", Map.of(), created.plusMillis(900))))
        .as("created in the second the execution began").isTrue();
    assertThat(new RestartPod().verify(started("Pod", NS, "web-0", Map.of(), created.plusSeconds(1)))).isFalse();
  }

  @Test
  void restartPodVerifiesAPodAlreadyTerminatingAsRestartedWithoutItsMark() {
    // Held by a finalizer, a deleted pod stays, terminating (the API server sets its deletionTimestamp).
    Pod pod = client.resource(new PodBuilder().withNewMetadata().withName("checkout-1").withNamespace(NS)
        .addToFinalizers("example.com/hold").endMetadata().withNewSpec().endSpec().build()).create();
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    client.pods().inNamespace(NS).withName("checkout-1").delete();
    assertThat(client.pods().inNamespace(NS).withName("checkout-1").get().getMetadata().getDeletionTimestamp())
        .isNotNull();

    // execute found it terminating and changed nothing: the delete is under way all the same
    assertThat(new RestartPod().verify(started("Pod", NS, "checkout-1", Map.of(), created.plusSeconds(30)))).isTrue();
  }

  @Test
  void restartPodDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    pod("checkout-1", "worker-1");
    forgetRequests();

    ActionResult result = new RestartPod().dryRun(dry("Pod", NS, "checkout-1", Map.of()));

    assertThat(result.status()).isEqualTo(ActionResult.Status.SUCCEEDED);
    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void restartPodOfMissingPodFailsPermanently() {
    assertThatThrownBy(() -> new RestartPod().execute(ctx("Pod", NS, "ghost", Map.of())))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("Pod/shop-prod/ghost");
  }

  @Test
  void restartPodRejectsATargetOfAnotherKind() {
    assertThatThrownBy(() -> new RestartPod().execute(ctx("Node", "", "worker-1", Map.of())))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("does not accept a Node");
  }

  /**
   * A pod no controller recreates is not deleted (it would be gone for good, and its absence verified as a restart),
   * nor a static pod's mirror (its kubelet puts it back untouched): both refused, dry run included, the pod left.
   */
  @Test
  void restartPodRefusesAPodNothingRecreatesAndAStaticPodsMirror() {
    client.resource(new PodBuilder().withNewMetadata().withName("lonely").withNamespace(NS).endMetadata()
        .withNewSpec().endSpec().build()).create();
    client.resource(new PodBuilder().withNewMetadata().withName("etcd-worker-1").withNamespace(NS)
        .addToAnnotations("kubernetes.io/config.mirror", "abc").addNewOwnerReference().withKind("Node")
        .withName("worker-1").withApiVersion("v1").withUid("n1").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().endSpec().build()).create();

    for (String name : new String[] {"lonely", "etcd-worker-1"}) {
      assertThatThrownBy(() -> new RestartPod().execute(ctx("Pod", NS, name, Map.of())))
          .isInstanceOf(io.kubernaut.spi.action.PermanentActionException.class).hasMessageContaining("Do not retry");
      assertThatThrownBy(() -> new RestartPod().dryRun(dry("Pod", NS, name, Map.of())))
          .isInstanceOf(io.kubernaut.spi.action.PermanentActionException.class);
      assertThat(client.pods().inNamespace(NS).withName(name).get()).as(name).isNotNull();
    }
    assertThatThrownBy(() -> new RestartPod().execute(ctx("Pod", NS, "lonely", Map.of())))
        .hasMessageContaining("has no controller to recreate it");
    assertThatThrownBy(() -> new RestartPod().execute(ctx("Pod", NS, "etcd-worker-1", Map.of())))
        .hasMessageContaining("static pod's mirror");
  }

  @Test
  void restartPodHasNoRollback() {
    assertThat(new RestartPod().rollback(ctx("Pod", NS, "x", Map.of()), Map.of()).status())
        .isEqualTo(ActionResult.Status.SKIPPED);
  }

  /** A pod held in Terminating by a finalizer, as delete_pod expects one. */
  private void terminating(String name) {
    client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .addToFinalizers("example.com/hold").endMetadata().withNewSpec().endSpec().build()).create();
    client.pods().inNamespace(NS).withName(name).delete();
    assertThat(client.pods().inNamespace(NS).withName(name).get().getMetadata().getDeletionTimestamp()).isNotNull();
  }

  /**
   * A running pod is no stuck pod: delete_pod refuses it, its dry run too (the workflow's validation), and leaves it.
   * Before, it force-deleted any pod an analysis named, a StatefulSet's included.
   */
  @Test
  void deletePodRefusesAPodThatIsNotTerminating() throws Exception {
    pod("db-0", "worker-1");
    forgetRequests();

    assertThatThrownBy(() -> new DeletePod().dryRun(dry("Pod", NS, "db-0", Map.of())))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("is not terminating");
    assertThatThrownBy(() -> new DeletePod().execute(ctx("Pod", NS, "db-0", Map.of("removeFinalizers", "true"))))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("restart_pod");

    assertThat(requests()).noneMatch(r -> !"GET".equals(r.getMethod()));
    assertThat(client.pods().inNamespace(NS).withName("db-0").get()).isNotNull();
  }

  @Test
  void deletePodForceDeletesWithGracePeriodZero() throws Exception {
    terminating("stuck-1");
    forgetRequests();
    DeletePod action = new DeletePod();
    var ctx = ctx("Pod", NS, "stuck-1", Map.of("removeFinalizers", "true"));

    assertThat(action.execute(ctx).status()).isEqualTo(ActionResult.Status.SUCCEEDED);

    assertThat(requests()).filteredOn(r -> "DELETE".equals(r.getMethod()))
        .singleElement().satisfies(r -> assertThat(r.getUtf8Body()).contains("\"gracePeriodSeconds\":0"));
    assertThat(client.pods().inNamespace(NS).withName("stuck-1").get()).isNull();
    assertThat(action.verify(ctx)).isTrue();
  }

  @Test
  void deletePodClearsFinalizersThatKeepAPodTerminating() {
    terminating("stuck-2");
    DeletePod action = new DeletePod();
    Instant created = Instant.parse(client.pods().inNamespace(NS).withName("stuck-2").get().getMetadata()
        .getCreationTimestamp());
    var ctx = started("Pod", NS, "stuck-2", Map.of("removeFinalizers", "true"), created.plusSeconds(30));
    assertThat(action.verify(ctx)).as("unmarked and created before the execution began: no attempt reached it")
        .isFalse();

    action.execute(ctx);

    assertThat(client.pods().inNamespace(NS).withName("stuck-2").get()).isNull();
    assertThat(action.verify(ctx)).isTrue();
  }

  @Test
  void deletePodVerifiesAReplacementUnderTheSameNameAsDeletedAndTheMarkedPodAsNot() {
    Instant created = Instant.parse(pod("db-0", "worker-1").getMetadata().getCreationTimestamp());
    assertThat(new DeletePod().verify(started("Pod", NS, "db-0", Map.of(), created.minusSeconds(5))))
        .as("created since the execution began: its StatefulSet's replacement").isTrue();

    client.pods().inNamespace(NS).withName("db-0").edit(p -> Metadata.mark(p, new DeletePod().markKey(), EXECUTION));
    assertThat(new DeletePod().verify(started("Pod", NS, "db-0", Map.of(), created.minusSeconds(5))))
        .as("still the pod this execution marked").isFalse();
  }

  @Test
  void deletePodDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    terminating("stuck-1");
    forgetRequests();

    new DeletePod().dryRun(dry("Pod", NS, "stuck-1", Map.of()));

    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void deletePodHasNoRollback() {
    assertThat(new DeletePod().descriptor().supportsRollback()).isFalse();
    assertThat(new DeletePod().rollback(ctx("Pod", NS, "x", Map.of()), Map.of()).status())
        .isEqualTo(ActionResult.Status.SKIPPED);
  }

  @Test
  void quarantinePodRemovesSelectorLabelsAndRollbackRestoresThem() {
    client.resource(new ReplicaSetBuilder().withNewMetadata().withName("checkout-abc").withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "checkout").addToMatchLabels("pod-template-hash", "abc")
        .endSelector().withTemplate(template("i", "1Gi")).endSpec().build()).create();
    client.resource(new PodBuilder().withNewMetadata().withName("checkout-1").withNamespace(NS)
        .addToLabels("app", "checkout").addToLabels("pod-template-hash", "abc").addToLabels("tier", "web")
        .addNewOwnerReference().withKind("ReplicaSet").withName("checkout-abc").withApiVersion("apps/v1")
        .withUid("u1").withController(true).endOwnerReference().endMetadata().withNewSpec().endSpec().build()).create();
    QuarantinePod action = new QuarantinePod();
    var ctx = ctx("Pod", NS, "checkout-1", Map.of());
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    var labels = client.pods().inNamespace(NS).withName("checkout-1").get().getMetadata().getLabels();
    assertThat(labels).containsEntry("kubernaut.io/quarantined", "true").containsEntry("tier", "web")
        .doesNotContainKeys("app", "pod-template-hash");
    assertThat(action.verify(ctx)).isTrue();

    action.rollback(ctx, result.rollbackData());

    assertThat(client.pods().inNamespace(NS).withName("checkout-1").get().getMetadata().getLabels())
        .containsEntry("app", "checkout").containsEntry("pod-template-hash", "abc").doesNotContainKey("kubernaut.io/quarantined");
    assertThat(action.verify(ctx)).isFalse();
  }

  /**
   * A step that quarantined nothing (the pod was quarantined already) recorded no labels it removed: its rollback leaves
   * the quarantine as it is. Before, it took the marker off, leaving the pod set apart and unmarked.
   */
  @Test
  void quarantinePodRollbackWithoutRecordedLabelsLeavesAnEarlierQuarantine() {
    client.resource(new PodBuilder().withNewMetadata().withName("apart").withNamespace(NS)
        .addToLabels("kubernaut.io/quarantined", "true").endMetadata().withNewSpec().endSpec().build()).create();

    ActionResult result = new QuarantinePod().rollback(ctx("Pod", NS, "apart", Map.of()), Map.of());

    assertThat(result.status()).isEqualTo(ActionResult.Status.SKIPPED);
    assertThat(client.pods().inNamespace(NS).withName("apart").get().getMetadata().getLabels())
        .containsEntry("kubernaut.io/quarantined", "true");
  }

  @Test
  void quarantinePodAlsoRemovesLabelsAServiceSelectsOn() {
    client.resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().addToSelector("tier", "web").endSpec().build()).create();
    client.resource(new PodBuilder().withNewMetadata().withName("lonely").withNamespace(NS)
        .addToLabels("tier", "web").endMetadata().withNewSpec().endSpec().build()).create();

    new QuarantinePod().execute(ctx("Pod", NS, "lonely", Map.of()));

    assertThat(client.pods().inNamespace(NS).withName("lonely").get().getMetadata().getLabels())
        .doesNotContainKey("tier").containsEntry("kubernaut.io/quarantined", "true");
  }

  @Test
  void quarantinePodDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    client.resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().addToSelector("app", "checkout").endSpec().build()).create();
    pod("checkout-1", "worker-1");
    forgetRequests();

    new QuarantinePod().dryRun(dry("Pod", NS, "checkout-1", Map.of()));

    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void collectDiagnosticsReadsStatusEventsAndLogsWithoutChangingAnything() throws Exception {
    pod("checkout-1", "worker-1");
    client.resource(new EventBuilder().withNewMetadata().withName("ev1").withNamespace(NS).endMetadata()
        .withType("Warning").withReason("BackOff").withMessage("Back-off restarting failed container")
        .withNewInvolvedObject().withKind("Pod").withName("checkout-1").withNamespace(NS).endInvolvedObject().build())
        .create();
    server.expect().get().withPath("/api/v1/namespaces/shop-prod/pods/checkout-1/log?pretty=false&container=app&tailLines=100")
        .andReturn(200, "panic: out of memory\n").always();
    forgetRequests();
    CollectDiagnostics action = new CollectDiagnostics();
    var ctx = ctx("Pod", NS, "checkout-1", Map.of());

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(result.details()).containsEntry("events", "Warning BackOff: Back-off restarting failed container")
        .containsEntry("logs.app", "panic: out of memory\n").containsKey("phase");
    assertNoMutationWasSent();
    assertThat(action.verify(ctx)).isTrue();
    assertThat(action.dryRun(ctx).status()).isEqualTo(ActionResult.Status.SUCCEEDED);
    assertThat(action.rollback(ctx, Map.of()).status()).isEqualTo(ActionResult.Status.SKIPPED);
  }

  @Test
  void notifyOnlySucceedsWithItsMessageAndTouchesNothing() throws Exception {
    forgetRequests();
    NotifyOnly action = new NotifyOnly();
    var ctx = ctx("Deployment", NS, "checkout", Map.of("message", "Paging the on-call."));

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(result.status()).isEqualTo(ActionResult.Status.SUCCEEDED);
    assertThat(result.details()).containsEntry("message", "Paging the on-call.");
    assertThat(action.verify(ctx)).isTrue();
    assertThat(action.dryRun(ctx).status()).isEqualTo(ActionResult.Status.SUCCEEDED);
    assertThat(action.rollback(ctx, Map.of()).status()).isEqualTo(ActionResult.Status.SKIPPED);
    assertThat(requests()).isEmpty();
  }
}
