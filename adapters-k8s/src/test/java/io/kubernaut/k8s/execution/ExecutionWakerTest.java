package io.kubernaut.k8s.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutionWakerTest {

  private final InMemoryActionRunner runner = new InMemoryActionRunner();
  private final List<ResourceID> woken = new ArrayList<>();
  private ExecutionWaker waker;

  @BeforeEach
  void start() {
    waker = new ExecutionWaker(runner);
    waker.setEventHandler(event -> woken.add(event.getRelatedCustomResourceID()));
    waker.start();
  }

  private static KubernetesExecution execution(String name, String created, String action) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("kubernaut-system")
        .withCreationTimestamp(created).build());
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setAction(action);
    kex.setSpec(spec);
    return kex;
  }

  private static ResourceID id(String name) {
    return new ResourceID(name, "kubernaut-system");
  }

  @Test
  void eachEndedCallWakesTheOldestExecutionWaitingForThatPluginOnce() {
    long before = waker.freedSoFar();
    waker.turnedAway(execution("ar-3-workflow-1", "2026-12-03T10:00:03Z", "scale_deployment"), before);
    waker.turnedAway(execution("ar-1-workflow-1", "2026-12-03T10:00:01Z", "restart_pod"), before);
    waker.turnedAway(execution("ar-2-workflow-1", "2026-12-03T10:00:02Z", "annotate_workload"), before);
    assertThat(woken).as("nothing ended meanwhile, so nothing is woken yet").isEmpty();

    runner.freeCapacity(Set.of("restart_pod", "scale_deployment")); // a built-in call ended
    runner.freeCapacity(Set.of("restart_pod", "scale_deployment"));
    runner.freeCapacity(Set.of("restart_pod", "scale_deployment"));

    assertThat(woken).as("oldest first, and only those of the plugin whose thread is free; each once")
        .containsExactly(id("ar-1-workflow-1"), id("ar-3-workflow-1"));
    assertThat(waker.waiting()).as("the execution of another plugin still waits").isEqualTo(1);

    runner.freeCapacity(Set.of("annotate_workload"));
    assertThat(woken).endsWith(id("ar-2-workflow-1"));
    assertThat(waker.waiting()).isZero();
  }

  @Test
  void aCallThatEndedWhileAnotherWasBeingTurnedAwayWakesAWaiterAtOnce() {
    long before = waker.freedSoFar();
    runner.freeCapacity(Set.of("scale_deployment")); // nobody waited yet: that end alone wakes no one
    assertThat(woken).isEmpty();

    waker.turnedAway(execution("ar-1-workflow-1", "2026-12-03T10:00:01Z", "scale_deployment"), before);

    assertThat(woken).as("a thread may be free already").containsExactly(id("ar-1-workflow-1"));
  }

  @Test
  void anExecutionThatLeavesBeforeItIsWokenIsNotWoken() {
    KubernetesExecution kex = execution("ar-1-workflow-1", "2026-12-03T10:00:01Z", "scale_deployment");
    waker.turnedAway(kex, waker.freedSoFar());
    waker.turnedAway(kex, waker.freedSoFar()); // turned away again by a reconcile the backstop started: one place

    waker.leave(kex); // its next call starts (the backstop's timer came first) or it ended
    runner.freeCapacity(Set.of("scale_deployment"));

    assertThat(woken).isEmpty();
    assertThat(waker.waiting()).isZero();
  }

  @Test
  void aStoppedWakerSendsNoEvent() {
    waker.turnedAway(execution("ar-1-workflow-1", "2026-12-03T10:00:01Z", "scale_deployment"), waker.freedSoFar());
    waker.stop();

    runner.freeCapacity(Set.of("scale_deployment"));

    assertThat(woken).isEmpty();
  }
}
