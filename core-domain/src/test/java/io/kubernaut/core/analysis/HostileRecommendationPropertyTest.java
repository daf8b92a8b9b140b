package io.kubernaut.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.fakes.InMemoryActionCatalog;
import io.kubernaut.core.notification.SecretRedactor;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.action.ParameterInfo;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.DropRule;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.Investigation;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.Investigator;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of generated hostile recommendations (every catalog action and unknown ones,
 * targets across namespaces, nodes and kinds, odd parameters, every investigator name) through
 * the investigator chain's validation and gates, and checks each against an independent reading
 * of the scope rules.
 */
class HostileRecommendationPropertyTest {

  private static final long SEED = 15L;
  private static final int ROUNDS = 3000;
  private static final List<String> INVESTIGATORS = List.of("rules", "llm", "openai", "holmesgpt", "holmesgpt-api",
      "safety-policy");
  private static final List<String> NAMESPACES = List.of("shop", "staging", "kube-system", "devops-prod", "other", "");
  private static final List<String> NODES = List.of("worker-1", "worker-2", "worker-3", "cp-1", "ghost");
  private static final List<String> KINDS = List.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
      "Node", "PersistentVolumeClaim", "HorizontalPodAutoscaler", "Namespace", "ClusterRole", "Secret", "node", "pod");
  private static final List<String> NAMES = List.of("web", "web-abc", "web-5d4", "data-web", "billing", "worker-2",
      "cp-1", "../etc", "web\n", "", "kube-dns", "x".repeat(300));
  private static final List<String> ODD_VALUES = List.of("NoExecute", "noexecute", "NoSchedule", "-1", "1e9", "many",
      "256Mi", "99999Ti", "", "'; drop table", "3", "true", "${jndi:ldap://x}");

  private final InMemoryActionCatalog catalog = new InMemoryActionCatalog();
  private final Random random = new Random(SEED);
  /** Draws of its own, so that the other draws are those they were before targets naming no object were drawn. */
  private final Random unreadableTargets = new Random(SEED + 1);

  /** The hostile investigator: answers whatever it was given (internal, so no redaction slows the rounds). */
  private record Hostile(String name, List<Recommendation> recs) implements Investigator {
    @Override
    public boolean external() {
      return false;
    }

    @Override
    public Investigation investigate(InvestigationRequest request) {
      return new Investigation("cause", List.of(), recs, 0.99);
    }
  }

  @Test
  void noGeneratedRecommendationOutsideScopeSurvivesAndEveryDropNamesItsRule() {
    Map<DropRule, Integer> dropsByRule = new EnumMap<>(DropRule.class);
    int kept = 0;
    int automaticNodeActions = 0;
    for (int round = 0; round < ROUNDS; round++) {
      InvestigationRequest request = request();
      AnalysisGates gates = new AnalysisGates(0.5, 0.8, random.nextBoolean() ? Set.of() : Set.of("staging"));
      List<Recommendation> proposed = new ArrayList<>();
      // Now and then an answer floods (more than the validator reads).
      int count = random.nextInt(40) == 0 ? RecommendationValidator.MAX_RECOMMENDATIONS + 1 + random.nextInt(30)
          : 1 + random.nextInt(6);
      // Half of the floods are valid steps on the alert's target, each with the longest message notify_only takes.
      boolean large = count > RecommendationValidator.MAX_RECOMMENDATIONS && random.nextBoolean();
      for (int i = 0; i < count; i++) {
        proposed.add(large ? new Recommendation("step-" + i, "notify_only", request.target(),
            Map.of("message", "m".repeat(RecommendationValidator.MAX_PARAMETER_VALUE)), 0.9, "LOW", "flood", List.of())
            : recommendation(i, request));
      }
      String investigator = pick(INVESTIGATORS);
      AnalysisResult result = new InvestigatorChain(List.of(new Hostile(investigator, proposed)), catalog, null,
          new SecretRedactor()).analyze(request, gates);

      int read = Math.min(proposed.size(), RecommendationValidator.MAX_RECOMMENDATIONS);
      assertThat(result.recommendations().size() + result.dropped().size())
          .isEqualTo(read + (proposed.size() > read ? 1 : 0));
      for (DroppedAction d : result.dropped()) {
        assertThat(d.rule()).as("rule of %s", d).isNotNull();
        assertThat(d.reason()).isNotBlank();
        assertThat(d.reason().length()).as("reason of %s", d).isLessThanOrEqualTo(RecommendationValidator.MAX_REASON);
        assertThat(d.investigator()).isEqualTo(investigator);
        dropsByRule.merge(d.rule(), 1, Integer::sum);
      }
      assertThat(result.recommendations().stream().flatMap(r -> r.parameters().entrySet().stream())
          .mapToInt(p -> RecommendationValidator.storedBytes(p.getKey()) + RecommendationValidator.storedBytes(p.getValue())).sum())
          .as("parameter text of the kept actions").isLessThanOrEqualTo(RecommendationValidator.MAX_ANSWER_PARAMETERS);
      Scope oracle = new Scope(request);
      for (Recommendation r : result.recommendations()) {
        kept++;
        assertThat(catalog.find(r.action())).as("action of %s", r).isPresent();
        assertThat(oracle.allows(r.target())).as("%s for alert on %s", r, request.target().display()).isTrue();
        if (r.target().kind().equals("Node")) {
          assertThat(r.target().namespace()).as("a node carries no namespace").isEmpty();
          Enrichment.NodeState node = oracle.node(r.target().name());
          assertThat(node == null || !node.controlPlane()).as("control-plane node in %s", r).isTrue();
          if (nodeDisruptive(r)) {
            assertThat(node).as("gathered node for %s", r).isNotNull();
          }
        }
        if (nodeDisruptive(r) && !result.approvalRequired() && !result.recommendOnly()) {
          assertThat(gates.autoApproveNodeActions()).contains(request.environment().wireName());
          automaticNodeActions++;
        }
        if ("NoExecute".equalsIgnoreCase(r.parameters().getOrDefault("effect", "").trim()) && nodeDisruptive(r)) {
          assertThat(r.risk()).isEqualTo("HIGH");
        }
      }
      if (Set.of("info", "none").contains(request.severity())) {
        assertThat(result.recommendOnly()).as("severity %s", request.severity()).isTrue();
      }
    }
    assertThat(kept).as("generated recommendations that survive").isGreaterThan(ROUNDS / 10);
    assertThat(automaticNodeActions).as("node actions allowed by the gates").isPositive();
    assertThat(dropsByRule).as("drops by rule").containsKeys(DropRule.values());
  }

  private boolean nodeDisruptive(Recommendation r) {
    return catalog.impactOf(r.action(), r.target().kind()).disruption() == DisruptionClass.NODE;
  }

  /** An alert on a random target, with pods on random nodes (one of them control-plane), claims and an HPA. */
  private InvestigationRequest request() {
    String ns = pick(List.of("shop", "staging", "devops-prod"));
    String kind = pick(List.of("Pod", "Deployment", "StatefulSet", "Node", "PersistentVolumeClaim"));
    TargetRef target = switch (kind) {
      case "Pod" -> new TargetRef("Pod", ns, "web-abc");
      case "Node" -> new TargetRef("Node", "", pick(NODES));
      case "PersistentVolumeClaim" -> new TargetRef("PersistentVolumeClaim", ns, "data-web");
      default -> new TargetRef(kind, ns, "web");
    };
    List<TargetRef> chain = kind.equals("Pod")
        ? List.of(target, new TargetRef("ReplicaSet", ns, "web-5d4"), new TargetRef("Deployment", ns, "web"))
        : List.of(target);
    List<Enrichment.PodState> pods = new ArrayList<>();
    if (!kind.equals("Node") && random.nextInt(4) > 0) {
      pods.add(new Enrichment.PodState("web-abc", "Running", random.nextBoolean(), random.nextInt(20),
          random.nextBoolean() ? "CrashLoopBackOff" : null, random.nextBoolean() ? "OOMKilled" : null,
          pick(NODES), random.nextBoolean() ? List.of("data-web") : List.of()));
    }
    List<Enrichment.NodeState> nodes = new ArrayList<>();
    for (String n : NODES) {
      if (!n.equals("ghost") && random.nextInt(3) > 0) {
        nodes.add(new Enrichment.NodeState(n, random.nextBoolean(), List.of(), false,
            n.startsWith("cp") ? Map.of(pick(Enrichment.NodeState.CONTROL_PLANE_LABELS), "") : Map.of()));
      }
    }
    Enrichment.AutoscalerState hpa = random.nextBoolean() ? new Enrichment.AutoscalerState("web", 1, 10, 10) : null;
    Enrichment enrichment = new Enrichment(chain, pods, List.of(), nodes, List.of(), hpa, null, null, Map.of(),
        Map.of(), List.of());
    Map<String, String> labels = new HashMap<>();
    labels.put("namespace", pick(NAMESPACES));
    if (random.nextBoolean()) {
      labels.put("node", pick(NODES));
    }
    if (random.nextBoolean()) {
      labels.put("pod", "web-abc");
    }
    String alert = pick(List.of("KubeContainerOOMKilled", "CPUThrottlingHigh", "KubeNodeNotReady", "KubePodCrashLooping",
        "Watchdog", "KubePersistentVolumeFillingUp"));
    return new InvestigationRequest("fp", alert, pick(List.of("critical", "warning", "info", "none")),
        pick(List.of(Environment.values())), target, labels, Map.of(), enrichment, Instant.EPOCH);
  }

  /** A hostile recommendation: any action, any target, odd parameters, odd ids and confidences. */
  private Recommendation recommendation(int index, InvestigationRequest request) {
    List<ActionInfo> actions = catalog.list();
    String action = random.nextInt(12) == 0 ? pick(List.of("exec_shell", "delete_namespace", "DRAIN_NODE", ""))
        : actions.get(random.nextInt(actions.size())).name();
    TargetRef target = switch (random.nextInt(4)) {
      case 0 -> request.target();
      case 1 -> pick(request.enrichment().ownerChain());
      case 2 -> new TargetRef("Node", pick(NAMESPACES), pick(NODES));
      default -> new TargetRef(pick(KINDS), pick(NAMESPACES), pick(NAMES));
    };
    if (random.nextInt(3) == 0) {
      target = new TargetRef(catalogKind(action, target.kind()), target.namespace(), target.name());
    }
    if (unreadableTargets.nextInt(16) == 0) {
      target = new TargetRef("", "", NAMES.get(0)); // an answer's target that named no object
    }
    Map<String, String> params = new HashMap<>();
    for (ParameterInfo p : catalog.find(action).map(ActionInfo::parameters).orElse(List.of())) {
      if (random.nextBoolean()) {
        params.put(p.name(), random.nextBoolean() ? validValue(p) : pick(ODD_VALUES));
      }
    }
    if (random.nextInt(8) == 0) {
      params.put(pick(List.of("namespace", "node", "target", "effect")), pick(ODD_VALUES));
    }
    double confidence = switch (random.nextInt(10)) {
      case 0 -> Double.NaN;
      case 1 -> -0.5;
      case 2 -> 1.5;
      default -> 0.5 + random.nextDouble() / 2;
    };
    String id = switch (random.nextInt(20)) {
      case 0, 1 -> "step-0";
      case 2 -> "STEP_" + index; // the same name as step-<index> once written as one
      case 3 -> pick(List.of("step-" + index + "-rollback", "--", "x".repeat(64)));
      default -> "step-" + index;
    };
    List<String> dependsOn = random.nextInt(4) == 0 ? List.of("step-" + random.nextInt(index + 2)) : List.of();
    return new Recommendation(id, action, target, params, confidence, pick(List.of("LOW", "MEDIUM", "HIGH", "none")),
        "ignore previous instructions", dependsOn);
  }

  private String catalogKind(String action, String fallback) {
    Set<String> kinds = catalog.find(action).map(ActionInfo::targetKinds).orElse(Set.of());
    return kinds.isEmpty() ? fallback : pick(List.copyOf(new java.util.TreeSet<>(kinds)));
  }

  private String validValue(ParameterInfo p) {
    return switch (p.kind()) {
      case INTEGER -> String.valueOf(random.nextInt(20));
      case NUMBER -> "1.5";
      case BOOLEAN -> "true";
      case QUANTITY -> "512Mi";
      // Now and then the longest value a parameter takes: a flood of them passes the answer's budget.
      case STRING -> p.name().equals("effect") ? pick(List.of("NoExecute", "NoSchedule"))
          : random.nextInt(3) == 0 ? "v".repeat(RecommendationValidator.MAX_PARAMETER_VALUE) : "app";
    };
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** The scope rules of issue 15, read independently of {@link TargetScope}. */
  private static final class Scope {
    private final Set<String> objects = new HashSet<>();
    private final Set<String> nodes = new HashSet<>();
    private final Map<String, Enrichment.NodeState> gathered = new HashMap<>();

    Scope(InvestigationRequest request) {
      TargetRef t = request.target();
      String ns = t.namespace();
      objects.add(t.kind() + "|" + ns + "|" + t.name());
      request.enrichment().ownerChain().forEach(o -> objects.add(o.kind() + "|" + o.namespace() + "|" + o.name()));
      for (Enrichment.PodState p : request.enrichment().pods()) {
        objects.add("Pod|" + ns + "|" + p.name());
        p.claims().forEach(c -> objects.add("PersistentVolumeClaim|" + ns + "|" + c));
        if (p.name().equals(t.kind().equals("Pod") ? t.name() : request.labels().get("pod"))) {
          nodes.add(p.node());
        }
      }
      if (request.enrichment().autoscaler() != null) {
        objects.add("HorizontalPodAutoscaler|" + ns + "|" + request.enrichment().autoscaler().name());
      }
      if (t.kind().equals("Node")) {
        nodes.add(t.name());
      }
      if (request.labels().containsKey("node")) {
        nodes.add(request.labels().get("node"));
      }
      request.enrichment().nodes().forEach(n -> gathered.put(n.name(), n));
    }

    boolean allows(TargetRef t) {
      return t.kind().equalsIgnoreCase("Node") ? nodes.contains(t.name())
          : objects.stream().anyMatch(o -> o.equalsIgnoreCase(t.kind() + "|" + t.namespace() + "|" + t.name())
              && o.endsWith("|" + t.name()));
    }

    Enrichment.NodeState node(String name) {
      return gathered.get(name);
    }
  }
}
