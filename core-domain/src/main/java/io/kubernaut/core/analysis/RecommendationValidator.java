package io.kubernaut.core.analysis;

import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.analysis.DropRule;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Makes any investigator's output safe to execute: the action must be in the catalog, accept the
 * target's kind and get valid parameters; the target must lie in the alert's {@link TargetScope};
 * a control-plane node is never touched, nor a node whose labels were not gathered by a
 * node-disruptive action; a step may only depend on steps that survived. Cluster-scoped targets
 * lose any namespace an investigator gave them. The risk is never below the catalog's, a
 * {@code NoExecute} taint by a node-disruptive action is HIGH.
 */
final class RecommendationValidator {

  /** What survived and what was dropped. */
  record Validation(List<Recommendation> kept, List<DroppedAction> dropped) {}

  /** The first broken rule of one recommendation. */
  private record Problem(DropRule rule, String reason) {}

  private final ActionCatalog catalog;

  RecommendationValidator(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  Validation validate(String investigator, List<Recommendation> proposed, InvestigationRequest request) {
    List<Recommendation> kept = new ArrayList<>();
    List<DroppedAction> dropped = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    TargetScope scope = new TargetScope(request);
    for (Recommendation r : proposed) {
      Problem problem = problem(r, request, scope, ids);
      if (problem == null) {
        Recommendation safe = withCatalogRisk(r, catalog.find(r.action()).orElseThrow());
        kept.add(safe);
        ids.add(safe.id());
      } else {
        dropped.add(new DroppedAction(investigator, r.action(), r.target().display(), problem.rule(), problem.reason()));
      }
    }
    return new Validation(kept, dropped);
  }

  /** The first reason to drop {@code r}, or null. */
  private Problem problem(Recommendation r, InvestigationRequest request, TargetScope scope, Set<String> keptIds) {
    Optional<ActionInfo> action = catalog.find(r.action());
    if (action.isEmpty()) {
      return new Problem(DropRule.UNKNOWN_ACTION, "Action '" + r.action() + "' is not in the action catalog.");
    }
    Set<String> kinds = action.get().targetKinds();
    if (!kinds.isEmpty() && !kinds.contains(r.target().kind())) {
      return new Problem(DropRule.TARGET_KIND, "Action '" + r.action() + "' does not accept target kind "
          + r.target().kind() + "; it accepts " + String.join(", ", kinds.stream().sorted().toList()) + ".");
    }
    List<String> errors = catalog.validate(r.action(), r.parameters());
    if (!errors.isEmpty()) {
      return new Problem(DropRule.INVALID_PARAMETERS, "Invalid parameters for '" + r.action() + "': "
          + String.join(" ", errors));
    }
    TargetRef target = TargetScope.normalized(r.target());
    if (!scope.contains(target)) {
      return new Problem(DropRule.OUT_OF_SCOPE, "Target " + target.display() + " is not the alert's target "
          + request.target().display() + ", an object of its owner chain or a node it runs on; " + scope.describe()
          + ".");
    }
    if (TargetScope.isNode(target)) {
      Optional<Enrichment.NodeState> node = scope.node(target.name());
      if (node.isPresent() && node.get().controlPlane()) {
        return new Problem(DropRule.CONTROL_PLANE_NODE, "Node " + target.name()
            + " is labelled control-plane, and Kubernaut never touches a control-plane node.");
      }
      if (node.isEmpty() && action.get().impact().disruption() == DisruptionClass.NODE) {
        return new Problem(DropRule.UNKNOWN_NODE, "Node " + target.name() + " was not among the gathered nodes, so "
            + "it cannot be shown not to be a control-plane node; '" + r.action() + "' takes capacity away from it.");
      }
    }
    if (keptIds.contains(r.id())) {
      return new Problem(DropRule.DUPLICATE_STEP, "Step id '" + r.id() + "' is used twice.");
    }
    for (String dependency : r.dependsOn()) {
      if (!keptIds.contains(dependency)) {
        return new Problem(DropRule.BROKEN_DEPENDENCY, "It depends on step '" + dependency
            + "', which is unknown or was dropped.");
      }
    }
    if (Double.isNaN(r.confidence()) || r.confidence() < 0 || r.confidence() > 1) {
      return new Problem(DropRule.CONFIDENCE_RANGE, "Its confidence " + r.confidence() + " is not between 0 and 1.");
    }
    return null;
  }

  /** The risk: at least the catalog's, HIGH for a node-disruptive action with a NoExecute effect. */
  private static Recommendation withCatalogRisk(Recommendation r, ActionInfo info) {
    ActionRisk stated;
    try {
      stated = ActionRisk.valueOf(r.risk().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      stated = info.risk();
    }
    ActionRisk risk = stated.compareTo(info.risk()) >= 0 ? stated : info.risk();
    if (info.impact().disruption() == DisruptionClass.NODE
        && "NoExecute".equalsIgnoreCase(r.parameters().getOrDefault("effect", "").trim())) {
      risk = ActionRisk.HIGH;
    }
    return new Recommendation(r.id(), r.action(), TargetScope.normalized(r.target()), r.parameters(), r.confidence(),
        risk.name(), r.rationale(), r.dependsOn());
  }
}
