package io.kubernaut.k8s;

import java.nio.charset.StandardCharsets;

/**
 * Which share of the remediations a replica reconciles ({@code KUBERNAUT_SHARD=i/n}): those whose
 * {@code kubernaut.io/shard} label is {@code i}. The gateway stamps that label at creation from a
 * stable hash of the target's namespace (the target's name for a cluster-scoped target), so one
 * namespace's remediations share a shard, and every replica's gateway accepts alerts for all shards.
 * Children copy the label from their parent. Shard 0 also reconciles what belongs to no shard
 * ({@link #labelSelector()}).
 *
 * @param index this replica's shard, from 0
 * @param count how many shards there are; 1 when not sharded
 */
public record Shard(int index, int count) {

  /** Not sharded: one shard, every remediation. */
  public static final Shard ALL = new Shard(0, 1);

  /** The most shards a deployment may run. */
  public static final int MAX_COUNT = 64;

  public Shard {
    if (count < 1 || count > MAX_COUNT || index < 0 || index >= count) {
      throw new IllegalArgumentException("A shard is i/n with 0 <= i < n <= " + MAX_COUNT + ", got " + index + "/" + count
          + ".");
    }
  }

  /**
   * Parses {@code i/n}; empty or blank is {@link #ALL}.
   *
   * @throws IllegalArgumentException with a sentence naming the expected form
   */
  public static Shard parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    String[] parts = text.trim().split("/", -1);
    try {
      if (parts.length == 2) {
        return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("A shard is written i/n (this replica's shard i of n, 0 <= i < n <= " + MAX_COUNT
        + "), such as 0/2; got \"" + text.trim() + "\".");
  }

  /** Whether the remediations are split over more than one shard. */
  public boolean isSharded() {
    return count > 1;
  }

  /** The shard of a remediation whose target lives in {@code namespace}: FNV-1a of its UTF-8 bytes, modulo the count. */
  public int of(String namespace) {
    int hash = 0x811c9dc5;
    for (byte b : namespace.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Integer.remainderUnsigned(hash, count);
  }

  /**
   * The label selector of this shard's resources. Shard 0 also takes every resource that belongs to no
   * shard of {@code n} (no label: created by hand or before shards existed; a label edited by hand; a
   * shard that no longer exists after {@code n} was lowered): {@code shard!=1,...,shard!=n-1}, which
   * the API server matches on objects without the label too. Without it, no replica reconciled them,
   * and the gateway counted every later alert of their problem as a duplicate of a remediation that
   * never moved.
   */
  public String labelSelector() {
    String key = io.kubernaut.k8s.crd.KubernautLabels.SHARD;
    if (index != 0) {
      return key + "=" + index;
    }
    StringBuilder others = new StringBuilder();
    for (int other = 1; other < count; other++) {
      others.append(other == 1 ? "" : ",").append(key).append("!=").append(other);
    }
    return others.toString();
  }

  /** The leader-election Lease of this shard: {@code base} when not sharded, else {@code base-shard-i}. */
  public String leaseName(String base) {
    return isSharded() ? base + "-shard-" + index : base;
  }
}
