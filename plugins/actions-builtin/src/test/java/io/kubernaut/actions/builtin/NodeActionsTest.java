package io.kubernaut.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RetryableActionException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeActionsTest extends MockCluster {

  private Node node1() {
    return client.nodes().withName("worker-1").get();
  }

  @Test
  void cordonMakesTheNodeUnschedulableAndRollbackRestoresIt() {
    node("worker-1");
    CordonNode action = new CordonNode();
    var ctx = ctx("Node", "", "worker-1", Map.of());
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(node1().getSpec().getUnschedulable()).isTrue();
    assertThat(action.verify(ctx)).isTrue();
    assertThat(result.rollbackData()).containsEntry("previousUnschedulable", "false");

    action.rollback(ctx, result.rollbackData());

    assertThat(node1().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(action.verify(ctx)).isFalse();
  }

  @Test
  void cordonDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    node("worker-1");
    forgetRequests();

    new CordonNode().dryRun(dry("Node", "", "worker-1", Map.of()));

    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void uncordonMakesTheNodeSchedulableAndRollbackCordonsItAgain() {
    node("worker-1");
    client.nodes().withName("worker-1").edit(n -> {
      n.getSpec().setUnschedulable(true);
      return n;
    });
    UncordonNode action = new UncordonNode();
    var ctx = ctx("Node", "", "worker-1", Map.of());

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(node1().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(action.verify(ctx)).isTrue();

    action.rollback(ctx, result.rollbackData());

    assertThat(node1().getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void uncordonDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    node("worker-1");
    client.nodes().withName("worker-1").edit(n -> {
      n.getSpec().setUnschedulable(true);
      return n;
    });
    forgetRequests();

    new UncordonNode().dryRun(dry("Node", "", "worker-1", Map.of()));

    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void drainCordonsAndEvictsPodsButLeavesDaemonSetPodsAndOtherNodesAlone() {
    node("worker-1");
    pod("a", "worker-1");
    pod("b", "worker-1");
    pod("elsewhere", "worker-2");
    client.resource(new PodBuilder().withNewMetadata().withName("ds-pod").withNamespace(NS)
        .addNewOwnerReference().withKind("DaemonSet").withName("logs").withApiVersion("apps/v1").withUid("d1")
        .endOwnerReference().endMetadata().withNewSpec().withNodeName("worker-1").endSpec().build()).create();
    DrainNode action = new DrainNode();
    var ctx = ctx("Node", "", "worker-1", Map.of("gracePeriodSeconds", "30"));
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(result.message()).contains("evicted 2 pods");
    assertThat(node1().getSpec().getUnschedulable()).isTrue();
    assertThat(client.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("elsewhere", "ds-pod");
    assertThat(action.verify(ctx)).isTrue();

    action.rollback(ctx, result.rollbackData());

    assertThat(node1().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
  }

  /**
   * A node that runs a pod no controller recreates is not drained, nor cordoned: evicted, the pod would be gone for
   * good (kubectl drain refuses it without --force). The dry run says so too.
   */
  @Test
  void aNodeRunningAPodNothingRecreatesIsNotDrained() {
    node("worker-1");
    pod("a", "worker-1");
    client.resource(new PodBuilder().withNewMetadata().withName("lonely").withNamespace(NS).endMetadata()
        .withNewSpec().withNodeName("worker-1").endSpec().build()).create();
    var ctx = ctx("Node", "", "worker-1", Map.of());

    assertThatThrownBy(() -> new DrainNode().execute(ctx))
        .isInstanceOf(io.kubernaut.spi.action.PermanentActionException.class)
        .hasMessageContaining("[shop-prod/lonely]").hasMessageContaining("not drained");
    assertThatThrownBy(() -> new DrainNode().dryRun(dry("Node", "", "worker-1", Map.of())))
        .isInstanceOf(io.kubernaut.spi.action.PermanentActionException.class);

    assertThat(node1().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(client.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
        .contains("a", "lonely");
  }

  @Test
  void drainBlockedByAPodDisruptionBudgetFailsRetryablyNamingThePod() {
    node("worker-1");
    pod("a", "worker-1");
    pod("guarded", "worker-1");
    apiServer.protectWithPdb(NS + "/guarded");
    DrainNode action = new DrainNode();
    var ctx = ctx("Node", "", "worker-1", Map.of());

    assertThatThrownBy(() -> action.execute(ctx)).isInstanceOf(RetryableActionException.class)
        .hasMessageContaining("shop-prod/guarded").hasMessageContaining("429");

    assertThat(client.pods().inNamespace(NS).withName("a").get()).isNull();
    assertThat(client.pods().inNamespace(NS).withName("guarded").get()).isNotNull();
    assertThat(action.verify(ctx)).isFalse();
  }

  @Test
  void drainDryRunEvictsNothingAndCordonsOnlyAsServerSideDryRun() throws Exception {
    node("worker-1");
    pod("a", "worker-1");
    forgetRequests();

    ActionResult result = new DrainNode().dryRun(dry("Node", "", "worker-1", Map.of()));

    assertThat(result.message()).contains("Would evict 1 pods: [shop-prod/a]");
    assertEveryMutationWasServerSideDryRun();
    assertThat(client.pods().inNamespace(NS).withName("a").get()).isNotNull();
  }

  @Test
  void taintAddsTheTaintAndRollbackRemovesIt() {
    node("worker-1");
    TaintNode action = new TaintNode();
    var ctx = ctx("Node", "", "worker-1", Map.of("key", "kubernaut.io/suspect", "value", "disk", "effect", "NoSchedule"));
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(node1().getSpec().getTaints()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("kubernaut.io/suspect");
      assertThat(t.getValue()).isEqualTo("disk");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(action.verify(ctx)).isTrue();

    action.rollback(ctx, result.rollbackData());

    assertThat(node1().getSpec().getTaints()).isNullOrEmpty();
    assertThat(action.verify(ctx)).isFalse();
  }

  @Test
  void taintDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    node("worker-1");
    forgetRequests();

    new TaintNode().dryRun(dry("Node", "", "worker-1", Map.of("key", "k", "effect", "NoExecute")));

    assertEveryMutationWasServerSideDryRun();
  }

  @Test
  void untaintRemovesTheTaintAndRollbackPutsItBack() {
    node("worker-1");
    new TaintNode().execute(ctx("Node", "", "worker-1", Map.of("key", "gpu", "value", "a100", "effect", "NoSchedule")));
    UntaintNode action = new UntaintNode();
    var ctx = ctx("Node", "", "worker-1", Map.of("key", "gpu"));
    assertThat(action.verify(ctx)).isFalse();

    ActionResult result = executedAsPrepared(action, ctx);

    assertThat(node1().getSpec().getTaints()).isNullOrEmpty();
    assertThat(action.verify(ctx)).isTrue();

    action.rollback(ctx, result.rollbackData());

    assertThat(node1().getSpec().getTaints()).singleElement().satisfies(t -> {
      assertThat(t.getValue()).isEqualTo("a100");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
  }

  @Test
  void untaintDryRunSendsOnlyServerSideDryRunMutations() throws Exception {
    node("worker-1");
    new TaintNode().execute(ctx("Node", "", "worker-1", Map.of("key", "gpu", "effect", "NoSchedule")));
    forgetRequests();

    new UntaintNode().dryRun(dry("Node", "", "worker-1", Map.of("key", "gpu")));

    assertEveryMutationWasServerSideDryRun();
  }
}
