package io.kubernaut.ports.out;

import io.kubernaut.ports.pipeline.PipelinePolicy;

/** Driven port: the current pipeline policy, reloaded when {@code kubernaut-config} changes. */
public interface PolicySource {
  PipelinePolicy current();
}
