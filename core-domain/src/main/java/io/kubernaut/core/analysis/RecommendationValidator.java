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
 * a control-plane node is never touched, nor a node whose labels were not gathered; a step may only depend on steps that survived. A step's id must name its
 * execution apart from every other's, and at most {@value #MAX_RECOMMENDATIONS} actions of an answer
 * are considered: an answer of thousands would otherwise fill the AIAnalysis status past what the
 * API server stores, and the analysis would retry until it timed out. For the same reason the kept
 * actions' parameters carry at most {@value #MAX_ANSWER_PARAMETERS} bytes in all (names and values, as
 * the API server stores them: UTF-8, escaped as JSON): twenty actions of 32 parameters of 4,096 characters each would be 2.5 MiB; an action
 * whose parameters would pass that is dropped, and so are the steps that depend on it. Cluster-scoped targets
 * lose any namespace an investigator gave them. The risk is never below the catalog's, a
 * {@code NoExecute} taint by a node-disruptive action is HIGH.
 */
final class RecommendationValidator {

  /** What survived and what was dropped. */
  record Validation(List<Recommendation> kept, List<DroppedAction> dropped) {}

  /** The first broken rule of one recommendation. */
  private record Problem(DropRule rule, String reason) {}

  /** The most actions of one answer that are considered; the rest are dropped unread. */
  static final int MAX_RECOMMENDATIONS = 20;
  /** The longest step id: with the workflow's name it stays a short DNS-1123 name. */
  static final int MAX_STEP_ID = 63;
  /** The longest parameter name and value an action gets. */
  static final int MAX_PARAMETER_NAME = 63;
  static final int MAX_PARAMETER_VALUE = 4_096;
  static final int MAX_PARAMETERS = 32;
  /** The most parameter bytes (names and values, as stored) the kept actions of one answer carry together. */
  static final int MAX_ANSWER_PARAMETERS = 64 * 1024;
  /** What a step's rollback adds to its name. */
  private static final String ROLLBACK = "-rollback";
  /** How much of an answer's own text (an action's name, a target) a drop's reason quotes. */
  private static final int QUOTED = 120;
  /**
   * The longest reason a drop gives: a parameter schema's problems quote the values they refuse (up to
   * 32 of 4,096 characters each), and twenty such drops would fill the AIAnalysis status.
   */
  static final int MAX_REASON = 1_000;

  private final ActionCatalog catalog;

  RecommendationValidator(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  Validation validate(String investigator, List<Recommendation> proposed, InvestigationRequest request) {
    List<Recommendation> kept = new ArrayList<>();
    List<DroppedAction> dropped = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    TargetScope scope = new TargetScope(request);
    int parameterText = 0;
    for (Recommendation r : proposed.subList(0, Math.min(proposed.size(), MAX_RECOMMENDATIONS))) {
      Problem problem = problem(r, request, scope, ids, names);
      int size = problem == null ? parameterText(r) : 0;
      if (problem == null && parameterText + size > MAX_ANSWER_PARAMETERS) {
        problem = new Problem(DropRule.ANSWER_TOO_LARGE, "Its parameters (" + size + " bytes as stored) would take "
            + "the answer's kept actions past " + MAX_ANSWER_PARAMETERS + " bytes of parameters in all, the most an "
            + "answer may carry.");
      }
      if (problem == null) {
        Recommendation safe = withCatalogRisk(r, catalog.find(r.action()).orElseThrow());
        kept.add(safe);
        ids.add(safe.id());
        names.add(stepName(safe.id()));
        parameterText += size;
      } else {
        dropped.add(new DroppedAction(investigator, quoted(r.action()), quoted(r.target().display()), problem.rule(),
            cut(problem.reason(), MAX_REASON)));
      }
    }
    if (proposed.size() > MAX_RECOMMENDATIONS) {
      int unread = proposed.size() - MAX_RECOMMENDATIONS;
      dropped.add(new DroppedAction(investigator, "", "", DropRule.TOO_MANY_RECOMMENDATIONS, "The answer proposed "
          + proposed.size() + " actions; only the first " + MAX_RECOMMENDATIONS + " are considered, so the other "
          + unread + " were dropped unread."));
    }
    return new Validation(kept, dropped);
  }

  /**
   * A step id as it appears in its execution's name (lower case; any run of other characters than
   * letters and digits one dash; none at either end), the form in which two ids must differ.
   */
  static String stepName(String id) {
    return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "").replaceAll("-+$", "");
  }

  /** The bytes of a recommendation's parameter names and values, as {@link #storedBytes} counts them. */
  private static int parameterText(Recommendation r) {
    return r.parameters().entrySet().stream().mapToInt(p -> storedBytes(p.getKey()) + storedBytes(p.getValue())).sum();
  }

  /** The bytes {@code text} takes as the API server stores it ({@link io.kubernaut.ports.pipeline.StoredJson#bytes}). */
  static int storedBytes(String text) {
    return io.kubernaut.ports.pipeline.StoredJson.bytes(text);
  }

  /** An answer's own text as a drop quotes it: at most {@value #QUOTED} characters. */
  private static String quoted(String text) {
    return cut(text, QUOTED);
  }

