package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void unsetMeansOneShardWithEveryRemediation() {
    assertThat(Shard.parse("")).isEqualTo(Shard.ALL);
    assertThat(Shard.parse(null)).isEqualTo(Shard.ALL);
    assertThat(Shard.ALL.isSharded()).isFalse();
    assertThat(Shard.ALL.of("anything")).isZero();
    assertThat(Shard.ALL.leaseName("kubernaut-leader")).isEqualTo("kubernaut-leader");
  }

  @Test
  void iOfNSelectsItsLabelAndHoldsItsOwnLease() {
    Shard shard = Shard.parse(" 1/3 ");

    assertThat(shard).isEqualTo(new Shard(1, 3));
    assertThat(shard.isSharded()).isTrue();
    assertThat(shard.labelSelector()).isEqualTo("kubernaut.io/shard=1");
    assertThat(shard.leaseName("kubernaut-leader")).isEqualTo("kubernaut-leader-shard-1");
  }

  /** Shard 0 takes what belongs to no other shard: no label, a label edited by hand, a shard gone after n was lowered. */
  @Test
  void shardZeroSelectsEverythingNotLabelledForAnotherShard() {
    assertThat(new Shard(0, 3).labelSelector()).isEqualTo("kubernaut.io/shard!=1,kubernaut.io/shard!=2");
    assertThat(new Shard(0, 2).labelSelector()).isEqualTo("kubernaut.io/shard!=1");
  }

  @Test
  void malformedOrOutOfRangeShardsAreRefusedWithTheExpectedForm() {
    for (String bad : new String[] {"2", "2/2", "-1/2", "a/b", "1/2/3", "0/0", "0/65"}) {
      assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("i/n");
    }
  }

  /** The label is stamped once and read by every later version: the hash must never change. */
  @Test
  void aNamespacesShardIsAFixedHashThatEveryReplicaComputesAlike() {
    Shard four = new Shard(0, 4);

    assertThat(four.of("default")).isEqualTo(Integer.remainderUnsigned(0x933b5bde, 4)); // FNV-1a-32 of "default"
    assertThat(new Shard(3, 4).of("default")).isEqualTo(four.of("default"));
    assertThat(four.of("")).isEqualTo(Integer.remainderUnsigned(0x811c9dc5, 4));
  }

  @Test
  void manyNamespacesSpreadOverEveryShard() {
    Map<Integer, Long> perShard = IntStream.range(0, 1000).mapToObj(i -> "team-" + i)
        .collect(Collectors.groupingBy(new Shard(0, 4)::of, Collectors.counting()));

    assertThat(perShard).containsOnlyKeys(0, 1, 2, 3);
    assertThat(perShard.values()).allSatisfy(n -> assertThat(n).isBetween(200L, 300L));
  }
}
