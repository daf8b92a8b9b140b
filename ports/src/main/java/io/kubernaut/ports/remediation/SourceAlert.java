package io.kubernaut.ports.remediation;

import java.time.Instant;

/**
 * One source alert of a problem, as a delivery reports it firing or resolved.
 *
 * @param source its Alertmanager fingerprint; null or blank when it has none (the store then records nothing of it)
 * @param startsAt when its episode started; null when the alert does not say
 */
public record SourceAlert(String source, Instant startsAt) {

  /** Whether it has a source to record: a store records nothing of one without. */
  public boolean named() {
    return source != null && !source.isBlank();
  }
}
