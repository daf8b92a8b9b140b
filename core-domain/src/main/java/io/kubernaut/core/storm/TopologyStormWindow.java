package io.kubernaut.core.storm;

import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Notices topology storms: more than {@code maxResources} distinct resources firing one alertname
 * within {@code window}. The window lives in memory: after a restart it starts empty, which can
 * only cost a few extra remediations before the fold kicks in again, never a lost alert.
 * Memory is bounded: at most {@link #MAX_TRACKED} observations are kept per alertname and at most
 * {@link #MAX_ALERTNAMES} alertnames.
 */
public final class TopologyStormWindow {

  static final int MAX_TRACKED = 1_000;
  static final int MAX_ALERTNAMES = 10_000;

  private record Seen(TargetRef target, Instant at) {}

  private final int maxResources;
  private final Duration window;
  private final Map<String, Deque<Seen>> byAlertName = new HashMap<>();

  /**
   * @param maxResources fold when more distinct resources than this fire; 0 turns folding off
   * @param window how far back resources count
   */
  public TopologyStormWindow(int maxResources, Duration window) {
    if (maxResources < 0 || window.isNegative()) {
      throw new IllegalArgumentException("A topology storm needs a resource count of 0 (off) or more and a window.");
    }
    this.maxResources = maxResources;
    this.window = window;
  }

  private static final java.util.regex.Pattern SPEC = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)([smh])\\s*");

  /** Parses {@code N/window} such as {@code 5/2m}; {@code off} (or {@code 0}) turns folding off. */
  public static TopologyStormWindow parse(String spec) {
    String v = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("off") || v.equals("0") || v.equals("false")) {
      return off();
    }
    java.util.regex.Matcher m = SPEC.matcher(v);
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
      throw new IllegalArgumentException("A topology storm is N/window such as 5/2m, or off; got \"" + spec + "\".");
    }
    return new TopologyStormWindow(Integer.parseInt(m.group(1)), StormPolicy.window(m.group(2), m.group(3)));
  }

  /** A window that never folds. */
  public static TopologyStormWindow off() {
    return new TopologyStormWindow(0, Duration.ZERO);
  }

  /**
   * Records that {@code target} fires {@code alertName} at {@code at}. When more than the limit of
   * distinct resources fire it within the window, answers every one of them, oldest first.
   */
  public synchronized Optional<List<TargetRef>> observe(String alertName, TargetRef target, Instant at) {
    if (maxResources == 0) {
      return Optional.empty();
    }
    Deque<Seen> seen = byAlertName.computeIfAbsent(alertName, k -> new ArrayDeque<>());
    seen.addLast(new Seen(target, at));
    Instant from = at.minus(window);
    seen.removeIf(s -> s.at().isBefore(from));
    while (seen.size() > MAX_TRACKED) {
      seen.removeFirst();
    }
    if (byAlertName.size() > MAX_ALERTNAMES) {
      byAlertName.entrySet().removeIf(e -> e.getValue().isEmpty() || e.getValue().peekLast().at().isBefore(from));
    }
    Set<TargetRef> distinct = new LinkedHashSet<>();
    seen.forEach(s -> distinct.add(s.target()));
    return distinct.size() > maxResources ? Optional.of(new ArrayList<>(distinct)) : Optional.empty();
  }
}
