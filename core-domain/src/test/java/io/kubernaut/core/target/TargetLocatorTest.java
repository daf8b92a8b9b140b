package io.kubernaut.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.signal.TargetRef;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TargetLocatorTest {

  private static final TargetLocator LOCATOR = TargetLocator.standard();

  @ParameterizedTest(name = "{0}={1} names {2}")
  @CsvSource({
      "pod, p-1, Pod, ns",
      "deployment, d-1, Deployment, ns",
      "statefulset, s-1, StatefulSet, ns",
      "daemonset, ds-1, DaemonSet, ns",
      "persistentvolumeclaim, data-0, PersistentVolumeClaim, ns",
      "node, worker-1, Node, ''"})
  void labelNamesItsKind(String label, String value, String kind, String namespace) {
    assertThat(LOCATOR.locate(Map.of("namespace", "ns", label, value)))
        .contains(new TargetRef(kind, namespace, value));
  }

  @Test
  void aNamespacedObjectsLabelWithoutANamespaceNamesNothingButAClusterScopedOneStill() {
    // A pod named p in no namespace cannot be found: the alert is ignored as naming no target, not persisted.
    assertThat(LOCATOR.locate(Map.of("alertname", "A", "pod", "p"))).isEmpty();
    assertThat(LOCATOR.locate(Map.of("pod", "p", "node", "n1")))
        .contains(new TargetRef("Node", "", "n1"));
  }

  @Test
  void podLabelWinsOverDeploymentLabel() {
    assertThat(LOCATOR.locate(Map.of("namespace", "ns", "pod", "p", "deployment", "d")))
        .contains(new TargetRef("Pod", "ns", "p"));
  }

  @Test
  void exportedNamespaceFromKubeStateMetricsWinsOverTheExportersNamespace() {
    assertThat(LOCATOR.locate(Map.of("namespace", "monitoring", "exported_namespace", "other-team",
        "job", "kube-state-metrics", "exported_pod", "p", "pod", "kube-state-metrics-5f7b")))
        .contains(new TargetRef("Pod", "other-team", "p"));
  }

  /**
   * With {@code exported_namespace} (honor_labels false), {@code pod} and {@code service} are the
   * exporter's own: two crash-looping pods are two targets, and a Deployment alert names the Deployment.
   */
  @Test
  void underAnExportedNamespaceTheScrapeTargetsPodAndServiceAreTheExportersNotTheObjects() {
    Map<String, String> ksm = Map.of("namespace", "monitoring", "exported_namespace", "shop", "job", "kube-state-metrics",
        "pod", "kube-state-metrics-5f7b", "service", "kube-state-metrics-svc", "container", "kube-state-metrics");
    java.util.function.Function<Map<String, String>, Map<String, String>> with = extra -> {
      Map<String, String> labels = new java.util.HashMap<>(ksm);
      labels.putAll(extra);
      return labels;
    };

    assertThat(LOCATOR.locate(with.apply(Map.of("exported_pod", "api-1")))).contains(new TargetRef("Pod", "shop", "api-1"));
    assertThat(LOCATOR.locate(with.apply(Map.of("exported_pod", "api-2")))).contains(new TargetRef("Pod", "shop", "api-2"));
    assertThat(LOCATOR.locate(with.apply(Map.of("deployment", "checkout"))))
        .contains(new TargetRef("Deployment", "shop", "checkout"));
    assertThat(LOCATOR.locate(ksm)).as("nothing but the exporter's own labels: the namespace")
        .contains(new TargetRef("Namespace", "", "shop"));
    assertThat(LOCATOR.locate(with.apply(Map.of("exported_service", "web"))))
        .contains(new TargetRef("Service", "shop", "web"));
    Map<String, String> sameNamedService = new java.util.HashMap<>(ksm);
    sameNamedService.put("service", "kube-state-metrics");
    sameNamedService.put("exported_service", "web");
    assertThat(LOCATOR.locate(sameNamedService)).as("the exporter's Service named as its job does not hide the object's")
        .contains(new TargetRef("Service", "shop", "web"));
    Map<String, String> aggregated = Map.of("exported_namespace", "shop", "job", "kube-state-metrics", "namespace",
        "monitoring", "exported_service", "web");
    assertThat(LOCATOR.locate(aggregated)).as("no service label of its own (a rule aggregated it away)")
        .contains(new TargetRef("Service", "shop", "web"));
    assertThat(LOCATOR.locate(Map.of("namespace", "shop", "job", "api", "service", "web")))
        .contains(new TargetRef("Service", "shop", "web"));
  }

  @Test
  void anApplicationsExportedNamespaceIsIgnoredAndItsOwnNamespaceWins() {
    assertThat(LOCATOR.locate(Map.of("namespace", "shop", "exported_namespace", "other-team", "job", "my-app",
        "pod", "p")))
        .contains(new TargetRef("Pod", "shop", "p"));
  }

  @Test
  void exportedNamespaceWithoutAJobLabelIsIgnored() {
    assertThat(LOCATOR.locate(Map.of("namespace", "shop", "exported_namespace", "other-team", "deployment", "d")))
        .contains(new TargetRef("Deployment", "shop", "d"));
    assertThat(LOCATOR.namespaceOf(Map.of("exported_namespace", "other-team"))).isEmpty();
  }

  @Test
  void theAllowlistIsConfigurable() {
    TargetLocator custom = new TargetLocator(java.util.Set.of("my-exporter"));
    Map<String, String> fromExporter = Map.of("namespace", "monitoring", "exported_namespace", "other-team",
        "job", "my-exporter", "exported_pod", "p");
    Map<String, String> fromKsm = Map.of("namespace", "monitoring", "exported_namespace", "other-team",
        "job", "kube-state-metrics", "pod", "p", "exported_pod", "q");
    assertThat(custom.locate(fromExporter)).contains(new TargetRef("Pod", "other-team", "p"));
    assertThat(custom.locate(fromKsm)).contains(new TargetRef("Pod", "monitoring", "p"));
    assertThat(new TargetLocator(java.util.Set.of()).locate(fromKsm)).contains(new TargetRef("Pod", "monitoring", "p"));
  }

  @Test
  void anUntrustedExportedNamespaceDoesNotNameANamespaceTarget() {
    assertThat(LOCATOR.locate(Map.of("namespace", "shop", "exported_namespace", "other-team", "job", "my-app")))
        .contains(new TargetRef("Namespace", "", "shop"));
  }

  @Test
  void scrapeServiceLabelIsNotMistakenForTheTarget() {
    assertThat(LOCATOR.locate(Map.of("namespace", "ns", "service", "kube-state-metrics", "job", "kube-state-metrics")))
        .contains(new TargetRef("Namespace", "", "ns"));
  }

  @Test
  void noTargetLabelAndNoNamespaceNamesNothing() {
    assertThat(LOCATOR.locate(Map.of("alertname", "Watchdog"))).isEmpty();
  }
}
