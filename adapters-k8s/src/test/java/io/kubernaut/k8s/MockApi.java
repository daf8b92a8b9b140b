package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.Severity;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.SignalSource;
import io.kubernaut.ports.signal.SignalStatus;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The fabric8 CRUD mock API server with Kubernaut's CRDs, plus independent clients as separate replicas would have. */
final class MockApi implements AutoCloseable {

  static final String NAMESPACE = "kubernaut-system";
  static final KubernetesSettings SETTINGS = new KubernetesSettings(NAMESPACE, "test", false);

  final EmbeddedApiServer server;

  MockApi(Path dir) {
    java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
    server = new EmbeddedApiServer(dir, NAMESPACE, 0).start();
  }

  /** A new client of its own, as a second replica would have. */
  KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(server.url()).withNamespace(NAMESPACE).build()).build();
  }

  /** A store with its own client and its own (started) dedup cache, escalating no storm. */
  static Fabric8RemediationStore store(KubernetesClient client) {
    return store(client, io.kubernaut.ports.in.EscalateStorm.none());
  }

  /** A store with its own client and its own (started) dedup cache, handing the storms it records to {@code storms}. */
  static Fabric8RemediationStore store(KubernetesClient client, io.kubernaut.ports.in.EscalateStorm storms) {
    CaffeineRecentSignals recent = new CaffeineRecentSignals(client, NAMESPACE, java.time.Duration.ofMinutes(10));
    recent.start();
    return new Fabric8RemediationStore(client, SETTINGS, recent, storms);
  }

  static NewRemediation remediation(String name, String fingerprintSeed, Instant at) {
    String hex = String.format("%064x", new java.math.BigInteger(1,
        fingerprintSeed.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 64);
    Signal signal = new Signal(SignalSource.PROMETHEUS, "KubePodCrashLooping", "warning", SignalStatus.FIRING, null,
        Map.of("alertname", "KubePodCrashLooping", "namespace", "shop-prod"), Map.of(), at, "5b1a0e6b3c2d4f10");
    return new NewRemediation(name, new Fingerprint(hex.replaceAll("[^0-9a-f]", "0")), signal,
        new TargetRef("Deployment", "shop-prod", "checkout"), Severity.WARNING, Environment.PRODUCTION, at, List.of());
  }

  @Override
  public void close() {
    server.close();
  }
}
