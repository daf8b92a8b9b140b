package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.ParameterType;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.DisruptionClass;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * collect_diagnostics: reads a target's events and, for a pod, its phase, container states and
 * recent logs into the result's details. It changes nothing, so its postcondition always holds.
 */
public final class CollectDiagnostics extends BuiltinAction {

  static final int MAX_DETAIL_CHARS = 4000;

  /** Creates the action; ServiceLoader calls this. */
  public CollectDiagnostics() {
    super(describe("collect_diagnostics",
        "Collects events and, for a pod, its status and recent logs; changes nothing.",
        RiskLevel.LOW, true, false, Set.of(), DisruptionClass.NONE,
        List.of(AccessNeed.inNamespace("", "events", "list"), AccessNeed.onTarget("", "pods", "get").forKind("Pod"),
            AccessNeed.onTarget("", "pods", "get").withSubresource("log").forKind("Pod")),
        ParameterSpec.optional("tailLines", ParameterType.INTEGER, "Log lines per container; 100 when absent.")
            .withRange(1d, 5000d)));
  }

  @Override
  ActionResult doExecute(ActionContext ctx) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("events", events(ctx));
    if ("Pod".equals(ctx.target().kind())) {
      Pod pod = require(RestartPod.pod(ctx).get(), ctx);
      details.put("phase", String.valueOf(pod.getStatus() == null ? null : pod.getStatus().getPhase()));
      if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
          details.put("container." + cs.getName(), describe(cs));
        }
      }
      for (var c : pod.getSpec().getContainers()) {
        details.put("logs." + c.getName(), logs(ctx, c.getName()));
      }
    }
    return ActionResult.succeeded("Collected " + details.size() + " diagnostics for " + ctx.target().display() + ".")
        .withDetails(details);
  }

  @Override
  ActionResult doDryRun(ActionContext ctx) {
    return ActionResult.succeeded("Dry run: would read events, status and logs of " + ctx.target().display()
        + "; the action is read-only.");
  }

  @Override
  boolean doVerify(ActionContext ctx) {
    return true;
  }

  private static String describe(ContainerStatus cs) {
    StringBuilder s = new StringBuilder("ready=" + cs.getReady() + " restarts=" + cs.getRestartCount());
    if (cs.getState() != null && cs.getState().getWaiting() != null) {
      s.append(" waiting=").append(cs.getState().getWaiting().getReason());
    }
    if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
      s.append(" lastTerminated=").append(cs.getLastState().getTerminated().getReason());
    }
    return s.toString();
  }

  /** The target's events, newest last; filtered client-side by involved object name and kind. */
  private static String events(ActionContext ctx) {
    var events = ctx.target().namespace().isEmpty()
        ? ctx.client().v1().events().inAnyNamespace() : ctx.client().v1().events().inNamespace(ctx.target().namespace());
    return truncate(events.list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && ctx.target().name().equals(e.getInvolvedObject().getName())
            && ctx.target().kind().equals(e.getInvolvedObject().getKind()))
        .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
        .map(CollectDiagnostics::line)
        .collect(Collectors.joining("\n")));
  }

  private static String line(Event e) {
    return e.getType() + " " + e.getReason() + ": " + e.getMessage();
  }

  private static String logs(ActionContext ctx, String container) {
    try {
      // The log subresource read directly: fabric8's getLog() first waits (list and watch of pods) for the pod to be
      // ready or ended, which a crash-looping pod never is, and which the declared access (get pods/log) does not grant.
      String url = URLUtils.join(ctx.client().getMasterUrl().toString(), "api", "v1", "namespaces",
          URLEncoder.encode(ctx.target().namespace(), StandardCharsets.UTF_8), "pods",
          URLEncoder.encode(ctx.target().name(), StandardCharsets.UTF_8), "log") + "?pretty=false&container="
          + URLEncoder.encode(container, StandardCharsets.UTF_8) + "&tailLines=" + ctx.longParam("tailLines", 100);
      String log = ctx.client().raw(url);
      // raw() answers null for a 404 (the pod or its log is gone) and throws for the other errors.
      return log == null ? "logs unavailable: HTTP 404" : truncate(log);
    } catch (KubernetesClientException e) {
      return "logs unavailable: HTTP " + e.getCode();
    }
  }

  private static String truncate(String text) {
    return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(text.length() - MAX_DETAIL_CHARS);
  }
}
