package io.kubernaut.ports.history;

import io.kubernaut.ports.signal.Fingerprint;
import java.time.Instant;

/**
 * A problem that came back: several remediations with the same fingerprint.
 *
 * @param fingerprint the problem
 * @param alertName its alert name, empty when unknown
 * @param remediations how many remediations it had in the window
 * @param unsuccessful how many of them ended other than {@code Completed}
 * @param firstSeen the first one's creation
 * @param lastSeen the last one's creation
 */
public record RecurringFingerprint(
    Fingerprint fingerprint, String alertName, int remediations, int unsuccessful,
    Instant firstSeen, Instant lastSeen) {}
