package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionEffect;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.DisruptionClass;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * increase_resources: raises the memory and/or CPU limit of one container in a Deployment's or
 * StatefulSet's pod template, by an absolute quantity or by a factor of the current limit. The
 * workload is annotated with the execution id in the same write, so a retried execution does not
 * multiply twice and {@link #verify} can tell whether it took effect.
 */
public final class IncreaseResources extends BuiltinAction {

  static final String CONTAINER = "container";
  static final String PREVIOUS_MEMORY = "previousMemoryLimit";
  static final String PREVIOUS_CPU = "previousCpuLimit";
  private static final BigDecimal MEBI = BigDecimal.valueOf(1024L * 1024L);

  /** Creates the action; ServiceLoader calls this. */
  public IncreaseResources() {
    super(describe("increase_resources",
        "Raises the memory and/or CPU limit of a container in a Deployment or StatefulSet.",
        RiskLevel.MEDIUM, true, true, Set.of("Deployment", "StatefulSet"), DisruptionClass.WORKLOAD,
        Access.onWorkloads(Set.of("Deployment", "StatefulSet"), "get", "update"),
        ParameterSpec.optional(CONTAINER, ParameterType.STRING, "Container name; the first container when absent."),
        ParameterSpec.optional("memoryLimit", ParameterType.QUANTITY, "New memory limit, e.g. 1Gi."),
        ParameterSpec.optional("cpuLimit", ParameterType.QUANTITY, "New CPU limit, e.g. 500m."),
        ParameterSpec.optional("memoryFactor", ParameterType.NUMBER, "Multiply the memory limit by this.")
            .withRange(1d, 10d),
        ParameterSpec.optional("cpuFactor", ParameterType.NUMBER, "Multiply the CPU limit by this.")
            .withRange(1d, 10d)).withEffects(ActionEffect.RAISES_LIMITS));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    return apply(ctx, false);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return apply(ctx, true);
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    HasMetadata current = read(ctx, Workloads.resource(ctx));
    if (current == null || !ctx.executionId().equals(Metadata.annotation(current, markKey()))) {
      return false;
    }
    Map<String, Quantity> limits = limits(container(current, ctx));
    return ctx.param("memoryLimit").map(m -> same(limits.get("memory"), m)).orElse(true)
        && ctx.param("cpuLimit").map(c -> same(limits.get("cpu"), c)).orElse(true);
  }

  /** The container's limits now; nothing when this execution raised them already (they are not the previous ones). */
  @Override
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    HasMetadata current = require(read(ctx, Workloads.resource(ctx)), ctx);
    return ctx.executionId().equals(Metadata.annotation(current, markKey())) ? Map.of() : rollbackOf(current, ctx);
  }

  @Override
  ActionResult doRollback(ActionContext ctx, Map<String, String> data) {
    HasMetadata current = require(Workloads.resource(ctx).get(), ctx);
    String name = data.get(CONTAINER);
    if (name == null) {
      throw new PermanentActionException("Rollback data for " + ctx.target().display()
          + " lacks the container name; restore the limits by hand.");
    }
    // Only a limit this step changed (its parameters name it), and only while it still holds what the step wrote: a
    // limit the step left alone, or one changed since (a deploy raised it, someone set one where there was none), is
    // not this step's to restore.
    Map<String, Quantity> now = limits(find(current, name, ctx));
    Map<String, String> restored = new LinkedHashMap<>();
    List<String> changedSince = new ArrayList<>();
    for (String resource : List.of("memory", "cpu")) {
      String previous = data.get(resource.equals("memory") ? PREVIOUS_MEMORY : PREVIOUS_CPU);
      Optional<Quantity> written = previous == null ? Optional.empty() : writtenBy(ctx, resource, previous);
      if (written.isEmpty()) {
        continue;
      }
      if (now.get(resource) != null && Quantity.getAmountInBytes(now.get(resource))
          .compareTo(Quantity.getAmountInBytes(written.get())) == 0) {
        restored.put(resource, previous);
      } else {
        changedSince.add(resource + " (now " + text(now.get(resource)) + ", set to " + text(written.get()) + ")");
      }
    }
    if (restored.isEmpty()) {
      return ActionResult.skipped("Nothing to roll back in container " + name + " of " + ctx.target().display()
          + ": " + (changedSince.isEmpty() ? "this step changed no limit" : "the limits it set were changed since, "
          + changedSince) + "; they are left as they are.");
    }
    patchOnVersion(ctx, current, w -> {
      Map<String, Quantity> limits = limits(find(w, name, ctx));
      restored.forEach((resource, previous) -> restore(limits, resource, previous));
      if (w.getMetadata().getAnnotations() != null) {
        w.getMetadata().getAnnotations().remove(markKey());
      }
      return w;
    }, false);
    return ActionResult.succeeded("Restored the limits of container " + name + " in " + ctx.target().display()
        + ": " + restored.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue().isEmpty() ? "none"
            : e.getValue())).collect(java.util.stream.Collectors.joining(" ")) + "."
        + (changedSince.isEmpty() ? "" : " Left as changed since: " + changedSince + "."));
  }

  /** What the step set {@code resource}'s limit to, from the one it recorded before; empty when it did not set it. */
  private Optional<Quantity> writtenBy(ActionContext ctx, String resource, String previous) {
    try {
      return target(ctx, resource, previous.isEmpty() ? null : new Quantity(previous), resource.equals("memory"));
    } catch (PermanentActionException unknown) {
      return Optional.empty();
    }
  }

  private ActionResult apply(ActionContext ctx, boolean dryRun) {
    var resource = Workloads.resource(ctx);
    HasMetadata current = require(read(ctx, resource), ctx);
    Container container = container(current, ctx);
    Map<String, Quantity> limits = limits(container);
    Map<String, String> rollback = rollbackOf(current, ctx);
    if (!dryRun && ctx.executionId().equals(Metadata.annotation(current, markKey()))) {
      return ActionResult.succeeded("The limits of " + ctx.target().display()
          + " were already raised by this execution.", Map.of()).withResultingTarget(current);
    }
    Optional<Quantity> memory = target(ctx, "memory", limits.get("memory"), true);
    Optional<Quantity> cpu = target(ctx, "cpu", limits.get("cpu"), false);
    if (memory.isEmpty() && cpu.isEmpty()) {
      throw new PermanentActionException("increase_resources on " + ctx.target().display()
          + " needs memoryLimit, cpuLimit, memoryFactor or cpuFactor.");
    }
    String name = container.getName();
    var written = patchOnVersion(ctx, current, w -> {
      Map<String, Quantity> l = limits(find(w, name, ctx));
      memory.ifPresent(q -> l.put("memory", q));
      cpu.ifPresent(q -> l.put("cpu", q));
      return Metadata.mark(w, markKey(), ctx.executionId());
    }, dryRun);
    return ActionResult.succeeded((dryRun ? "Server-side dry run: " : "") + "Raised the limits of container "
        + name + " in " + ctx.target().display() + " to memory=" + memory.map(this::text).orElse("unchanged")
        + " cpu=" + cpu.map(this::text).orElse("unchanged") + ".", rollback).withResultingTarget(written);
  }

  private Map<String, String> rollbackOf(HasMetadata current, ActionContext ctx) {
    Container container = container(current, ctx);
    Map<String, Quantity> limits = limits(container);
    Map<String, String> rollback = new LinkedHashMap<>();
    rollback.put(CONTAINER, container.getName());
    rollback.put(PREVIOUS_MEMORY, text(limits.get("memory")));
    rollback.put(PREVIOUS_CPU, text(limits.get("cpu")));
    return rollback;
  }

  /** The new limit for one resource: the absolute parameter, or the current limit times the factor. */
  private Optional<Quantity> target(ActionContext ctx, String resource, Quantity current, boolean memory) {
    Optional<Quantity> absolute = ctx.param(resource + "Limit").map(Quantity::new);
    Optional<Double> factor = ctx.numberParam(resource + "Factor");
    Optional<Quantity> wanted = absolute;
    if (wanted.isEmpty() && factor.isPresent()) {
      if (current == null) {
        throw new PermanentActionException(ctx.target().display() + " has no " + resource
            + " limit to multiply; give " + resource + "Limit instead.");
      }
      BigDecimal scaled = Quantity.getAmountInBytes(current).multiply(BigDecimal.valueOf(factor.get()));
      wanted = Optional.of(memory
          ? new Quantity(scaled.divide(MEBI, 0, RoundingMode.CEILING).toPlainString() + "Mi")
          : new Quantity(scaled.movePointRight(3).setScale(0, RoundingMode.CEILING).toPlainString() + "m"));
    }
    if (wanted.isPresent() && current != null
        && Quantity.getAmountInBytes(wanted.get()).compareTo(Quantity.getAmountInBytes(current)) < 0) {
      throw new PermanentActionException("increase_resources would lower the " + resource + " limit of "
          + ctx.target().display() + " from " + text(current) + " to " + text(wanted.get()) + "; refusing.");
    }
    return wanted;
  }

  private static Container container(HasMetadata workload, ActionContext ctx) {
    return find(workload, ctx.param(CONTAINER).orElse(null), ctx);
  }

  private static Container find(HasMetadata workload, String name, ActionContext ctx) {
    var containers = Workloads.template(workload).getSpec().getContainers();
    if (containers.isEmpty()) {
      throw new PermanentActionException(ctx.target().display() + " has no containers.");
    }
    if (name == null) {
      return containers.get(0);
    }
    return containers.stream().filter(c -> name.equals(c.getName())).findFirst()
        .orElseThrow(() -> new PermanentActionException(
            ctx.target().display() + " has no container named " + name + "."));
  }

  private static Map<String, Quantity> limits(Container c) {
    if (c.getResources() == null) {
      c.setResources(new ResourceRequirements());
    }
    if (c.getResources().getLimits() == null) {
      c.getResources().setLimits(new HashMap<>());
    }
    return c.getResources().getLimits();
  }

  private static void restore(Map<String, Quantity> limits, String resource, String previous) {
    if (previous == null) {
      return;
    }
    if (previous.isEmpty()) {
      limits.remove(resource);
    } else {
      limits.put(resource, new Quantity(previous));
    }
  }

  private static boolean same(Quantity actual, String expected) {
    return actual != null
        && Quantity.getAmountInBytes(actual).compareTo(Quantity.getAmountInBytes(new Quantity(expected))) == 0;
  }

  private String text(Quantity q) {
    return q == null ? "" : q.toString();
  }
}
