package io.kubernaut.actions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.WritableOperation;
import io.kubernaut.spi.action.AccessNeed;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.DisruptionClass;
import io.kubernaut.spi.action.ParameterSpec;
import io.kubernaut.spi.action.PermanentActionException;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.RetryableActionException;
import io.kubernaut.spi.action.RiskLevel;
import io.kubernaut.spi.action.SpiVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Shared frame of every built-in action: it checks the target kind and translates fabric8
 * failures into the SPI's retryable and permanent families at the boundary.
 */
abstract class BuiltinAction implements RemediationAction {

  /** The version of every built-in action; they are released together. */
  static final String VERSION = "1.0.0";

  /** Annotation prefix used to mark objects with the execution that changed them. */
  static final String MARK_PREFIX = "kubernaut.io/";

  private final ActionDescriptor descriptor;

  BuiltinAction(ActionDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  /**
   * Builds a built-in descriptor: version {@link #VERSION}, compiled SPI version, and always an
   * explicit disruption class and access (never the defaults meant for SPI 1.0 plugins). Effects,
   * where an action has one, are added with {@link ActionDescriptor#withEffects}.
   */
  static ActionDescriptor describe(
      String name,
      String description,
      RiskLevel risk,
      boolean dryRun,
      boolean rollback,
      Set<String> kinds,
      DisruptionClass disruption,
      List<AccessNeed> access,
      ParameterSpec... parameters) {
    return new ActionDescriptor(name, VERSION, SpiVersion.CURRENT, description, List.of(parameters), risk, dryRun,
        rollback, kinds, access, disruption, Set.of());
  }

  @Override
  public final ActionDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public final ActionResult execute(ActionContext ctx) {
    return guarded(ctx, "execute", () -> doExecute(ctx));
  }

  @Override
  public final ActionResult dryRun(ActionContext ctx) {
    return guarded(ctx, "dry-run", () -> doDryRun(ctx));
  }

  @Override
  public final boolean verify(ActionContext ctx) {
    return guarded(ctx, "verify", () -> doVerify(ctx));
  }

  @Override
  public final ActionResult rollback(ActionContext ctx, Map<String, String> rollbackData) {
    if (!descriptor.supportsRollback()) {
      return ActionResult.skipped(descriptor.name() + " cannot be rolled back; nothing was changed.");
    }
    return guarded(ctx, "rollback", () -> doRollback(ctx, rollbackData == null ? Map.of() : rollbackData));
  }

  /**
   * What {@link #doRollback} needs, read from the target as it is now; asked only of an action that
   * declares rollback support, and answered in the same families of failure as any call.
   */
  @Override
  public final Map<String, String> prepareRollback(ActionContext ctx) {
    if (!descriptor.supportsRollback()) {
      return Map.of();
    }
    return guarded(ctx, "rollback preparation", () -> doPrepareRollback(ctx));
  }

  /**
   * The rollback data of the target as it is now: what {@link #doExecute} would return for it,
   * without the change. Empty by default (rollback data only in the result).
   */
  Map<String, String> doPrepareRollback(ActionContext ctx) {
    return Map.of();
  }

  /** Applies the change. */
  abstract ActionResult doExecute(ActionContext ctx);

  /** Server-side dry run or read-only validation. */
  abstract ActionResult doDryRun(ActionContext ctx);

  /** Whether the postcondition holds. */
  abstract boolean doVerify(ActionContext ctx);

  /** Undoes the change; only called when the descriptor declares rollback support. */
  ActionResult doRollback(ActionContext ctx, Map<String, String> rollbackData) {
    return ActionResult.skipped(descriptor.name() + " cannot be rolled back.");
  }

  /** The writable view of a resource: the resource itself, or its server-side dry-run view. */
  static <T> WritableOperation<T> writable(Resource<T> resource, boolean dryRun) {
    return dryRun ? resource.dryRun() : resource;
  }

  /**
   * Writes {@code change}, applied to {@code current} (the object this call read), onto that version
   * only: the changed object is sent whole (a replace) with the resourceVersion read, so the API server
   * answers 409 Conflict (retryable, see {@link #translate}) when anyone wrote the object since. A
   * change is thus never computed from one read and applied to a newer object, and a call costs one
   * read and one write (fabric8's {@code edit} reads the object a second time and patches it without
   * the version). A replace, unlike a JSON patch of paths, does not depend on how the server spells
   * fields the model leaves empty. Nothing is sent when the change changes nothing.
   */
  static <T extends HasMetadata> T patchOnVersion(ActionContext ctx, T current, UnaryOperator<T> change,
      boolean dryRun) {
    JsonNode before = Serialization.jsonMapper().valueToTree(current);
    T changed = change.apply(Serialization.clone(current));
    if (before.equals(Serialization.jsonMapper().valueToTree(changed))) {
      return current;
    }
    changed.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    return writable(ctx.client().resource(changed), dryRun).update();
  }

  /**
   * The target as this call acts on it: the object the host read moments before and handed over
   * ({@link ActionContext#observedTarget()}: the validation's read, for the dry run that follows it),
   * else read now. Either way the write that follows goes onto that object's resourceVersion
   * ({@link #patchOnVersion}), so a change since is a conflict, never overwritten.
   */
  @SuppressWarnings("unchecked")
  static <T> T read(ActionContext ctx, Resource<T> resource) {
    Optional<HasMetadata> seen = ctx.observedTarget().filter(o -> ctx.target().kind().equals(o.getKind()));
    return seen.isPresent() ? (T) seen.get() : resource.get();
  }

  /** The annotation key that records which execution last applied this action to an object. */
  final String markKey() {
    return MARK_PREFIX + descriptor.name().replace('_', '-') + ".execution";
  }

  /** Reads an object or fails permanently, naming it. */
  static <T> T require(T object, ActionContext ctx) {
    if (object == null) {
      throw new PermanentActionException(
          ctx.target().display() + " does not exist; check the target and do not retry.");
    }
    return object;
  }

  private <T> T guarded(ActionContext ctx, String operation, Supplier<T> call) {
    if (!descriptor.acceptsKind(ctx.target().kind())) {
      throw new PermanentActionException(
          descriptor.name() + " does not accept a " + ctx.target().kind() + "; it acts on "
              + descriptor.targetKinds() + ".");
    }
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw translate(e, descriptor.name() + " " + operation + " on " + ctx.target().display());
    } catch (NumberFormatException e) {
      throw new PermanentActionException(
          descriptor.name() + " got a malformed number: " + e.getMessage() + ". Fix the parameters.", e);
    }
  }

  /** Maps an API error to retryable (conflict, throttling, server, I/O) or permanent (the rest). */
  static RuntimeException translate(KubernetesClientException e, String what) {
    int code = e.getCode();
    if (code == 409 || code == 429 || code >= 500 || code <= 0) {
      return new RetryableActionException(
          what + " failed with HTTP " + code + " (" + e.getMessage() + "); retry later.", e);
    }
    if (code == 404) {
      return new PermanentActionException(what + " failed: the object does not exist. Do not retry.", e);
    }
    return new PermanentActionException(
        what + " was rejected with HTTP " + code + " (" + e.getMessage() + "). Do not retry.", e);
  }
}
