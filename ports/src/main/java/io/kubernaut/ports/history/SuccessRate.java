package io.kubernaut.ports.history;

/**
 * How often an action worked. Dry runs count nowhere.
 *
 * @param attempts actions that ran to an outcome
 * @param successes those whose outcome was {@code Succeeded}
 */
public record SuccessRate(int attempts, int successes) {
  public SuccessRate {
    if (attempts < 0 || successes < 0 || successes > attempts) {
      throw new IllegalArgumentException("Need 0 <= successes <= attempts, got " + successes + "/" + attempts);
    }
  }

  /** successes / attempts, or 0 when nothing was attempted. */
  public double rate() {
    return attempts == 0 ? 0.0 : (double) successes / attempts;
  }
}
