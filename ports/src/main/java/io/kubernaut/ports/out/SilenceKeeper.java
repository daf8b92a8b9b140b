package io.kubernaut.ports.out;

import io.kubernaut.ports.verification.Silence;
import io.kubernaut.ports.verification.SilenceRequest;
import java.util.Optional;

/**
 * Driven port: silences in Alertmanager (API v2 {@code /silences}) created while a remediation acts
 * and expired when its verification ends. Every method may throw
 * {@link io.kubernaut.ports.failure.RetryableException} when Alertmanager does not answer (or
 * answers 429 or 5xx), and {@link io.kubernaut.ports.failure.PermanentException} when it refuses the
 * request (4xx, e.g. an end in the past) or answers something unreadable; {@link #ensure} throws
 * the latter too when silences are not {@link #enabled()}.
 */
public interface SilenceKeeper {

  /** Whether silences are enabled (and an Alertmanager configured). */
  boolean enabled();

  /** The active silence Kubernaut created for this remediation, found by its comment and creator. */
  Optional<Silence> find(String remediation);

  /** Creates the silence, or answers the active one already there for the same remediation. */
  Silence ensure(SilenceRequest request);

  /** Expires the remediation's silence, if any is active; true when one was expired. */
  boolean expire(String remediation);
}
