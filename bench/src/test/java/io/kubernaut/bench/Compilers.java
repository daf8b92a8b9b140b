package io.kubernaut.bench;

import java.lang.management.ManagementFactory;
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
   * Waits until the compilers have caught up (under 10 ms of compilation in a 500 ms window) or
   * {@link #QUIET_SECONDS} passed; answers the seconds waited.
   */
  static double awaitQuiet() throws InterruptedException {
    var compiler = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
    long before = compiler.getTotalCompilationTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(500);
      long now = compiler.getTotalCompilationTime();
      if (now - before < 10) {
        break;
      }
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
