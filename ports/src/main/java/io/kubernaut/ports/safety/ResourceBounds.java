package io.kubernaut.ports.safety;

import java.util.Objects;

/**
 * How far actions that raise container limits or grow volumes may go, per environment: a factor
 * over what the target has now and an absolute ceiling. Quantities are written as Kubernetes
 * writes them ({@code 16Gi}, {@code 8}, {@code 500m}).
 *
 * @param maxResourceFactor the largest factor over a container's current memory or CPU limit
 * @param maxMemoryLimit the highest memory limit an action may set
 * @param maxCpuLimit the highest CPU limit an action may set
 * @param maxStorageFactor the largest factor over a claim's current storage request
 * @param maxStorageSize the largest storage request an action may set
 */
public record ResourceBounds(double maxResourceFactor, String maxMemoryLimit, String maxCpuLimit,
    double maxStorageFactor, String maxStorageSize) {

  public ResourceBounds {
    Objects.requireNonNull(maxMemoryLimit, "maxMemoryLimit");
    Objects.requireNonNull(maxCpuLimit, "maxCpuLimit");
    Objects.requireNonNull(maxStorageSize, "maxStorageSize");
    for (String[] q : new String[][] {{"maxMemoryLimit", maxMemoryLimit}, {"maxCpuLimit", maxCpuLimit},
        {"maxStorageSize", maxStorageSize}}) {
      if (!q[1].trim().matches("\\d+(\\.\\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?")) {
        throw new IllegalArgumentException(q[0] + " \"" + q[1] + "\" is not a Kubernetes quantity such as 16Gi or 500m.");
      }
    }
    if (maxResourceFactor < 1 || maxStorageFactor < 1) {
      throw new IllegalArgumentException("Resource bounds need factors of at least 1: maxResourceFactor "
          + maxResourceFactor + ", maxStorageFactor " + maxStorageFactor + ".");
    }
  }

  /** A limit at most doubled and at most 16Gi of memory or 8 CPUs; a volume at most doubled and at most 1Ti. */
  public static ResourceBounds defaults() {
    return new ResourceBounds(2.0, "16Gi", "8", 2.0, "1Ti");
  }
}
