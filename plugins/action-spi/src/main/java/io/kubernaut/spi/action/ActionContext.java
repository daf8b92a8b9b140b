package io.kubernaut.spi.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one call of an action may use. The host builds it; parameters have already been
 * validated against the action's {@link ParameterSpec}s, so the typed getters only fail on a
 * missing optional value that the action treated as required.
 *
 * <p>Actions must be idempotent per {@link #executionId()}: the same execution id may be
 * executed again after a crash, and {@link RemediationAction#verify} is asked first.
 */
public interface ActionContext {

  /** The object to act on. */
  ActionTarget target();

  /** The validated parameters, by name; never null. */
  Map<String, String> parameters();

  /** A Kubernetes client, possibly impersonating the action's own ServiceAccount. */
  KubernetesClient client();

  /** When the host stops waiting for this call; long operations should check {@link #remaining()}. */
  Instant deadline();

  /** The stable id of this execution; the same across retries and operator restarts. */
  String executionId();

  /** 1 for the first attempt, incremented on each retry. */
  int attempt();

  /** Whether this call is a dry run: it must not change the cluster. */
  boolean dryRun();

  /**
   * The target as the host read it from the API server just before this call, when it did: the
   * dry run the operator runs while validating a workflow gets the object its validation read a
   * moment earlier (with its resourceVersion), so the action need not read it a second time. An
   * action that writes onto the object it read (a replace with the resourceVersion read, or a
   * server-side dry run of one) is as safe with it as with its own read: a change since makes the
   * API server answer 409 Conflict. Since SPI 1.3 the rollback preparation before an execution's
   * first attempt, and that {@code execute}, get the one object the host read just before (for an
   * action that declares rollback). Since SPI 1.4 the verification the host makes right after a
   * successful execution gets the object that execution reported as its
   * {@link ActionResult#resultingTarget()} (the API server's answer to its write). Empty when the
   * host has none of these (any other execution, a rollback, a verification after a restart, a
   * retry or an unknown answer: those read the target themselves, fresh), and in least-privilege
   * mode. Do not modify it; clone it first. Since SPI 1.2; a host before 1.2 never offers it.
   */
  default Optional<HasMetadata> observedTarget() {
    return Optional.empty();
  }

  /**
   * When this execution began, before any of its attempts could change the target: the creation of
   * its KubernetesExecution, by the API server's clock and in whole seconds, as every object's
   * {@code creationTimestamp}; the same for every attempt and verification of the execution (for a
   * rollback's verification, the undone execution's). A verification uses it to tell an object an
   * attempt left behind from one no attempt touched: a StatefulSet's pod recreated under the same
   * name was created at or after it, the pod an attempt never reached (its first read failed)
   * before it. Set by the host for executions and their verifications; empty for dry runs and from
   * a host before 1.5. Since SPI 1.5.
   */
  default Optional<Instant> executionStartedAt() {
    return Optional.empty();
  }

  /** The time left before {@link #deadline()}, never negative. */
  default Duration remaining() {
    Duration left = Duration.between(Instant.now(), deadline());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The value of an optional parameter. */
  default Optional<String> param(String name) {
    return Optional.ofNullable(parameters().get(name)).filter(v -> !v.isBlank());
  }

  /**
   * The value of a required parameter.
   *
   * @throws PermanentActionException when it is absent: retrying the same request cannot help
   */
  default String requiredParam(String name) {
    return param(name)
        .orElseThrow(() -> new PermanentActionException("Parameter '" + name + "' is required."));
  }

  /** An integer parameter, or the default when absent. */
  default long longParam(String name, long defaultValue) {
    return param(name).map(Long::parseLong).orElse(defaultValue);
  }

  /** A number parameter, if present. */
  default Optional<Double> numberParam(String name) {
    return param(name).map(Double::parseDouble);
  }

  /** A boolean parameter, or the default when absent. */
  default boolean booleanParam(String name, boolean defaultValue) {
    return param(name).map(Boolean::parseBoolean).orElse(defaultValue);
  }

  /** Starts building a context; the host and tests use it. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds an immutable {@link ActionContext}. */
  final class Builder {
    private ActionTarget target;
    private Map<String, String> parameters = Map.of();
    private KubernetesClient client;
    private Instant deadline = Instant.now().plusSeconds(60);
    private String executionId = "local";
    private int attempt = 1;
    private boolean dryRun;
    private HasMetadata observedTarget;
    private Instant executionStartedAt;

    private Builder() {}

    /** Sets the target. */
    public Builder target(ActionTarget value) {
      this.target = value;
      return this;
    }

    /** Sets the target from its parts. */
    public Builder target(String kind, String namespace, String name) {
      return target(new ActionTarget(kind, namespace, name));
    }

    /** Sets the parameters (copied). */
    public Builder parameters(Map<String, String> value) {
      this.parameters = Map.copyOf(value);
      return this;
    }

    /** Sets the client. */
    public Builder client(KubernetesClient value) {
      this.client = value;
      return this;
    }

    /** Sets the deadline. */
    public Builder deadline(Instant value) {
      this.deadline = value;
      return this;
    }

    /** Sets the execution id. */
    public Builder executionId(String value) {
      this.executionId = value;
      return this;
    }

    /** Sets the attempt number. */
    public Builder attempt(int value) {
      this.attempt = value;
      return this;
    }

    /** Sets the dry-run flag. */
    public Builder dryRun(boolean value) {
      this.dryRun = value;
      return this;
    }

    /** Sets the target as read just before the call; null for none. */
    public Builder observedTarget(HasMetadata value) {
      this.observedTarget = value;
      return this;
    }

    /** Sets when the execution began; null for unknown. */
    public Builder executionStartedAt(Instant value) {
      this.executionStartedAt = value;
      return this;
    }

    /** The context; target, client, deadline and execution id must be set. */
    public ActionContext build() {
      return new Snapshot(
          Objects.requireNonNull(target, "target"),
          parameters,
          Objects.requireNonNull(client, "client"),
          Objects.requireNonNull(deadline, "deadline"),
          Objects.requireNonNull(executionId, "executionId"),
          attempt,
          dryRun,
          observedTarget,
          executionStartedAt);
    }
  }

  /** The immutable value behind {@link Builder#build()}; {@code observed} and {@code started} may be null. */
  record Snapshot(
      ActionTarget target,
      Map<String, String> parameters,
      KubernetesClient client,
      Instant deadline,
      String executionId,
      int attempt,
      boolean dryRun,
      HasMetadata observed,
      Instant started)
      implements ActionContext {

    /** A context without an observed target (the SPI 1.1 shape). */
    public Snapshot(ActionTarget target, Map<String, String> parameters, KubernetesClient client, Instant deadline,
        String executionId, int attempt, boolean dryRun) {
      this(target, parameters, client, deadline, executionId, attempt, dryRun, null, null);
    }

    /** A context without the execution's start (the SPI 1.2-1.4 shape). */
    public Snapshot(ActionTarget target, Map<String, String> parameters, KubernetesClient client, Instant deadline,
        String executionId, int attempt, boolean dryRun, HasMetadata observed) {
      this(target, parameters, client, deadline, executionId, attempt, dryRun, observed, null);
    }

    /** Without the client and the observed object, which may hold anything the target holds. */
    @Override
    public String toString() {
      return "ActionContext[target=" + target + ", parameters=" + parameters + ", deadline=" + deadline
          + ", executionId=" + executionId + ", attempt=" + attempt + ", dryRun=" + dryRun + ", observedTarget="
          + (observed == null ? "none" : observed.getKind()) + ", executionStartedAt=" + started + "]";
    }

    @Override
    public Optional<HasMetadata> observedTarget() {
      return Optional.ofNullable(observed);
    }

    @Override
    public Optional<Instant> executionStartedAt() {
      return Optional.ofNullable(started);
    }
  }
}
