package io.kubernaut.core.fakes;

import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.action.ParameterInfo;
import io.kubernaut.ports.action.ParameterKind;
import io.kubernaut.ports.out.ActionCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in actions' names, kinds, risks, disruption classes and parameters (as docs/actions.md
 * lists them), with a simple schema check.
 */
public final class InMemoryActionCatalog implements ActionCatalog {

  private static final DisruptionClass NONE = DisruptionClass.NONE;
  private static final DisruptionClass POD = DisruptionClass.POD;
  private static final DisruptionClass WORKLOAD = DisruptionClass.WORKLOAD;
  private static final DisruptionClass NODE = DisruptionClass.NODE;

  private final Map<String, ActionInfo> actions = new TreeMap<>();

  public InMemoryActionCatalog() {
    add("increase_resources", ActionRisk.MEDIUM, WORKLOAD, Set.of("Deployment", "StatefulSet"),
        p("container", ParameterKind.STRING, false), p("memoryLimit", ParameterKind.QUANTITY, false),
        p("cpuLimit", ParameterKind.QUANTITY, false), p("memoryFactor", ParameterKind.NUMBER, false),
        p("cpuFactor", ParameterKind.NUMBER, false));
    add("rollback_deployment", ActionRisk.MEDIUM, WORKLOAD, Set.of("Deployment"),
        p("revision", ParameterKind.INTEGER, false));
    add("rollout_restart", ActionRisk.MEDIUM, WORKLOAD, Set.of("Deployment", "StatefulSet", "DaemonSet"));
    add("restart_pod", ActionRisk.MEDIUM, POD, Set.of("Pod"));
    add("delete_pod", ActionRisk.HIGH, POD, Set.of("Pod"));
    add("quarantine_pod", ActionRisk.MEDIUM, POD, Set.of("Pod"));
    add("cordon_node", ActionRisk.MEDIUM, NODE, Set.of("Node"));
    add("uncordon_node", ActionRisk.LOW, NONE, Set.of("Node"));
    add("drain_node", ActionRisk.HIGH, NODE, Set.of("Node"), p("gracePeriodSeconds", ParameterKind.INTEGER, false));
    add("taint_node", ActionRisk.MEDIUM, NODE, Set.of("Node"), p("key", ParameterKind.STRING, true),
        p("value", ParameterKind.STRING, false), p("effect", ParameterKind.STRING, true));
    add("untaint_node", ActionRisk.MEDIUM, NONE, Set.of("Node"), p("key", ParameterKind.STRING, true));
    add("update_hpa", ActionRisk.LOW, WORKLOAD, Set.of("HorizontalPodAutoscaler"),
        p("minReplicas", ParameterKind.INTEGER, false), p("maxReplicas", ParameterKind.INTEGER, false));
    add("expand_pvc", ActionRisk.MEDIUM, NONE, Set.of("PersistentVolumeClaim"), p("size", ParameterKind.QUANTITY, true));
    add("collect_diagnostics", ActionRisk.LOW, NONE, Set.of(), p("tailLines", ParameterKind.INTEGER, false));
    add("notify_only", ActionRisk.LOW, NONE, Set.of(), p("message", ParameterKind.STRING, false));
    add("scale_deployment", ActionRisk.MEDIUM, WORKLOAD, Set.of("Deployment"), p("replicas", ParameterKind.INTEGER, true));
    add("scale_statefulset", ActionRisk.MEDIUM, WORKLOAD, Set.of("StatefulSet"),
        p("replicas", ParameterKind.INTEGER, true));
  }

  private static ParameterInfo p(String name, ParameterKind kind, boolean required) {
    return new ParameterInfo(name, kind, required, null, null, null, name);
  }

  private void add(String name, ActionRisk risk, DisruptionClass disruption, Set<String> kinds,
      ParameterInfo... parameters) {
    actions.put(name, new ActionInfo(name, "1.0.0", risk, name, "test", true, false, List.of(parameters), kinds,
        List.of(AccessNeed.patchOnTargetResource()), new ActionImpact(disruption, Set.of())));
  }

  @Override
  public List<ActionInfo> list() {
    return actions.values().stream().sorted(Comparator.comparing(ActionInfo::name)).toList();
  }

  @Override
  public Optional<ActionInfo> find(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  @Override
  public List<String> validate(String name, Map<String, String> parameters) {
    ActionInfo info = actions.get(name);
    if (info == null) {
      return List.of("Unknown action " + name + ".");
    }
    List<String> errors = new ArrayList<>();
    for (ParameterInfo p : info.parameters()) {
      String value = parameters.get(p.name());
      if (value == null) {
        if (p.required()) {
          errors.add("Parameter '" + p.name() + "' is required.");
        }
        continue;
      }
      boolean ok = switch (p.kind()) {
        case INTEGER -> value.matches("-?\\d+");
        case NUMBER -> value.matches("-?\\d+(\\.\\d+)?");
        case BOOLEAN -> value.equals("true") || value.equals("false");
        case QUANTITY -> value.matches("\\d+(\\.\\d+)?(Ki|Mi|Gi|Ti|m|k|M|G)?");
        case STRING -> true;
      };
      if (!ok) {
        errors.add("Parameter '" + p.name() + "' must be a " + p.kind() + ", got '" + value + "'.");
      }
    }
    parameters.keySet().stream().filter(k -> info.parameters().stream().noneMatch(p -> p.name().equals(k)))
        .forEach(k -> errors.add("Parameter '" + k + "' is not declared by " + name + "."));
    return errors;
  }
}
