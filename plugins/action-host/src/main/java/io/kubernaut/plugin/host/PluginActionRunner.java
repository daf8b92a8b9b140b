package io.kubernaut.plugin.host;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.RetryableActionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs plugin calls on the bounded pool of the plugin that defines the action ({@link PluginPool}:
 * one per plugin directory, one for the built-ins), each under a deadline: the earlier of the
 * request's deadline and the configured call timeout. Whatever a plugin does (throw, hang, fail
 * to link), the caller gets an outcome; the operator's own threads are never blocked past the
 * deadline, and a plugin whose calls hang exhausts only its own threads. A timed-out call is
 * interrupted but may still be running: it is reported as TIMED_OUT, which tells the caller to
 * verify before any retry.
 */
final class PluginActionRunner implements ActionRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PluginActionRunner.class);

  private final LoadedActions actions;
  private final KubernetesClient client;
  private final String impersonationNamespace;
  private final Map<String, KubernetesClient> impersonating = new ConcurrentHashMap<>();
  private final Duration callTimeout;
  private final int threadsPerPlugin;
  private final Map<ClassLoader, PluginPool> pools = new ConcurrentHashMap<>();
  private static final String EXECUTE = "execute";
  private static final String ROLLBACK = "rollback";
  /** The calls past their deadline whose plugin has not let go yet, until they end. */
  private final Map<Object, io.kubernaut.ports.action.RunawayCall> runaway = new ConcurrentHashMap<>();

  PluginActionRunner(LoadedActions actions, KubernetesClient client, PluginSettings settings) {
    this.actions = actions;
    this.client = client;
    this.impersonationNamespace = settings.impersonationNamespace();
    this.callTimeout = settings.callTimeout();
    this.threadsPerPlugin = settings.maxConcurrentCalls();
  }

  @Override
  public ActionOutcome execute(ActionRequest request) {
    return run(request, false, EXECUTE, (a, ctx) -> outcome(a.execute(ctx)));
  }

  @Override
  public ActionOutcome dryRun(ActionRequest request) {
    return run(request, true, "dry-run", (a, ctx) -> outcome(a.dryRun(ctx)));
  }

  @Override
  public Verification verify(ActionRequest request) {
    ActionOutcome o = run(request, false, "verify", (a, ctx) -> a.verify(ctx)
        ? ActionOutcome.of(ActionStatus.SUCCEEDED, "The postcondition of " + request.action() + " on "
            + request.target().display() + " holds.")
        : ActionOutcome.of(ActionStatus.SKIPPED, "The postcondition of " + request.action() + " on "
            + request.target().display() + " does not hold."));
    return switch (o.status()) {
      case SUCCEEDED -> new Verification(Verification.Verdict.HOLDS, o.message());
      case SKIPPED -> new Verification(Verification.Verdict.DOES_NOT_HOLD, o.message());
      default -> new Verification(Verification.Verdict.UNKNOWN, o.message());
    };
  }

  /**
   * The action's {@link RemediationAction#prepareRollback}, on its plugin's pool under the same
   * deadline as any call; an action that declares no rollback is not asked (empty). A null answer
   * counts as empty.
   */
  @Override
  public ActionOutcome prepareRollback(ActionRequest request) {
    return run(request, false, "rollback preparation", (a, ctx) -> {
      Map<String, String> data = a.descriptor().supportsRollback() ? a.prepareRollback(ctx) : null;
      String oversized = oversized(data);
      if (oversized != null) {
        return ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "The rollback preparation of " + request.action()
            + " answered " + oversized + ": this is a plugin defect.");
      }
      return new ActionOutcome(ActionStatus.SUCCEEDED, (data == null || data.isEmpty() ? "No" : data.size())
          + " rollback values prepared by " + request.action() + " for " + request.target().display() + ".",
          data == null ? Map.of() : data, Map.of());
    });
  }

  @Override
  public ActionOutcome rollback(ActionRequest request, Map<String, String> rollbackData) {
    Map<String, String> data = rollbackData == null ? Map.of() : Map.copyOf(rollbackData);
    return run(request, false, ROLLBACK, (a, ctx) -> outcome(a.rollback(ctx, data)));
  }

  private ActionOutcome run(ActionRequest request, boolean dryRun, String operation,
      BiFunction<RemediationAction, ActionContext, ActionOutcome> call) {
    String what = operation + " of " + request.action() + " on " + request.target().display();
    LoadedAction loaded = actions.find(request.action()).orElse(null);
    if (loaded == null) {
      return ActionOutcome.of(ActionStatus.FAILED_PERMANENT,
          "Action " + request.action() + " is not in the catalog; the " + operation + " cannot run.");
    }
    List<String> problems = ParameterValidator.problems(loaded.descriptor(), request.parameters());
    if (!problems.isEmpty()) {
      return ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "Invalid request for " + what + ": "
          + String.join(" ", problems));
    }
    Instant deadline = earliest(request.deadline(), Instant.now().plus(callTimeout));
    ActionContext ctx = ActionContext.builder()
        .target(request.target().kind(), request.target().namespace(), request.target().name())
        .parameters(request.parameters()).client(clientFor(request.action())).deadline(deadline)
        .executionId(request.executionId()).attempt(request.attempt()).dryRun(dryRun)
        .observedTarget(observed(request)).executionStartedAt(dryRun ? null : request.executionStartedAt()).build();
    // Only a call that changes the target holds it past its deadline: a dry run, a verification or a
    // rollback preparation reads.
    boolean changes = !dryRun && (operation.equals(EXECUTE) || operation.equals(ROLLBACK));
    if (!changes) {
      return poolOf(loaded).call(what, deadline, () -> callInPluginContext(loaded, ctx, call));
    }
    Object token = new Object();
    java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    ActionOutcome outcome = poolOf(loaded).call(what, deadline, () -> {
      try {
        return callInPluginContext(loaded, ctx, call);
      } finally {
        ended.set(true);
        runaway.remove(token);
      }
    });
    if (outcome.status() == ActionStatus.TIMED_OUT && !ended.get()) {
      // Interrupted at its deadline, and still running: it may change its target until it ends.
      runaway.put(token, new io.kubernaut.ports.action.RunawayCall(request.executionId(), request.action(),
          request.target(), deadline, operation.equals(ROLLBACK)));
      if (ended.get()) {
        runaway.remove(token);
      } else {
        LOG.warn("The {} still runs past its deadline {}: its target counts as busy until it ends", what, deadline);
      }
    }
    return outcome;
  }

  @Override
  public List<io.kubernaut.ports.action.RunawayCall> runawayCalls() {
    return List.copyOf(runaway.values());
  }

  /**
   * The target as the caller read it just before, for the action not to read it again: only the
   * object of the request's own kind, namespace and name, and only when the action runs with the
   * operator's own client (in least-privilege mode it reads as its ServiceAccount, which may see less).
   */
  private HasMetadata observed(ActionRequest request) {
    if (impersonationNamespace != null || !(request.observedTarget() instanceof HasMetadata object)
        || object.getMetadata() == null) {
      return null;
    }
    String namespace = object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace();
    return request.target().kind().equals(object.getKind()) && request.target().name().equals(object.getMetadata().getName())
        && request.target().namespace().equals(namespace) ? object : null;
  }

  /** Room in the pool of the action's plugin; an unknown action, or a plugin not called yet, has room. */
  @Override
  public boolean hasRoomFor(String action) {
    PluginPool pool = actions.find(action).map(a -> pools.get(a.classLoader())).orElse(null);
    return pool == null || pool.hasRoom();
  }

  /**
   * The calls the plugin directories' pools hold at once ({@link PluginPool#mostCalls} each): third
   * parties' code, which may hang until the deadline. The built-ins are not counted: their calls end
   * within the API server's request timeouts and the safety budgets, and counting them would let a
   * burst of remediations call them more at once than their pool holds (measured 2026-12-04: 6-31
   * calls turned away per burst of 100, each retried 2-4 s later, p99 3.0-3.5 s → 5.5-7.3 s).
   */
  @Override
  public int mostWaitingCallers() {
    long plugins = actions.all().stream().map(LoadedAction::classLoader).filter(PluginClassLoader.class::isInstance)
        .distinct().count();
    return Math.toIntExact(plugins * PluginPool.mostCalls(threadsPerPlugin));
  }

  /** The pool of the plugin that defines the action: its directory's class loader, or the built-ins'. */
  private PluginPool poolOf(LoadedAction loaded) {
    return pools.computeIfAbsent(loaded.classLoader(), loader -> loader instanceof PluginClassLoader p
        ? new PluginPool("plugin " + p.pluginName(), "kubernaut-plugin-" + p.pluginName() + "-", threadsPerPlugin)
        : new PluginPool("the built-in actions", "kubernaut-action-", threadsPerPlugin));
  }

  /** The operator's client, or in least-privilege mode one impersonating the action's own ServiceAccount. */
  private KubernetesClient clientFor(String action) {
    if (impersonationNamespace == null) {
      return client;
    }
    return impersonating.computeIfAbsent(action, a -> new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration())
            .withImpersonateUsername(serviceAccountUser(impersonationNamespace, a)).build())
        .build());
  }

  /** {@code system:serviceaccount:<namespace>:kubernaut-action-<name with _ as ->}. */
  static String serviceAccountUser(String namespace, String action) {
    return "system:serviceaccount:" + namespace + ":kubernaut-action-" + action.replace('_', '-');
  }

  private static ActionOutcome callInPluginContext(LoadedAction loaded, ActionContext ctx,
      BiFunction<RemediationAction, ActionContext, ActionOutcome> call) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loaded.classLoader());
    MDC.put("executionId", ctx.executionId());
    try {
      return call.apply(loaded.action(), ctx);
    } finally {
      MDC.remove("executionId");
      thread.setContextClassLoader(previous);
    }
  }

  /** Classifies whatever a plugin threw; errors such as NoClassDefFoundError are caught too. */
  static ActionOutcome failure(String what, Throwable cause) {
    if (cause instanceof RetryableActionException) {
      LOG.warn("The {} failed and may be retried: {}", what, cause.getMessage());
      return ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, cause.getMessage());
    }
    if (cause instanceof PermanentActionException) {
      LOG.warn("The {} failed permanently: {}", what, cause.getMessage());
      return ActionOutcome.of(ActionStatus.FAILED_PERMANENT, cause.getMessage());
    }
    if (cause instanceof KubernetesClientException k) {
      int code = k.getCode();
      boolean transientFault = code == 409 || code == 429 || code >= 500 || code <= 0;
      LOG.warn("The {} got HTTP {} from the API server", what, code);
      return ActionOutcome.of(transientFault ? ActionStatus.FAILED_RETRYABLE : ActionStatus.FAILED_PERMANENT,
          "The " + what + " got HTTP " + code + " from the API server: " + k.getMessage()
              + (transientFault ? " Retry later." : " Do not retry."));
    }
    LOG.warn("The {} threw an unexpected {}", what, cause.toString(), cause);
    return ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "The " + what + " failed with an unexpected "
        + cause.getClass().getName() + ": " + cause.getMessage() + ". This is a plugin defect; do not retry.");
  }

  /**
   * The most rollback data the host keeps of one call, in UTF-8 bytes of its keys and values: it is
   * written into the execution's status (and, for a rollback, into the spec of another), which the
   * API server bounds, so a plugin's oversized answer must not make that write fail for ever.
   */
  static final int MAX_ROLLBACK_BYTES = 16 * 1024;

  /**
   * Null when {@code data} is within {@link #MAX_ROLLBACK_BYTES}; else what it is, "N bytes of rollback
   * data, over the host's limit of M", logged once here for every kind of call.
   */
  private static String oversized(Map<String, String> data) {
    int bytes = size(data);
    if (bytes <= MAX_ROLLBACK_BYTES) {
      return null;
    }
    LOG.warn("A plugin answered {} bytes of rollback data, over the limit of {}; it is not kept", bytes,
        MAX_ROLLBACK_BYTES);
    return bytes + " bytes of rollback data, over the host's limit of " + MAX_ROLLBACK_BYTES;
  }

  /** The size of rollback data as {@link #MAX_ROLLBACK_BYTES} counts it. */
  static int size(Map<String, String> data) {
    if (data == null) {
      return 0;
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      bytes += utf8(e.getKey()) + utf8(e.getValue());
    }
    return (int) Math.min(bytes, Integer.MAX_VALUE);
  }

  private static int utf8(String s) {
    return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static ActionOutcome outcome(ActionResult result) {
    if (result == null) {
      return ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "The plugin returned no result; this is a plugin defect.");
    }
    ActionStatus status = switch (result.status()) {
      case SUCCEEDED -> ActionStatus.SUCCEEDED;
      case SKIPPED -> ActionStatus.SKIPPED;
      case FAILED -> ActionStatus.FAILED_PERMANENT;
    };
    String oversized = oversized(result.rollbackData());
    if (oversized != null) {
      // What the call did stands; only the data to undo it is not kept.
      return new ActionOutcome(status, result.message() + " It returned " + oversized + ", which was not kept "
          + "(a plugin defect): undo this change by hand if it must be undone.", Map.of(), result.details(),
          result.resultingTarget());
    }
    return new ActionOutcome(status, result.message(), result.rollbackData(), result.details(),
        result.resultingTarget());
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