  private static String cut(String text, int most) {
    return text.length() <= most ? text : text.substring(0, most - 1) + "\u2026";
  }

  /** The first reason to drop {@code r}, or null. */
  private Problem problem(Recommendation r, InvestigationRequest request, TargetScope scope, Set<String> keptIds,
      Set<String> keptNames) {
    Optional<ActionInfo> action = catalog.find(r.action());
    if (action.isEmpty()) {
      return new Problem(DropRule.UNKNOWN_ACTION, "Action '" + quoted(r.action()) + "' is not in the action catalog.");
    }
    if (r.target().kind().isBlank() || r.target().name().isBlank()) {
      return new Problem(DropRule.INVALID_TARGET, "Target '" + quoted(r.target().name()) + "' of '" + r.action()
          + "' names no object (kind/namespace/name, kind/name, or an object with a kind and a name), so '"
          + r.action() + "' is taken on nothing.");
    }
    if (r.parameters().size() > MAX_PARAMETERS) {
      return new Problem(DropRule.INVALID_PARAMETERS, "'" + r.action() + "' was given " + r.parameters().size()
          + " parameters; an action takes at most " + MAX_PARAMETERS + ".");
    }
    Optional<String> oversized = r.parameters().entrySet().stream().filter(p -> p.getKey().length() > MAX_PARAMETER_NAME
        || p.getValue().length() > MAX_PARAMETER_VALUE).map(p -> quoted(p.getKey())).findFirst();
    if (oversized.isPresent()) {
      return new Problem(DropRule.INVALID_PARAMETERS, "Parameter '" + oversized.get() + "' of '" + r.action()
          + "' is longer than an action takes (names up to " + MAX_PARAMETER_NAME + " characters, values up to "
          + MAX_PARAMETER_VALUE + ").");
    }
    Set<String> kinds = action.get().targetKinds();
    if (!kinds.isEmpty() && !kinds.contains(r.target().kind())) {
      return new Problem(DropRule.TARGET_KIND, "Action '" + r.action() + "' does not accept target kind "
          + quoted(r.target().kind()) + "; it accepts " + String.join(", ", kinds.stream().sorted().toList()) + ".");
    }
    List<String> errors = catalog.validate(r.action(), r.parameters());
    if (!errors.isEmpty()) {
      return new Problem(DropRule.INVALID_PARAMETERS, "Invalid parameters for '" + r.action() + "': "
          + String.join(" ", errors));
    }
    TargetRef target = TargetScope.normalized(r.target());
    if (!scope.contains(target)) {
      return new Problem(DropRule.OUT_OF_SCOPE, "Target " + quoted(target.display()) + " is not the alert's target "
          + request.target().display() + ", an object of its owner chain or a node it runs on; " + scope.describe()
          + ".");
    }
    if (TargetScope.isNode(target)) {
      Optional<Enrichment.NodeState> node = scope.node(target.name());
      if (node.isPresent() && node.get().controlPlane()) {
        return new Problem(DropRule.CONTROL_PLANE_NODE, "Node " + target.name()
            + " is labelled control-plane, and Kubernaut never touches a control-plane node.");
      }
      if (node.isEmpty()) {
        // Whatever the action's disruption class: untaint_node or uncordon_node on a control-plane node would open it
        // to every workload, and an alert's node label may name any node.
        return new Problem(DropRule.UNKNOWN_NODE, "Node " + quoted(target.name()) + " was not among the gathered nodes "
            + "(the alert's target or a node its pods run on), so it cannot be shown not to be a control-plane node.");
      }
    }
    if (keptIds.contains(r.id())) {
      return new Problem(DropRule.DUPLICATE_STEP, "Step id '" + quoted(r.id()) + "' is used twice.");
    }
    String name = stepName(r.id());
    if (name.isEmpty() || r.id().length() > MAX_STEP_ID) {
      return new Problem(DropRule.INVALID_STEP_ID, "Step id '" + quoted(r.id()) + "' cannot name a step: it needs 1 to "
          + MAX_STEP_ID + " characters, letters or digits among them.");
    }
    if (keptNames.contains(name)) {
      return new Problem(DropRule.INVALID_STEP_ID, "Step id '" + r.id() + "' is another step's id once written as a "
          + "name ('" + name + "'), so both would be one execution.");
    }
    // A step's rollback is named after it with '-rollback': neither may be another step's execution.
    String undoes = name.endsWith(ROLLBACK) ? name.substring(0, name.length() - ROLLBACK.length()) : null;
    if (keptNames.contains(name + ROLLBACK) || undoes != null && keptNames.contains(undoes)) {
      return new Problem(DropRule.INVALID_STEP_ID, "Step id '" + r.id() + "' and a kept step's id differ only by '"
          + ROLLBACK + "', which names a step's rollback, so one step's execution would be the other's rollback.");
    }
    for (String dependency : r.dependsOn()) {
      if (!keptIds.contains(dependency)) {
        return new Problem(DropRule.BROKEN_DEPENDENCY, "It depends on step '" + quoted(dependency)
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
