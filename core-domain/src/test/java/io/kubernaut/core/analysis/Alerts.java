package io.kubernaut.core.analysis;

import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds investigation requests for tests: a Deployment {@code shop/web} with one pod unless told
 * otherwise; a Pod target's owner chain is its ReplicaSet {@code web-5d4} and Deployment {@code web}.
 */
final class Alerts {

  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  static final TargetRef WEB = new TargetRef("Deployment", "shop", "web");
  static final TargetRef NODE = new TargetRef("Node", "", "worker-2");

  private String alertName = "Unknown";
  private TargetRef target = WEB;
  private Environment environment = Environment.STAGING;
  private String severity = "warning";
  private final Map<String, String> labels = new HashMap<>();
  private final Map<String, String> annotations = new HashMap<>();
  private final List<Enrichment.PodState> pods = new ArrayList<>();
  private final List<Enrichment.EventSummary> events = new ArrayList<>();
  private final List<Enrichment.NodeState> nodes = new ArrayList<>();
  private Enrichment.AutoscalerState hpa;
  private Enrichment.RolloutState rollout;

  static Alerts alert(String name) {
    Alerts a = new Alerts();
    a.alertName = name;
    return a;
  }

  Alerts on(TargetRef t) {
    this.target = t;
    return this;
  }

  Alerts in(Environment e) {
    this.environment = e;
    return this;
  }

  Alerts severity(String s) {
    this.severity = s;
    return this;
  }

  Alerts label(String k, String v) {
    labels.put(k, v);
    return this;
  }

  Alerts annotation(String k, String v) {
    annotations.put(k, v);
    return this;
  }

  Alerts pod(String name, boolean ready, int restarts, String waiting, String lastTermination) {
    pods.add(new Enrichment.PodState(name, "Running", ready, restarts, waiting, lastTermination, "worker-2"));
    return this;
  }

  /** A ready pod running on {@code node} and mounting {@code claims}. */
  Alerts podOn(String name, String node, String... claims) {
    pods.add(new Enrichment.PodState(name, "Running", true, 0, null, null, node, List.of(claims)));
    return this;
  }

  /** A ready node with these labels. */
  Alerts labelledNode(String name, Map<String, String> nodeLabels) {
    nodes.add(new Enrichment.NodeState(name, true, List.of(), false, nodeLabels));
    return this;
  }

  Alerts event(String reason, String message) {
    events.add(new Enrichment.EventSummary(reason, message, "Pod/web-abc", 3, NOW.toString()));
    return this;
  }

  Alerts node(String name, boolean ready, String... pressures) {
    nodes.add(new Enrichment.NodeState(name, ready, List.of(pressures), false));
    return this;
  }

  Alerts hpa(int current, int max) {
    this.hpa = new Enrichment.AutoscalerState("web", 1, max, current);
    return this;
  }

  Alerts rolloutMinutesAgo(long minutes) {
    this.rollout = new Enrichment.RolloutState("web-5d4", "3", NOW.minusSeconds(minutes * 60).toString());
    return this;
  }

  InvestigationRequest build() {
    List<TargetRef> chain = target.kind().equals("Deployment")
        ? List.of(new TargetRef("ReplicaSet", target.namespace(), target.name() + "-5d4"), target)
        : target.kind().equals("Pod") ? List.of(target, new TargetRef("ReplicaSet", target.namespace(), "web-5d4"),
            new TargetRef("Deployment", target.namespace(), "web"))
        : List.of(target);
    Enrichment e = new Enrichment(chain, pods, events, nodes,
        List.of(new Enrichment.ContainerResources("app", "100m", "500m", "128Mi", "128Mi")), hpa, null, rollout,
        Map.of(), Map.of(), List.of());
    return new InvestigationRequest("fp", alertName, severity, environment, target, labels, annotations, e, NOW);
  }
}
