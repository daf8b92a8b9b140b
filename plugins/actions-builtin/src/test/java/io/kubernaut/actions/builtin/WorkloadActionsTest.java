package io.kubernaut.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RetryableActionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadActionsTest extends MockCluster {

  private Deployment checkout() {
    return client.apps().deployments().inNamespace(NS).withName("checkout").get();
  }

  @Test
  void rolloutRestartStampsTheTemplateAndVerifyRecognisesThisExecution() {
    deployment("checkout", 2);
    RolloutRestart action = new RolloutRestart();
    var ctx = ctx("Deployment", NS, "checkout", Map.of());
    assertThat(action.verify(ctx)).isFalse();

    executedAsPrepared(action, ctx);

    assertThat(checkout().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(RolloutRestart.RESTARTED_AT).containsValue(EXECUTION);
    assertThat(action.verify(ctx)).isTrue();
    assertThat(action.rollback(ctx, Map.of()).status()).isEqualTo(ActionResult.Status.SKIPPED);
  }

  @Test
  void rolloutRestartWorksOnAStatefulSet() {
    client.resource(new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(1).withTemplate(template("pg", "1Gi")).endSpec().build()).create();
    var ctx = ctx("StatefulSet", NS, "db", Map.of());

    new RolloutRestart().execute(ctx);

    assertThat(new RolloutRestart().verify(ctx)).isTrue();
  }

  @Test
  void rolloutRestartDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    deployment("checkout", 2);
    forgetRequests();

    new RolloutRestart().dryRun(dry("Deployment", NS, "checkout", Map.of()));

    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void scaleDeploymentSetsReplicasAndRollbackRestoresThePreviousCount() {
    deployment("checkout", 2);
    ScaleDeployment action = new ScaleDeployment();
    var ctx = ctx("Deployment", NS, "checkout", Map.of("replicas", "5"));
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(checkout().getSpec().getReplicas()).isEqualTo(5);
    assertThat(action.verify(ctx)).isTrue();
    assertThat(result.rollbackData()).containsEntry("previousReplicas", "2");

    action.rollback(ctx, result.rollbackData());

    assertThat(checkout().getSpec().getReplicas()).isEqualTo(2);

    ActionResult again = executedAsPrepared(action, ctx);
    client.apps().deployments().inNamespace(NS).withName("checkout").scale(8); // an autoscaler or a person, since
    ActionResult skipped = action.rollback(ctx, again.rollbackData());
    assertThat(skipped.status()).as("not the step's count any more").isEqualTo(ActionResult.Status.SKIPPED);
    assertThat(checkout().getSpec().getReplicas()).isEqualTo(8);
  }

  @Test
  void scaleDeploymentDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    deployment("checkout", 2);
    forgetRequests();

    new ScaleDeployment().dryRun(dry("Deployment", NS, "checkout", Map.of("replicas", "3")));

    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void scaleStatefulSetSetsReplicasAndRollbackRestoresThem() throws Exception {
    client.resource(new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(3).withTemplate(template("pg", "1Gi")).endSpec().build()).create();
    ScaleStatefulSet action = new ScaleStatefulSet();
    var ctx = ctx("StatefulSet", NS, "db", Map.of("replicas", "1"));

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas()).isEqualTo(1);
    assertThat(action.verify(ctx)).isTrue();
    action.rollback(ctx, result.rollbackData());
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas()).isEqualTo(3);

    forgetRequests();
    action.dryRun(dry("StatefulSet", NS, "db", Map.of("replicas", "2")));
    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void increaseResourcesByFactorRaisesLimitsOnceAndRollbackRestoresThem() {
    deployment("checkout", 2);
    IncreaseResources action = new IncreaseResources();
    var ctx = ctx("Deployment", NS, "checkout", Map.of("memoryFactor", "2", "cpuFactor", "1.5"));
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);
    action.execute(ctx); // a retry of the same execution must not multiply again

    var limits = checkout().getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits();
    assertThat(limits.get("memory")).isEqualTo(new Quantity("512Mi"));
    assertThat(limits.get("cpu")).isEqualTo(new Quantity("750m"));
    assertThat(action.verify(ctx)).isTrue();
    assertThat(result.rollbackData()).containsEntry("previousMemoryLimit", "256Mi").containsEntry("container", "app");

    action.rollback(ctx, result.rollbackData());

    var restored = checkout().getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits();
    assertThat(restored.get("memory")).isEqualTo(new Quantity("256Mi"));
    assertThat(restored.get("cpu")).isEqualTo(new Quantity("500m"));
    assertThat(action.verify(ctx)).isFalse();
  }

  /**
   * A rollback restores only the limit the step changed, and only while it still holds what the step set: a CPU limit
   * set since (the step raised memory only) stays, and so does a memory limit a deploy raised further meanwhile. Before,
   * both limits were written back, the CPU limit removed.
   */
  @Test
  void increaseResourcesRollbackRestoresOnlyWhatTheStepSetAndStillHolds() {
    deployment("checkout", 2);
    IncreaseResources action = new IncreaseResources();
    var memoryOnly = ctx("Deployment", NS, "checkout", Map.of("memoryLimit", "1Gi"));
    ActionResult result = executedAsPrepared(action, memoryOnly);
    setLimit("cpu", "2");

    action.rollback(memoryOnly, result.rollbackData());

    var limits = checkout().getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits();
    assertThat(limits.get("memory")).as("the step's").isEqualTo(new Quantity("256Mi"));
    assertThat(limits.get("cpu")).as("set since, not the step's").isEqualTo(new Quantity("2"));

    ActionResult again = executedAsPrepared(action, memoryOnly);
    setLimit("memory", "2Gi");
    ActionResult skipped = action.rollback(memoryOnly, again.rollbackData());
    assertThat(skipped.status()).isEqualTo(ActionResult.Status.SKIPPED);
    assertThat(skipped.message()).contains("changed since");
    assertThat(checkout().getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
        .get("memory")).as("raised further since: left").isEqualTo(new Quantity("2Gi"));
  }

  private void setLimit(String resource, String value) {
    client.apps().deployments().inNamespace(NS).withName("checkout").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
          .put(resource, new Quantity(value));
      return d;
    });
  }

  @Test
  void anActionCallReadsItsTargetOnceAndWritesOntoTheVersionItRead() throws Exception {
    deployment("checkout", 2);
    forgetRequests();

    new IncreaseResources().execute(ctx("Deployment", NS, "checkout", Map.of("memoryLimit", "1Gi")));

    // One GET, and the replace sent with the version read (fabric8's edit would read the object a second time).
    assertThat(requests()).extracting(r -> r.getMethod()).containsExactly("GET", "PUT");
  }

  @Test
  void aDryRunHandedTheValidationsReadOfItsTargetReadsNothingAndWritesOntoThatVersion() throws Exception {
    Deployment read = deployment("checkout", 2);
    forgetRequests();

    new IncreaseResources().dryRun(ActionContext.builder().target("Deployment", NS, "checkout")
        .parameters(Map.of("memoryLimit", "1Gi")).client(client).deadline(Instant.now().plusSeconds(30))
        .executionId(EXECUTION).dryRun(true).observedTarget(read).build());

    List<RecordedRequest> sent = requests();
    assertThat(sent).extracting(RecordedRequest::getMethod).as("no read of its own").containsExactly("PUT");
    assertThat(sent.get(0).getPath()).contains("dryRun=All");

    // Onto the version handed over: once the object changed, the same hand-over is a conflict (retried), not a write.
    client.apps().deployments().inNamespace(NS).withName("checkout").edit(d -> {
      d.getMetadata().setLabels(Map.of("changed", "after the validation read it"));
      return d;
    });
    assertThatThrownBy(() -> new IncreaseResources().dryRun(ActionContext.builder().target("Deployment", NS, "checkout")
        .parameters(Map.of("memoryLimit", "2Gi")).client(client).deadline(Instant.now().plusSeconds(30))
        .executionId(EXECUTION).dryRun(true).observedTarget(read).build()))
        .isInstanceOf(RetryableActionException.class).hasMessageContaining("409");
  }

  @Test
  void aChangeComputedFromAReadThatIsNoLongerTheLatestFailsRetryablyAndWritesNothing() {
    deployment("checkout", 2);
    Deployment read = checkout();
    client.apps().deployments().inNamespace(NS).withName("checkout").edit(d -> {
      d.getMetadata().setLabels(Map.of("changed", "meanwhile"));
      return d;
    });
    var ctx = ctx("Deployment", NS, "checkout", Map.of("replicas", "5"));

    assertThatThrownBy(() -> BuiltinAction.patchOnVersion(ctx, read, d -> (Deployment) Workloads.withReplicas(d, 5), false))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(BuiltinAction.translate(e, "scale")).isInstanceOf(RetryableActionException.class);
        });
    assertThat(checkout().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void increaseResourcesSetsALimitOnAContainerThatDeclaredNoResources() {
    client.resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("bare")
        .withNamespace(NS).endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "bare")
        .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "bare").endMetadata().withNewSpec()
        .addToContainers(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app").withImage("i").build())
        .endSpec().endTemplate().endSpec().build()).create();
    IncreaseResources action = new IncreaseResources();
    var ctx = ctx("Deployment", NS, "bare", Map.of("container", "app", "memoryLimit", "1Gi"));

    action.execute(ctx);

    assertThat(client.apps().deployments().inNamespace(NS).withName("bare").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getResources().getLimits().get("memory")).isEqualTo(new Quantity("1Gi"));
  }

  @Test
  void increaseResourcesToAnAbsoluteLimitIsVerifiedByValue() {
    deployment("checkout", 2);
    IncreaseResources action = new IncreaseResources();
    var ctx = ctx("Deployment", NS, "checkout", Map.of("container", "app", "memoryLimit", "1Gi"));

    action.execute(ctx);

    assertThat(checkout().getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory"))
        .isEqualTo(new Quantity("1Gi"));
    assertThat(action.verify(ctx)).isTrue();
  }

  @Test
  void increaseResourcesRefusesToLowerALimit() {
    deployment("checkout", 2);

    assertThatThrownBy(() -> new IncreaseResources().execute(ctx("Deployment", NS, "checkout", Map.of("memoryLimit", "128Mi"))))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("would lower");
  }

  @Test
  void increaseResourcesDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    deployment("checkout", 2);
    forgetRequests();

    new IncreaseResources().dryRun(dry("Deployment", NS, "checkout", Map.of("memoryLimit", "1Gi")));

    assertEveryMutationWasServerSideDryRun();
  }

  private void twoRevisions() {
    Deployment d = deployment("checkout", 2);
    d = client.apps().deployments().inNamespace(NS).withName("checkout").edit(x -> {
      x.getMetadata().setAnnotations(Map.of(RollbackDeployment.REVISION, "2"));
      return x;
    });
    String uid = d.getMetadata().getUid();
    for (int rev = 1; rev <= 2; rev++) {
      var tpl = template("shop/checkout:" + rev, "256Mi");
      tpl.getMetadata().getLabels().put("pod-template-hash", "h" + rev);
      client.resource(new ReplicaSetBuilder().withNewMetadata().withName("checkout-h" + rev).withNamespace(NS)
          .addToLabels("app", "checkout").addToAnnotations(RollbackDeployment.REVISION, Integer.toString(rev))
          .addNewOwnerReference().withKind("Deployment").withName("checkout").withUid(uid).withApiVersion("apps/v1")
          .withController(true).endOwnerReference().endMetadata()
          .withNewSpec().withNewSelector().addToMatchLabels("app", "checkout").endSelector().withTemplate(tpl).endSpec()
          .build()).create();
    }
  }

  private String image() {
    return checkout().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  @Test
  void rollbackDeploymentRestoresThePreviousRevisionTemplateAndCanBeUndone() {
    twoRevisions();
    RollbackDeployment action = new RollbackDeployment();
    var ctx = ctx("Deployment", NS, "checkout", Map.of());
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(image()).isEqualTo("shop/checkout:1");
    assertThat(checkout().getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
    assertThat(action.verify(ctx)).isTrue();
    assertThat(result.rollbackData()).containsEntry("previousRevision", "2").containsEntry("targetRevision", "1");

    action.rollback(ctx, result.rollbackData());

    assertThat(image()).isEqualTo("shop/checkout:2");
  }

  /**
   * Kubernetes gives the ReplicaSet a rollback takes back the next revision number (1 becomes 3): the verification
   * still finds it (by name), and a run again of the same execution (its first answer lost) changes nothing. Before,
   * the verification looked for revision 1, found none and failed the step, and the run again rolled on to revision 2.
   */
  @Test
  void rollbackDeploymentHoldsAfterKubernetesRenumbersTheRevisionAndARunAgainChangesNothing() {
    twoRevisions();
    RollbackDeployment action = new RollbackDeployment();
    var ctx = ctx("Deployment", NS, "checkout", Map.of());
    executedAsPrepared(action, ctx);
    client.apps().replicaSets().inNamespace(NS).withName("checkout-h1").edit(rs -> {
      rs.getMetadata().getAnnotations().put(RollbackDeployment.REVISION, "3");
      return rs;
    });
    client.apps().deployments().inNamespace(NS).withName("checkout").edit(d -> {
      d.getMetadata().getAnnotations().put(RollbackDeployment.REVISION, "3");
      return d;
    });

    assertThat(action.verify(ctx)).as("the ReplicaSet rolled to, renumbered").isTrue();
    ActionResult again = action.execute(ctx);

    assertThat(again.message()).contains("already runs the template");
    assertThat(image()).as("not rolled on to revision 2").isEqualTo("shop/checkout:1");
    assertThat(action.verify(ctx)).isTrue();
  }

  @Test
  void rollbackDeploymentWithoutAnOlderRevisionFailsPermanently() {
    deployment("checkout", 2);

    assertThatThrownBy(() -> new RollbackDeployment().execute(ctx("Deployment", NS, "checkout", Map.of())))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("nothing to roll back to");
  }

  @Test
  void rollbackDeploymentDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    twoRevisions();
    forgetRequests();

    new RollbackDeployment().dryRun(dry("Deployment", NS, "checkout", Map.of("revision", "1")));

    assertEveryMutationWasServerSideDryRun();
  }

  private void hpa() {
    client.resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("checkout").withNamespace(NS)
        .endMetadata().withNewSpec().withMinReplicas(2).withMaxReplicas(5).withNewScaleTargetRef()
        .withKind("Deployment").withName("checkout").withApiVersion("apps/v1").endScaleTargetRef().endSpec().build())
        .create();
  }

  @Test
  void updateHpaSetsBoundsAndRollbackRestoresThem() throws Exception {
    hpa();
    UpdateHpa action = new UpdateHpa();
    var ctx = ctx("HorizontalPodAutoscaler", NS, "checkout", Map.of("maxReplicas", "10", "minReplicas", "3"));
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    var spec = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("checkout").get().getSpec();
    assertThat(spec.getMinReplicas()).isEqualTo(3);
    assertThat(spec.getMaxReplicas()).isEqualTo(10);
    assertThat(action.verify(ctx)).isTrue();

    action.rollback(ctx, result.rollbackData());

    var back = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("checkout").get().getSpec();
    assertThat(back.getMinReplicas()).isEqualTo(2);
    assertThat(back.getMaxReplicas()).isEqualTo(5);

    forgetRequests();
    action.dryRun(dry("HorizontalPodAutoscaler", NS, "checkout", Map.of("maxReplicas", "7")));
    assertEveryMutationWasServerSideDryRun();
  }

  /** A rollback restores only the bound the step set, while it still holds the step's value. */
  @Test
  void updateHpaRollbackRestoresOnlyTheBoundTheStepSetAndStillHolds() {
    hpa();
    UpdateHpa action = new UpdateHpa();
    var maxOnly = ctx("HorizontalPodAutoscaler", NS, "checkout", Map.of("maxReplicas", "10"));
    ActionResult result = executedAsPrepared(action, maxOnly);
    client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("checkout").edit(h -> {
      h.getSpec().setMinReplicas(4); // someone raised the floor since
      return h;
    });

    action.rollback(maxOnly, result.rollbackData());

    var back = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("checkout").get().getSpec();
    assertThat(back.getMaxReplicas()).as("the step's").isEqualTo(5);
    assertThat(back.getMinReplicas()).as("changed since, not the step's").isEqualTo(4);

    ActionResult again = executedAsPrepared(action, maxOnly);
    client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("checkout").edit(h -> {
      h.getSpec().setMaxReplicas(12);
      return h;
    });
    assertThat(action.rollback(maxOnly, again.rollbackData()).status()).isEqualTo(ActionResult.Status.SKIPPED);
    assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("checkout").get()
        .getSpec().getMaxReplicas()).isEqualTo(12);
  }

  @Test
  void updateHpaRefusesMinAboveMax() {
    hpa();

    assertThatThrownBy(() -> new UpdateHpa().execute(ctx("HorizontalPodAutoscaler", NS, "checkout", Map.of("minReplicas", "9"))))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("above maxReplicas");
  }

  private void pvc(String storageClass) {
    client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace(NS).endMetadata()
        .withNewSpec().withStorageClassName(storageClass).withNewResources().addToRequests("storage", new Quantity("10Gi"))
        .endResources().endSpec().build()).create();
  }

  @Test
  void expandPvcRaisesTheStorageRequestAndDeclaresNoRollback() throws Exception {
    client.resource(new StorageClassBuilder().withNewMetadata().withName("fast").endMetadata()
        .withProvisioner("x").withAllowVolumeExpansion(true).build()).create();
    pvc("fast");
    ExpandPvc action = new ExpandPvc();
    var ctx = ctx("PersistentVolumeClaim", NS, "data", Map.of("size", "20Gi"));
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("data").get().getSpec().getResources()
        .getRequests().get("storage")).isEqualTo(new Quantity("20Gi"));
    assertThat(action.verify(ctx)).isTrue();
    assertThat(result.details()).containsEntry("previousSize", "10Gi");
    assertThat(action.rollback(ctx, result.rollbackData()).status()).isEqualTo(ActionResult.Status.SKIPPED);

    forgetRequests();
    action.dryRun(dry("PersistentVolumeClaim", NS, "data", Map.of("size", "30Gi")));
    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void expandPvcFailsPermanentlyWhenTheStorageClassForbidsExpansion() {
    client.resource(new StorageClassBuilder().withNewMetadata().withName("slow").endMetadata()
        .withProvisioner("x").withAllowVolumeExpansion(false).build()).create();
    pvc("slow");

    assertThatThrownBy(() -> new ExpandPvc().execute(ctx("PersistentVolumeClaim", NS, "data", Map.of("size", "20Gi"))))
        .isInstanceOf(PermanentActionException.class).hasMessageContaining("does not allow volume expansion");
  }
}
