package io.kubernaut.core.analysis;

import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads the facts the rules cite out of an investigation request's enrichment. */
final class ClusterFacts {

  private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  private final InvestigationRequest request;
  private final Enrichment e;

  ClusterFacts(InvestigationRequest request) {
    this.request = request;
    this.e = request.enrichment();
  }

  /** Pods whose last termination reason was OOMKilled. */
  List<Enrichment.PodState> oomKilledPods() {
    return e.pods().stream().filter(p -> "OOMKilled".equals(p.lastTerminationReason())).toList();
  }

  /** Pods waiting in CrashLoopBackOff. */
  List<Enrichment.PodState> crashLoopingPods() {
    return e.pods().stream().filter(p -> "CrashLoopBackOff".equals(p.waitingReason())).toList();
  }

  /** Pods that are not ready. */
  List<Enrichment.PodState> notReadyPods() {
    return e.pods().stream().filter(p -> !p.ready()).toList();
  }

  /** Warning events with this reason. */
  List<Enrichment.EventSummary> events(String reason) {
    return e.events().stream().filter(ev -> reason.equalsIgnoreCase(ev.reason())).toList();
  }

  boolean hasEvent(String reason) {
    return !events(reason).isEmpty();
  }

  /** The workload (Deployment, StatefulSet or DaemonSet) of the target: itself or the nearest owner. */
  Optional<TargetRef> workload() {
    if (WORKLOAD_KINDS.contains(request.target().kind())) {
      return Optional.of(request.target());
    }
    return e.ownerChain().stream().filter(t -> WORKLOAD_KINDS.contains(t.kind())).findFirst();
  }

  /** How long ago the latest rollout happened, when known. */
  Optional<Duration> rolloutAge() {
    if (e.rollout() == null || e.rollout().createdAt() == null || e.rollout().createdAt().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.between(Instant.parse(e.rollout().createdAt()), request.at()));
    } catch (DateTimeParseException ex) {
      return Optional.empty();
    }
  }

  /** The first container's resources, or the one named by the alert's {@code container} label. */
  Optional<Enrichment.ContainerResources> container() {
    String wanted = request.labels().get("container");
    return e.containers().stream().filter(c -> wanted == null || wanted.equals(c.container())).findFirst()
        .or(() -> e.containers().stream().findFirst());
  }

  /** Whether the workload's HPA cannot scale out any further. */
  boolean evidenceOfAutoscalerAtMaximum() {
    return e.autoscaler() != null && e.autoscaler().atMaximum();
  }

  /** The workload's HPA, or null. */
  Enrichment.AutoscalerState autoscaler() {
    return e.autoscaler();
  }

  /** Nodes that are not ready. */
  List<Enrichment.NodeState> notReadyNodes() {
    return e.nodes().stream().filter(n -> !n.ready()).toList();
  }

  /** Node pressures (DiskPressure, MemoryPressure, PIDPressure), as "node: pressure" sentences. */
  List<String> pressures() {
    List<String> result = new ArrayList<>();
    e.nodes().forEach(n -> n.pressures().forEach(p -> result.add(n.name() + " has " + p)));
    return result;
  }

  /** The alert name, lower-case, for family matching. */
  String alert() {
    return request.alertName().toLowerCase(Locale.ROOT);
  }

  /** Every fact worth citing, as sentences. */
  List<String> evidence() {
    List<String> facts = new ArrayList<>();
    for (Enrichment.PodState p : e.pods()) {
      if (!p.ready() || p.restarts() > 0) {
        facts.add("Pod " + p.name() + " is " + (p.ready() ? "ready" : "not ready") + " with " + p.restarts()
            + " restarts" + (p.waitingReason() == null ? "" : ", waiting in " + p.waitingReason())
            + (p.lastTerminationReason() == null ? "" : ", last terminated with " + p.lastTerminationReason()) + ".");
      }
    }
    for (Enrichment.EventSummary ev : e.events()) {
      facts.add("Event " + ev.reason() + " on " + ev.object() + " (x" + ev.count() + ").");
    }
    notReadyNodes().forEach(n -> facts.add("Node " + n.name() + " is not ready."));
    pressures().forEach(p -> facts.add("Node " + p + "."));
    rolloutAge().ifPresent(age -> facts.add("The latest rollout (" + e.rollout().replicaSet() + ", revision "
        + e.rollout().revision() + ") happened " + age.toMinutes() + " minutes ago."));
    if (e.autoscaler() != null) {
      facts.add("HPA " + e.autoscaler().name() + " runs " + e.autoscaler().currentReplicas() + " of at most "
          + e.autoscaler().maxReplicas() + " replicas.");
    }
    container().ifPresent(c -> facts.add("Container " + c.container() + " has memory limit " + c.memoryLimit()
        + " and CPU limit " + c.cpuLimit() + "."));
    return facts;
  }
}
