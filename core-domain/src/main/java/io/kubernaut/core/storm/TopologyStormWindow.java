package io.kubernaut.core.storm;

import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices topology storms: more than {@code maxResources} distinct resources firing one alertname
 * within {@code window}. The window lives in memory: after a restart it starts empty, which can
 * only cost a few extra remediations before the fold kicks in again, never a lost alert.
 * Memory is bounded: at most {@link #MAX_TRACKED} resources are kept per alertname (the least
 * recently firing go first), at most {@link #MAX_ALERTNAMES} alertnames, and at most
 * {@link #MAX_WEIGHT} in all, counted as the characters of the names kept plus {@link #ENTRY} per
 * entry (about the bytes they hold): a sweep drops the alertnames that last fired before the window
 * first, then the least recently firing. Without the weight, 10,000 alertnames of 1,000 resources
 * with long names could hold gigabytes until a restart.
 *
 * <p>Every firing signal passes here, duplicates included, so an observation costs O(1): per
 * alertname, the resources in the order they last fired, each with when it first and last fired
 * within the window; those that last fired before the window are dropped from the front. Signals of
 * different alertnames do not wait for each other. Alertnames beyond the bound are swept by one
 * signal at a time, down to {@link #SWEPT_TO}, so a sweep (a pass over every alertname) comes at most
 * once per {@code MAX_ALERTNAMES - SWEPT_TO} new alertnames, not on every signal while the window holds
 * more than the bound.
 */
public final class TopologyStormWindow {

  static final int MAX_TRACKED = 1_000;
  static final int MAX_ALERTNAMES = 10_000;
  /** How many alertnames a sweep leaves at most. */
  static final int SWEPT_TO = MAX_ALERTNAMES * 9 / 10;
  /** The most the window holds, in characters of names plus {@link #ENTRY} per alertname and per resource. */
  static final long MAX_WEIGHT = 32L * 1024 * 1024;
  /** What a sweep leaves at most. */
  static final long SWEPT_TO_WEIGHT = MAX_WEIGHT * 9 / 10;
  /** What an entry costs beside its names' characters: its map node, objects and times. */
  static final int ENTRY = 96;

  /** When a resource first fired within the window, and last. */
  private static final class Seen {
    final Instant first;
    Instant last;

    Seen(Instant first) {
      this.first = first;
      this.last = first;
    }
  }

  /** One alertname's resources, least recently firing first. */
  private static final class Firing {
    /** Sized for the few resources most alertnames fire on; it grows with more. */
    final LinkedHashMap<TargetRef, Seen> resources = new LinkedHashMap<>(4, 0.75f, true);
    Instant latest = Instant.MIN;
    /** Its name's and its resources' weight, counted in {@link #weight}. */
    long weight;
    /** Swept: a signal that found it before then starts again with a new one. */
    boolean swept;
  }

  private final int maxResources;
  private final Duration window;
  private final Map<String, Firing> byAlertName = new ConcurrentHashMap<>();
  /** Held by the signal that sweeps alertnames; the others go on without waiting. */
  private final java.util.concurrent.atomic.AtomicBoolean sweeping = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger sweeps = new java.util.concurrent.atomic.AtomicInteger();
  /** What every alertname held holds, as {@link #MAX_WEIGHT} counts it. */
  private final java.util.concurrent.atomic.AtomicLong weight = new java.util.concurrent.atomic.AtomicLong();

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

  /**
   * Whether a storm that began at {@code began} still folds a new resource's firing at {@code at}: this
   * window folds at all, and the storm began within it. Past the window a firing is a problem of its own, as it
   * is for the replica whose window saw the storm.
   */
  public boolean folds(Instant began, Instant at) {
    return maxResources > 0 && !began.isBefore(at.minus(window));
  }

  /** A window that never folds. */
  public static TopologyStormWindow off() {
    return new TopologyStormWindow(0, Duration.ZERO);
  }

  /**
   * Records that {@code target} fires {@code alertName} at {@code at}. When more than the limit of
   * distinct resources fire it within the window, answers every one of them, the first to fire first.
   */
  public Optional<List<TargetRef>> observe(String alertName, TargetRef target, Instant at) {
    if (maxResources == 0) {
      return Optional.empty();
    }
    Instant from = at.minus(window);
    List<TargetRef> storm;
    while (true) {
      Firing firing = byAlertName.computeIfAbsent(alertName, k -> new Firing());
      synchronized (firing) {
        if (firing.swept) {
          continue; // swept between the lookup and the lock: its weight is no longer counted
        }
        if (firing.weight == 0) {
          add(firing, ENTRY + alertName.length());
        }
        Seen seen = firing.resources.get(target); // access order: moves it to the back
        if (seen == null || seen.last.isBefore(from)) {
          if (seen == null) {
            add(firing, weightOf(target));
          }
          firing.resources.remove(target);
          firing.resources.put(target, new Seen(at));
        } else if (at.isAfter(seen.last)) {
          seen.last = at;
        }
        if (at.isAfter(firing.latest)) {
          firing.latest = at;
        }
        Iterator<Map.Entry<TargetRef, Seen>> oldest = firing.resources.entrySet().iterator();
        while (oldest.hasNext()) {
          Map.Entry<TargetRef, Seen> s = oldest.next();
          if (firing.resources.size() <= MAX_TRACKED && !s.getValue().last.isBefore(from)) {
            break;
          }
          oldest.remove();
          add(firing, -weightOf(s.getKey()));
        }
        storm = firing.resources.size() > maxResources ? firstToFireFirst(firing) : null;
      }
      break;
    }
    if ((byAlertName.size() > MAX_ALERTNAMES || weight.get() > MAX_WEIGHT) && sweeping.compareAndSet(false, true)) {
      try {
        sweep(from);
      } finally {
        sweeping.set(false);
      }
    }
    return Optional.ofNullable(storm);
  }

  private void add(Firing firing, long delta) {
    firing.weight += delta;
    weight.addAndGet(delta);
  }

  private static long weightOf(TargetRef target) {
    return ENTRY + target.kind().length() + target.namespace().length() + target.name().length();
  }

  /**
   * Drops the alertnames that last fired before {@code from}, then, while more than {@link #SWEPT_TO}
   * remain or they weigh more than {@link #SWEPT_TO_WEIGHT}, the least recently firing. Forgetting an
   * alertname that still fires costs at most a few remediations before its fold kicks in again, as a
   * restart does, never an alert.
   */
  private void sweep(Instant from) {
    sweeps.incrementAndGet();
    int size = byAlertName.size() + 16; // it may grow meanwhile: what does not fit waits for the next sweep
    String[] names = new String[size];
    Firing[] firings = new Firing[size];
    long[] latest = new long[size];
    int kept = 0;
    for (Map.Entry<String, Firing> e : byAlertName.entrySet()) {
      Instant last;
      synchronized (e.getValue()) {
        last = e.getValue().latest;
      }
      if (last.isBefore(from)) {
        forget(e.getKey(), e.getValue());
      } else if (kept < size) {
        names[kept] = e.getKey();
        firings[kept] = e.getValue();
        latest[kept++] = nanos(last);
      }
    }
    if (kept <= SWEPT_TO && weight.get() <= SWEPT_TO_WEIGHT) {
      return;
    }
    // The least recently firing go first, until both bounds hold: indexes sorted by when each last fired (a sweep
    // comes once per tenth of either bound, not per signal).
    Integer[] order = new Integer[kept];
    for (int i = 0; i < kept; i++) {
      order[i] = i;
    }
    long[] times = latest;
    Arrays.sort(order, Comparator.comparingLong(i -> times[i]));
    int left = kept;
    for (int i = 0; i < kept && (left > SWEPT_TO || weight.get() > SWEPT_TO_WEIGHT); i++) {
      forget(names[order[i]], firings[order[i]]);
      left--;
    }
  }

  /** Drops an alertname and its weight; a signal holding it then starts again with a new one. */
  private void forget(String name, Firing firing) {
    synchronized (firing) {
      if (!firing.swept && byAlertName.remove(name, firing)) {
        firing.swept = true;
        weight.addAndGet(-firing.weight);
      }
    }
  }

  /** What the window holds, as {@link #MAX_WEIGHT} counts it (tests). */
  long weight() {
    return weight.get();
  }

  /** {@code at} in nanoseconds since the epoch, saturated (a new alertname's {@link Instant#MIN} is the oldest). */
  private static long nanos(Instant at) {
    try {
      return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    } catch (ArithmeticException e) {
      return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** How many alertnames are tracked (tests). */
  int trackedAlertNames() {
    return byAlertName.size();
  }

  /** How many sweeps of alertnames have run (tests). */
  int sweeps() {
    return sweeps.get();
  }

  private static List<TargetRef> firstToFireFirst(Firing firing) {
    List<Map.Entry<TargetRef, Seen>> entries = new ArrayList<>(firing.resources.entrySet());
    entries.sort(Comparator.comparing(e -> e.getValue().first));
    List<TargetRef> targets = new ArrayList<>(entries.size());
    entries.forEach(e -> targets.add(e.getKey()));
    return targets;
  }
}
