package io.kubernaut.k8s.fakes;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisSpec;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingSpec;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.StatusSpine;
import java.time.Instant;
import java.util.Map;

/**
 * The custom resources of one remediation, {@code ar-1} on Deployment shop/api, as the focused
 * reconciler tests need them, and a reader of their conditions.
 */
public final class Resources {

  public static final String NS = "kubernaut-system";
  public static final String AR = "ar-1";
  public static final String FINGERPRINT = "7ace0a020e" + "0".repeat(54);
  public static final Instant RECEIVED = Instant.parse("2026-11-20T10:00:00Z");

  private Resources() {}

  public static AlertRemediation remediation() {
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder().withName(AR).withNamespace(NS).withGeneration(1L)
        .withCreationTimestamp(RECEIVED.toString())
        .withLabels(Map.of(KubernautLabels.FINGERPRINT, FINGERPRINT.substring(0, 40))).build());
    AlertRemediationSpec spec = new AlertRemediationSpec();
    spec.setFingerprint(FINGERPRINT);
    spec.setAlertName("KubePodCrashLooping");
    spec.setSource("prometheus");
    spec.setSeverity("critical");
    spec.setEnvironment("production");
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setLabels(Map.of("alertname", "KubePodCrashLooping", "namespace", "shop"));
    spec.setReceivedAt(RECEIVED.toString());
    ar.setSpec(spec);
    return ar;
  }

  /** A new AlertRemediation for a KubePodCrashLooping alert on {@code target}, to create on an API server. */
  public static AlertRemediation remediation(String namespace, String name, ObjectRef target) {
    AlertRemediation ar = new AlertRemediation();
    ar.getMetadata().setName(name);
    ar.getMetadata().setNamespace(namespace);
    AlertRemediationSpec spec = new AlertRemediationSpec();
    spec.setFingerprint(FINGERPRINT);
    spec.setAlertName("KubePodCrashLooping");
    spec.setSource("prometheus");
    spec.setSeverity("critical");
    spec.setReceivedAt(RECEIVED.toString());
    spec.setTarget(target);
    ar.setSpec(spec);
    return ar;
  }

  public static AlertProcessing processing() {
    AlertProcessing ap = new AlertProcessing();
    ap.setMetadata(new ObjectMetaBuilder().withName(AR + "-processing").withNamespace(NS).withGeneration(1L).build());
    AlertProcessingSpec spec = new AlertProcessingSpec();
    spec.setRemediationRef(new RemediationRef(AR));
    spec.setAlertName("KubePodCrashLooping");
    spec.setSeverity("critical");
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setLabels(Map.of("alertname", "KubePodCrashLooping"));
    ap.setSpec(spec);
    return ap;
  }

  public static AIAnalysis analysis() {
    AIAnalysis aia = new AIAnalysis();
    aia.setMetadata(new ObjectMetaBuilder().withName(AR + "-analysis").withNamespace(NS).withGeneration(1L)
        .withLabels(Map.of(KubernautLabels.FINGERPRINT, FINGERPRINT.substring(0, 40))).build());
    AIAnalysisSpec spec = new AIAnalysisSpec();
    spec.setRemediationRef(new RemediationRef(AR));
    spec.setAlertName("KubePodCrashLooping");
    spec.setSeverity("critical");
    spec.setEnvironment("production");
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setLabels(Map.of("alertname", "KubePodCrashLooping"));
    spec.setAnnotations(Map.of("summary", "api restarts"));
    aia.setSpec(spec);
    return aia;
  }

  /** The condition of {@code type} in {@code status}, or null. */
  public static Condition condition(StatusSpine status, String type) {
    return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }
}
