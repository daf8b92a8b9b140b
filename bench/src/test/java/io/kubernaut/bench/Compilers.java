package io.kubernaut.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JIT compilers of this JVM, which on 2 cores compete with what a benchmark measures: the
 * optimising compiler (C2, one thread) stays busy for minutes of sustained load while it compiles
 * the thousands of methods a run makes hot.
 */
final class Compilers {

  /**
   * Seconds to wait at most ({@code -Dbench.quietCompilers}, 60; 0: not at all), before a measured phase,
   * for the compilers to fall quiet.
   */
  static final int QUIET_SECONDS = Integer.getInteger("bench.quietCompilers", 60);

  private Compilers() {}

  /**
   * This JVM's JIT, said the way the reports put it: the README's command and the chart run the quick
   * compiler only ({@code -XX:TieredStopAtLevel=1}); the embedded benchmarks measure as the README runs
   * only when given it ({@code -DargLine=-XX:TieredStopAtLevel=1}).
   */
  static String mode() {
    return c1Only() ? "JIT C1 only (-XX:TieredStopAtLevel=1, as the README's command runs the operator)"
        : "JIT: the JVM's default, C1 and C2 (not as the README's command runs the operator: add -DargLine=-XX:TieredStopAtLevel=1)";
  }

  /** Whether this JVM compiles with C1 alone (tiered compilation stopping at level 1), however it was told. */
  static boolean c1Only() {
    com.sun.management.HotSpotDiagnosticMXBean vm =
        java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
    return Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())
        && "1".equals(vm.getVMOption("TieredStopAtLevel").getValue());
  }

  /**
   * Waits until the compilers have caught up (their threads used under 10 ms of CPU in each of two
   * 500 ms windows in a row) or {@link #QUIET_SECONDS} passed; answers the seconds waited. The
   * compilers' CPU time, not the compilation MXBean's total time: that one grows only when a
   * compilation ends, so one that runs through a window (C2 takes up to seconds for a large method)
   * looked like quiet, and the wait ended after 0.5-1.5 s while C2 stayed busy for a minute.
   */
  static double awaitQuiet() throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
    double before = cpuMs();
    int quietWindows = 0;
    while (System.nanoTime() < deadline && quietWindows < 2) {
      Thread.sleep(500);
      double now = cpuMs();
      quietWindows = now - before < 10 ? quietWindows + 1 : 0;
      before = now;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The CPU time, in ms, the compiler threads have used so far (0 where /proc is missing). */
  static double cpuMs() {
    Map<String, Double> jvm = CpuByThread.jvmThreads();
    return jvm.getOrDefault("jvm JIT C1", 0.0) + jvm.getOrDefault("jvm JIT C2", 0.0);
  }
}
