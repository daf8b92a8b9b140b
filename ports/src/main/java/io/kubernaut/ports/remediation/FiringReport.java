package io.kubernaut.ports.remediation;

import java.time.Instant;

/**
 * One source alert reporting a problem firing.
 *
 * @param source its Alertmanager fingerprint; null or blank when it has none (nothing is then recorded)
 * @param startsAt when its episode started; null when the alert does not say
 */
public record FiringReport(String source, Instant startsAt) {}
