package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrimaryWakerTest {

  private final List<String> reconciled = new ArrayList<>();
  private final AtomicInteger starts = new AtomicInteger();
  private final PrimaryWaker<AlertRemediation> waker = new PrimaryWaker<>("turns", starts::incrementAndGet);

  @Test
  void aWakeWhileRunningReconcilesThatPrimaryAndAWakeWhileStoppedIsDropped() {
    waker.setEventHandler(event -> reconciled.add(event.getRelatedCustomResourceID().getName()));

    waker.wake(new ResourceID("before-start", "ns"));
    waker.start();
    waker.wake(new ResourceID("ar-1", "ns"));
    waker.stop();
    waker.wake(new ResourceID("after-stop", "ns"));

    assertThat(reconciled).containsExactly("ar-1");
  }

  @Test
  void eachStartRunsTheOwnersResetBeforeAnyWakeOfThatTerm() {
    waker.setEventHandler(event -> reconciled.add(starts.get() + ":" + event.getRelatedCustomResourceID().getName()));

    waker.start();
    waker.wake(new ResourceID("ar-1", "ns"));
    waker.stop();
    waker.start();
    waker.wake(new ResourceID("ar-2", "ns"));

    assertThat(reconciled).containsExactly("1:ar-1", "2:ar-2");
  }

  @Test
  void eachStopRunsTheOwnersEndOfTermAfterWhichNoWakeIsDelivered() {
    List<String> seen = new ArrayList<>();
    PrimaryWaker<AlertRemediation> ending = new PrimaryWaker<>("turns", () -> seen.add("start"), () -> seen.add("stop"));
    ending.setEventHandler(event -> seen.add("wake " + event.getRelatedCustomResourceID().getName()));

    ending.start();
    ending.wake(new ResourceID("ar-1", "ns"));
    ending.stop();
    ending.wake(new ResourceID("ar-2", "ns"));

    assertThat(seen).containsExactly("start", "wake ar-1", "stop");
  }

  @Test
  void itHasNoSecondaryResourcesAndBearsItsName() {
    assertThat(waker.getSecondaryResources(new AlertRemediation())).isEmpty();
    assertThat(waker.name()).isEqualTo("turns");
  }
}
