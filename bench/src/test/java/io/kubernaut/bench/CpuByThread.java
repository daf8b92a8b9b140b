package io.kubernaut.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time used so far by this JVM, by thread group (the thread's name without its numbers: the
 * JOSDK reconcilers' pool, the vert.x event loops of the embedded API server and the fabric8
 * clients, the demo simulator, Jetty, the audit writer...; the JVM's own GC, JIT and VM threads from
 * /proc), by the whole process, and by the
 * embedded PostgreSQL (the processes whose command line names the round's data directory, and theirs).
 * Other load on the machine inflates CPU time less than the rates and latencies, but not nothing:
 * on the shared 2 cores the same code measured 125 to 250 ms per remediation at N=100 with load
 * averages from 2 to 50, so compare runs taken back to back. Threads that ended in between are
 * counted in the process total only.
 *
 * @param byGroup CPU ms per thread group
 * @param processMs CPU ms of this JVM
 * @param childrenMs CPU ms of the embedded PostgreSQL's processes (0 where /proc is missing)
 */
record CpuByThread(Map<String, Double> byGroup, double processMs, double childrenMs) {

  static CpuByThread now(Path dataDir) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, Double> byGroup = new TreeMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        byGroup.merge(group(info.getThreadName()), Math.max(0, threads.getThreadCpuTime(info.getThreadId())) / 1e6,
            Double::sum);
      }
    }
    jvmThreads().forEach((g, ms) -> byGroup.merge(g, ms, Double::sum));
    double process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e6;
    String data = dataDir.toAbsolutePath().toString();
    double children = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(data)).orElse(false))
        .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())).distinct()
        .mapToDouble(p -> procCpuMs(p.pid())).sum();
    return new CpuByThread(byGroup, process, children);
  }

  /**
   * The CPU of the JVM's own threads, which are no Java threads (so not in the thread bean): the
   * garbage collector's ("jvm GC": G1's workers, marker, refinement and service threads), the JIT
   * compilers' ("jvm JIT C1", the quick one, and "jvm JIT C2", the optimising one) and the VM
   * thread's ("jvm VM": safepoints, periodic tasks), read from /proc by their names; none where
   * /proc is missing.
   */
  static Map<String, Double> jvmThreads() {
    Map<String, Double> byGroup = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          String group = comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "jvm GC"
              : comm.startsWith("C1 CompilerThre") ? "jvm JIT C1"
              : comm.contains("CompilerThre") ? "jvm JIT C2"
              : comm.equals("VM Thread") || comm.startsWith("VM Periodic") || comm.startsWith("Monitor Deflati") ? "jvm VM"
              : null;
          if (group != null) {
            byGroup.merge(group, statCpuMs(Files.readString(task.resolve("stat"))), Double::sum);
          }
        } catch (Exception e) {
          // the thread ended meanwhile
        }
      }
    } catch (Exception e) {
      return Map.of();
    }
    return byGroup;
  }

  /** A thread's name without its numbers, so that a pool's threads count as one. */
  static String group(String name) {
    return name.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
  }

  /** The CPU of process {@code pid} (user + system) from /proc, in ms; 0 when it cannot be read. */
  private static double procCpuMs(long pid) {
    try {
      return statCpuMs(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (Exception e) {
      return 0;
    }
  }

  /** User + system CPU in ms from a /proc stat line. */
  private static double statCpuMs(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime), counted after the command: indexes 11 and 12, in clock ticks (100/s).
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
  }

  /** What was used since {@code earlier}; a group that started meanwhile counts from zero. */
  CpuByThread minus(CpuByThread earlier) {
    Map<String, Double> diff = new LinkedHashMap<>();
    byGroup.forEach((g, ms) -> diff.put(g, ms - earlier.byGroup.getOrDefault(g, 0.0)));
    return new CpuByThread(diff, processMs - earlier.processMs, childrenMs - earlier.childrenMs);
  }
}
