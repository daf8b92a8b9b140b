package io.kubernaut.k8s.fakes;

import io.kubernaut.k8s.status.StatusSealer;

/**
 * The sealer a test shares between the controllers it builds and the child results it writes as their
 * controllers would: one random key per test JVM.
 */
public final class TestSealer {

  /** Seals as the processing and analysis controllers of the relays built with it do. */
  public static final StatusSealer SEALER = StatusSealer.random();

  private TestSealer() {}
}
