package io.kubernaut.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import one.profiler.AsyncProfiler;

/**
 * async-profiler around one measured phase, with -Dbench.profile=EVENT (cpu, itimer, alloc, wall):
 * it samples every thread, the JIT compilers and the collector included, from the phase's start
 * to its end only, and writes {@code target/profile-NAME.html} (a flame graph) and
 * {@code target/profile-NAME.collapsed} (one line per stack, for scripts). JFR's sampler takes a
 * few Java threads per period and none of the compilers, too few to rank the small costs that
 * remain here. Linux x64 only (the library comes out of the async-profiler jar); elsewhere the
 * benchmark refuses to start with a profile asked for.
 */
final class RoundProfiler implements AutoCloseable {

  static final String EVENT = System.getProperty("bench.profile", "");

  private final AsyncProfiler profiler;
  private final String name;

  private RoundProfiler(AsyncProfiler profiler, String name) {
    this.profiler = profiler;
    this.name = name;
  }

  /** Starts sampling when -Dbench.profile is set; answers null when it is not. */
  static RoundProfiler start(String name) throws IOException {
    if (EVENT.isBlank()) {
      return null;
    }
    AsyncProfiler profiler = started();
    return new RoundProfiler(profiler, name);
  }

  /**
   * One segment of a profile made of several (the gateway benchmark's interleaved rounds): samples from
   * here to {@link Segment#close()} and adds its stacks to {@code into}; null when -Dbench.profile is
   * not set. {@link #write} writes the sum.
   */
  static Segment segment(Map<String, Long> into) throws IOException {
    if (EVENT.isBlank()) {
      return null;
    }
    AsyncProfiler profiler = started();
    return new Segment(profiler, into);
  }

  /** A segment being sampled. */
  record Segment(AsyncProfiler profiler, Map<String, Long> into) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      profiler.stop();
      for (String line : profiler.execute("collapsed").split("\n")) {
        int space = line.lastIndexOf(' ');
        if (space > 0) {
          into.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()), Long::sum);
        }
      }
    }
  }

  /**
   * Writes the stacks of a profile's segments as {@code target/profile-NAME.collapsed} (no flame graph:
   * async-profiler draws only what it sampled since its last start) and prints the samples by thread group.
   */
  static void write(String name, Map<String, Long> stacks) throws IOException {
    if (EVENT.isBlank()) {
      return;
    }
    StringBuilder collapsed = new StringBuilder();
    stacks.forEach((stack, samples) -> collapsed.append(stack).append(' ').append(samples).append('\n'));
    Path file = Path.of("target", "profile-" + name + ".collapsed").toAbsolutePath();
    Files.writeString(file, collapsed);
    System.out.printf(Locale.ROOT, "%nprofile (%s) of %s, its segments summed: %s; samples by thread group: %s%n", EVENT,
        name, file, byThreadGroup(collapsed.toString()));
  }

  /** Stops, writes both files and prints where they are and the samples by thread group. */
  @Override
  public void close() throws IOException {
    profiler.stop();
    Path html = Path.of("target", "profile-" + name + ".html").toAbsolutePath();
    Path collapsed = Path.of("target", "profile-" + name + ".collapsed").toAbsolutePath();
    profiler.execute("flamegraph,file=" + html);
    String stacks = profiler.execute("collapsed");
    Files.writeString(collapsed, stacks);
    System.out.printf(Locale.ROOT, "%nprofile (%s) of %s: %s and %s; samples by thread group: %s%n", EVENT, name, html,
        collapsed, byThreadGroup(stacks));
  }

  /** The share of samples per thread, numbers in thread names folded ("pool-3-thread-7" as "pool-N-thread-N"). */
  static String byThreadGroup(String collapsed) {
    Map<String, Long> groups = new TreeMap<>();
    long total = 0;
    for (String line : collapsed.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long samples = Long.parseLong(line.substring(space + 1).trim());
      int end = line.indexOf(';');
      String thread = (end < 0 ? line.substring(0, space) : line.substring(0, end))
          .replaceAll(" tid=\\d+", "").replaceAll("\\d+", "N");
      groups.merge(thread, samples, Long::sum);
      total += samples;
    }
    long all = Math.max(1, total);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d in all", total));
    groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(12)
        .forEach(e -> out.append(String.format(Locale.ROOT, ", %s %.1f%%", e.getKey(), 100.0 * e.getValue() / all)));
    return out.toString();
  }

  /** The profiler, sampling every thread from now on (earlier samples cleared). */
  private static AsyncProfiler started() throws IOException {
    AsyncProfiler profiler = AsyncProfiler.getInstance(library().toString());
    profiler.execute("start,event=" + EVENT + ",interval=" + (EVENT.equals("alloc") ? "512k" : "1ms") + ",threads");
    return profiler;
  }

  private static Path library;

  /** The library, copied out of the jar once: a copy over the library loaded would change it under the JVM. */
  private static synchronized Path library() throws IOException {
    if (library == null) {
      library = copyLibrary();
    }
    return library;
  }

  private static Path copyLibrary() throws IOException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException("-Dbench.profile needs Linux x64; this is " + os + " " + arch);
    }
    Path target = Path.of("target", "libasyncProfiler.so").toAbsolutePath();
    try (InputStream in = AsyncProfiler.class.getResourceAsStream("/linux-x64/libasyncProfiler.so")) {
      if (in == null) {
        throw new IllegalStateException("the async-profiler jar on the test classpath holds no linux-x64 library");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
