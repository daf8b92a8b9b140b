package io.kubernaut.ports.out;

import io.kubernaut.ports.pipeline.PipelinePolicy;

/** Driven port: the current pipeline policy, reloaded when {@code kubernaut-config} changes. */
public interface PolicySource {
  PipelinePolicy current();

  /**
   * Runs {@code listener} with the policy before and after each change that took effect (a version
   * applied, refused closed, or the ConfigMap deleted), on the source's own thread: it must return at
   * once. A timer set on the policy before (a deadline, a retention) can be set again on the new one.
   * By default never run: a policy that never changes.
   */
  default void whenChanged(java.util.function.BiConsumer<PipelinePolicy, PipelinePolicy> listener) {}
}
