package io.kubernaut.core.analysis;

import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Makes any investigator's output safe to execute: the action must be in the catalog, accept the
 * target's kind and get valid parameters; the target must lie in the alert's namespace or owner
 * chain; a step may only depend on steps that survived. The risk is never below the catalog's.
 */
final class RecommendationValidator {

  /** What survived and what was dropped. */
  record Validation(List<Recommendation> kept, List<DroppedAction> dropped) {}

  private final ActionCatalog catalog;

  RecommendationValidator(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  Validation validate(String investigator, List<Recommendation> proposed, InvestigationRequest request) {
    List<Recommendation> kept = new ArrayList<>();
    List<DroppedAction> dropped = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Recommendation r : proposed) {
      String problem = problem(r, request, ids);
      if (problem == null) {
        Recommendation safe = withCatalogRisk(r, catalog.find(r.action()).orElseThrow());
        kept.add(safe);
        ids.add(safe.id());
      } else {
        dropped.add(new DroppedAction(investigator, r.action(), r.target().display(), problem));
      }
    }
    return new Validation(kept, dropped);
  }

  /** The first reason to drop {@code r}, or null. */
  private String problem(Recommendation r, InvestigationRequest request, Set<String> keptIds) {
    Optional<ActionInfo> action = catalog.find(r.action());
    if (action.isEmpty()) {
      return "Action '" + r.action() + "' is not in the action catalog.";
    }
    Set<String> kinds = action.get().targetKinds();
    if (!kinds.isEmpty() && !kinds.contains(r.target().kind())) {
      return "Action '" + r.action() + "' does not accept target kind " + r.target().kind() + "; it accepts "
          + String.join(", ", kinds.stream().sorted().toList()) + ".";
    }
    List<String> errors = catalog.validate(r.action(), r.parameters());
    if (!errors.isEmpty()) {
      return "Invalid parameters for '" + r.action() + "': " + String.join(" ", errors);
    }
    if (!inScope(r.target(), request)) {
      return "Target " + r.target().display() + " lies outside namespace '" + request.target().namespace()
          + "' and the owner chain of " + request.target().display() + ".";
    }
    if (keptIds.contains(r.id())) {
      return "Step id '" + r.id() + "' is used twice.";
    }
    for (String dependency : r.dependsOn()) {
      if (!keptIds.contains(dependency)) {
        return "It depends on step '" + dependency + "', which is unknown or was dropped.";
      }
    }
    if (Double.isNaN(r.confidence()) || r.confidence() < 0 || r.confidence() > 1) {
      return "Its confidence " + r.confidence() + " is not between 0 and 1.";
    }
    return null;
  }

  /** Whether the target is the alert's target, in its owner chain, or in its namespace. */
  static boolean inScope(TargetRef target, InvestigationRequest request) {
    TargetRef alert = request.target();
    if (same(target, alert) || request.enrichment().ownerChain().stream().anyMatch(o -> same(o, target))) {
      return true;
    }
    return !alert.namespace().isEmpty() && alert.namespace().equals(target.namespace());
  }

  private static boolean same(TargetRef a, TargetRef b) {
    return a.kind().equalsIgnoreCase(b.kind()) && a.namespace().equals(b.namespace()) && a.name().equals(b.name());
  }

  private static Recommendation withCatalogRisk(Recommendation r, ActionInfo info) {
    ActionRisk stated;
    try {
      stated = ActionRisk.valueOf(r.risk().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      stated = info.risk();
    }
    ActionRisk risk = stated.compareTo(info.risk()) >= 0 ? stated : info.risk();
    return new Recommendation(r.id(), r.action(), r.target(), r.parameters(), r.confidence(), risk.name(),
        r.rationale(), r.dependsOn());
  }
}
