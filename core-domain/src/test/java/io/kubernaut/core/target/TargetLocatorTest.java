package io.kubernaut.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.signal.TargetRef;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TargetLocatorTest {

  @ParameterizedTest(name = "{0}={1} names {2}")
  @CsvSource({
      "pod, p-1, Pod, ns",
      "deployment, d-1, Deployment, ns",
      "statefulset, s-1, StatefulSet, ns",
      "daemonset, ds-1, DaemonSet, ns",
      "persistentvolumeclaim, data-0, PersistentVolumeClaim, ns",
      "node, worker-1, Node, ''"})
  void labelNamesItsKind(String label, String value, String kind, String namespace) {
    assertThat(TargetLocator.locate(Map.of("namespace", "ns", label, value)))
        .contains(new TargetRef(kind, namespace, value));
  }

  @Test
  void podLabelWinsOverDeploymentLabel() {
    assertThat(TargetLocator.locate(Map.of("namespace", "ns", "pod", "p", "deployment", "d")))
        .contains(new TargetRef("Pod", "ns", "p"));
  }

  @Test
  void exportedNamespaceWinsOverNamespace() {
    assertThat(TargetLocator.locate(Map.of("namespace", "monitoring", "exported_namespace", "shop-prod", "pod", "p")))
        .contains(new TargetRef("Pod", "shop-prod", "p"));
  }

  @Test
  void scrapeServiceLabelIsNotMistakenForTheTarget() {
    assertThat(TargetLocator.locate(Map.of("namespace", "ns", "service", "kube-state-metrics", "job", "kube-state-metrics")))
        .contains(new TargetRef("Namespace", "", "ns"));
  }

  @Test
  void noTargetLabelAndNoNamespaceNamesNothing() {
    assertThat(TargetLocator.locate(Map.of("alertname", "Watchdog"))).isEmpty();
  }
}
