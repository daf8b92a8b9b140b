package io.kubernaut.core.analysis;

import io.kubernaut.core.quantity.Quantities;
import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in rule engine: the default investigator and the last resort. It needs no network.
 * It classifies the alert into a family and recommends catalog actions whose rationale cites the
 * enrichment's evidence: a last termination reason of OOMKilled raises the memory limit, a crash
 * loop within 30 minutes of a rollout rolls back, any other crash loop restarts. The alert's name
 * picks the family; cluster state that points at another family lowers the confidence by
 * {@link #CONFLICT_PENALTY} (a crash-loop rule never answers a throttling alert).
 */
public final class RuleInvestigator implements Investigator {

  public static final String NAME = "rules";
  static final Duration RECENT_ROLLOUT = Duration.ofMinutes(30);
  /** How much confidence an answer loses when the cluster state points at another family than the alert's name. */
  static final double CONFLICT_PENALTY = 0.15;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean external() {
    return false;
  }

  @Override
  public Investigation investigate(InvestigationRequest request) {
    ClusterFacts facts = new ClusterFacts(request);
    AlertFamily family = AlertFamily.of(facts, request.target().kind());
    Answer answer = new Answer(facts.evidence());
    switch (family) {
      case OOM_KILLED -> oomKilled(request, facts, answer);
      case CRASH_LOOPING -> crashLooping(request, facts, answer);
      case NODE_NOT_READY -> nodeNotReady(request, answer);
      case NODE_PRESSURE -> nodePressure(request, facts, answer);
      case PVC_FILLING_UP -> answer.cause("The volume of " + request.target().display() + " is filling up.", 0.6)
          .add("notify_only", request.target(), Map.of(), 0.6, "LOW", "The volume is filling up and its size is not "
              + "in the alert, so a human should choose the new size of the claim (expand_pvc).");
      case CPU_THROTTLING -> cpuThrottling(request, facts, answer);
      case HPA_MAXED_OUT -> hpaMaxedOut(request, facts, answer);
      case EVICTED -> answer.cause("Pods of " + request.target().display() + " were evicted, usually by node pressure.", 0.6)
          .add("collect_diagnostics", request.target(), Map.of(), 0.6, "LOW", "Evicted events "
              + cite(facts.events("Evicted")) + " point at node pressure; the diagnostics show which node and why.");
      case FAILED_SCHEDULING -> answer.cause("Pods of " + request.target().display() + " cannot be scheduled.", 0.6)
          .add("collect_diagnostics", request.target(), Map.of(), 0.6, "LOW", "FailedScheduling events "
              + cite(facts.events("FailedScheduling")) + " show missing capacity or unsatisfiable constraints; "
              + "restarting would not help, a human must add capacity or relax the constraints.");
      case ROLLOUT_STUCK -> rollback(request, facts, answer, 0.8, "The rollout of " + request.target().display()
          + " is stuck; rolling back to the previous revision restores the last working version.");
      case REPLICA_MISMATCH, NOT_READY -> restart(request, facts, answer, family == AlertFamily.NOT_READY
          ? "Pods of " + request.target().display() + " are not ready." : "Fewer replicas of "
          + request.target().display() + " are available than desired.");
      case UNKNOWN -> answer.cause("No rule matches alert " + request.alertName() + ".", 0.3)
          .add("notify_only", request.target(), Map.of(), 0.3, "LOW",
              "No rule covers " + request.alertName() + "; a human should look at it.");
    }
    Optional<AlertFamily> named = AlertFamily.byName(facts.alert());
    AlertFamily shown = AlertFamily.byState(facts, request.target().kind());
    if (named.isPresent() && named.get() != AlertFamily.NOT_READY && shown != AlertFamily.UNKNOWN
        && shown != named.get()) {
      answer.doubt(CONFLICT_PENALTY, "The cluster state points at " + shown.name().toLowerCase(Locale.ROOT)
          + " rather than the alert's " + named.get().name().toLowerCase(Locale.ROOT)
          + ", so the answer is less certain.");
    }
    return answer.build();
  }

  private static void oomKilled(InvestigationRequest request, ClusterFacts facts, Answer answer) {
    List<Enrichment.PodState> killed = facts.oomKilledPods();
    String why = killed.isEmpty() ? "alert " + request.alertName() + cite(facts.events("OOMKilling"))
        : "pods " + names(killed) + " last terminated with reason OOMKilled";
    Optional<TargetRef> workload = facts.workload().filter(w -> !w.kind().equals("DaemonSet"));
    if (workload.isEmpty()) {
      restart(request, facts, answer, "A container of " + request.target().display() + " runs out of memory.");
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Optional<Enrichment.ContainerResources> container = facts.container();
    container.ifPresent(c -> params.put("container", c.container()));
    Optional<String> doubled = container.flatMap(c -> Quantities.times(c.memoryLimit(), 2));
    doubled.ifPresentOrElse(m -> params.put("memoryLimit", m), () -> params.put("memoryFactor", "2"));
    String limit = container.map(c -> " from " + c.memoryLimit() + " to " + doubled.orElse("twice that")).orElse(" by 2x");
    double confidence = killed.isEmpty() ? 0.75 : 0.9;
    answer.cause("Containers of " + workload.get().display() + " exceed their memory limit and are OOMKilled.", confidence)
        .add("increase_resources", workload.get(), params, confidence, "MEDIUM",
            "Raise the memory limit" + limit + " because " + why + ".");
  }

  private static void crashLooping(InvestigationRequest request, ClusterFacts facts, Answer answer) {
    Optional<Duration> age = facts.rolloutAge();
    boolean deployment = facts.workload().filter(w -> w.kind().equals("Deployment")).isPresent();
    if (deployment && age.isPresent() && !age.get().isNegative() && age.get().compareTo(RECENT_ROLLOUT) <= 0) {
      rollback(request, facts, answer, 0.85, "Pods " + names(facts.crashLoopingPods()) + " crash-loop and the latest "
          + "rollout happened " + age.get().toMinutes() + " minutes ago (within 30), so the new revision is the likely cause.");
      return;
    }
    restart(request, facts, answer, "Pods of " + request.target().display() + " are crash-looping"
        + cite(facts.events("BackOff")) + ".");
  }

  private static void rollback(InvestigationRequest request, ClusterFacts facts, Answer answer, double confidence,
      String rationale) {
    Optional<TargetRef> deployment = facts.workload().filter(w -> w.kind().equals("Deployment"));
    if (deployment.isEmpty()) {
      restart(request, facts, answer, rationale);
      return;
    }
    answer.cause("The latest rollout of " + deployment.get().display() + " is faulty.", confidence)
        .add("rollback_deployment", deployment.get(), Map.of(), confidence, "MEDIUM", rationale);
  }

  /** A rolling restart of the workload, or a pod restart when there is no workload. */
  private static void restart(InvestigationRequest request, ClusterFacts facts, Answer answer, String cause) {
    String cited = " Evidence: " + String.join(" ", facts.evidence().stream().limit(3).toList());
    Optional<TargetRef> workload = facts.workload();
    if (workload.isPresent()) {
      answer.cause(cause, 0.72).add("rollout_restart", workload.get(), Map.of(), 0.72, "MEDIUM",
          cause + " A rolling restart replaces the pods without downtime." + cited);
      return;
    }
    TargetRef pod = request.target().kind().equals("Pod") ? request.target()
        : facts.notReadyPods().stream().findFirst()
            .map(p -> new TargetRef("Pod", request.target().namespace(), p.name())).orElse(request.target());
    answer.cause(cause, 0.7).add("restart_pod", pod, Map.of(), 0.7, "MEDIUM",
        cause + " Deleting the pod lets its controller recreate it." + cited);
  }

  private static void nodeNotReady(InvestigationRequest request, Answer answer) {
    TargetRef node = node(request);
    answer.cause("Node " + node.name() + " is not ready or unreachable.", 0.8)
        .add("cordon_node", node, Map.of(), 0.8, "MEDIUM", "Node " + node.name()
            + " is not ready; cordoning it stops new pods from landing there.")
        .add("drain_node", node, Map.of(), 0.7, "HIGH", "Draining moves the pods off the not-ready node " + node.name()
            + " while honouring their disruption budgets.", "step-1");
  }

  private static void nodePressure(InvestigationRequest request, ClusterFacts facts, Answer answer) {
    TargetRef node = node(request);
    String pressure = facts.pressures().isEmpty() ? "alert " + request.alertName() : String.join(", ", facts.pressures());
    answer.cause("Node " + node.name() + " is under resource pressure.", 0.75)
        .add("cordon_node", node, Map.of(), 0.75, "MEDIUM", "Node " + node.name() + " is under pressure (" + pressure
            + "); cordoning it stops new pods from adding to it while the kubelet reclaims resources.");
  }

  private static void cpuThrottling(InvestigationRequest request, ClusterFacts facts, Answer answer) {
    Optional<TargetRef> workload = facts.workload().filter(w -> !w.kind().equals("DaemonSet"));
    if (workload.isEmpty()) {
      restart(request, facts, answer, "Containers of " + request.target().display() + " are CPU-throttled.");
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Optional<Enrichment.ContainerResources> container = facts.container();
    container.ifPresent(c -> params.put("container", c.container()));
    Optional<String> raised = container.flatMap(c -> Quantities.times(c.cpuLimit(), 1.5));
    raised.ifPresentOrElse(c -> params.put("cpuLimit", c), () -> params.put("cpuFactor", "1.5"));
    answer.cause("Containers of " + workload.get().display() + " are throttled at their CPU limit.", 0.75)
        .add("increase_resources", workload.get(), params, 0.75, "MEDIUM", "Alert " + request.alertName()
            + " reports CPU throttling; raising the CPU limit" + container.map(c -> " from " + c.cpuLimit()).orElse("")
            + " by half removes it.");
  }

  private static void hpaMaxedOut(InvestigationRequest request, ClusterFacts facts, Answer answer) {
    Enrichment.AutoscalerState hpa = facts.autoscaler();
    String name = hpa != null ? hpa.name() : request.labels().getOrDefault("horizontalpodautoscaler", request.target().name());
    TargetRef target = new TargetRef("HorizontalPodAutoscaler", request.target().namespace(), name);
    int max = hpa == null ? 0 : hpa.maxReplicas();
    Map<String, String> params = max > 0 ? Map.of("maxReplicas", String.valueOf(Math.min(1000, (int) Math.ceil(max * 1.5))))
        : Map.of();
    answer.cause("HPA " + name + " has reached its maximum replicas.", max > 0 ? 0.75 : 0.5)
        .add("update_hpa", target, params, max > 0 ? 0.75 : 0.5, "LOW", "HPA " + name + " runs at its maximum of "
            + (max > 0 ? max + " replicas; raising it to " + params.get("maxReplicas") : "replicas; raising it")
            + " lets it scale out under the load it sees.");
  }

  private static TargetRef node(InvestigationRequest request) {
    if (request.target().kind().equals("Node")) {
      return request.target();
    }
    return new TargetRef("Node", "", request.labels().getOrDefault("node", request.target().name()));
  }

  private static String names(List<Enrichment.PodState> pods) {
    return String.join(", ", pods.stream().map(Enrichment.PodState::name).toList());
  }

  private static String cite(List<Enrichment.EventSummary> events) {
    return events.isEmpty() ? "" : " (" + events.get(0).reason() + " on " + events.get(0).object() + ": "
        + events.get(0).message() + ")";
  }

  /** Builds the answer: a root cause, evidence and numbered recommendations. */
  private static final class Answer {
    private final List<String> evidence;
    private final List<Recommendation> recommendations = new ArrayList<>();
    private String rootCause = "";
    private double confidence;

    Answer(List<String> evidence) {
      this.evidence = new ArrayList<>(evidence);
    }

    Answer cause(String cause, double overall) {
      this.rootCause = cause;
      this.confidence = overall;
      return this;
    }

    Answer add(String action, TargetRef target, Map<String, String> params, double conf, String risk, String rationale,
        String... dependsOn) {
      recommendations.add(new Recommendation("step-" + (recommendations.size() + 1), action, target, params, conf, risk,
          rationale, List.of(dependsOn)));
      return this;
    }

    /** Lowers every confidence by {@code penalty} and says why in the evidence. */
    void doubt(double penalty, String why) {
      confidence = Math.max(0, Math.round((confidence - penalty) * 1000) / 1000.0);
      recommendations.replaceAll(r -> new Recommendation(r.id(), r.action(), r.target(), r.parameters(),
          Math.max(0, Math.round((r.confidence() - penalty) * 1000) / 1000.0), r.risk(), r.rationale() + " " + why,
          r.dependsOn()));
      evidence.add(why);
    }

    Investigation build() {
      return new Investigation(rootCause, evidence, recommendations, confidence);
    }
  }
}
