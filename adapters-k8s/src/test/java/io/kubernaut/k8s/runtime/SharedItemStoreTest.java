package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SharedItemStoreTest {

  private static AlertRemediation remediation(String name, String uid, String version) {
    AlertRemediation ar = new AlertRemediation();
    ar.getMetadata().setName(name);
    ar.getMetadata().setNamespace("kubernaut-system");
    ar.getMetadata().setUid(uid);
    ar.getMetadata().setResourceVersion(version);
    return ar;
  }

  /** What a second informer deserialises from the same API answer: an equal object, not the same instance. */
  private static AlertRemediation copy(AlertRemediation ar) {
    return Serialization.unmarshal(Serialization.asJson(ar), AlertRemediation.class);
  }

  @Test
  void twoInformersOfAKindHoldOneInstanceOfTheSameVersion() {
    SharedItemStore<AlertRemediation> primary = SharedItemStore.of(AlertRemediation.class);
    SharedItemStore<AlertRemediation> secondary = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation seen = remediation("a", UUID.randomUUID().toString(), "7");
    primary.put(primary.getKey(seen), seen);
    AlertRemediation seenAgain = copy(seen);
    assertThat(seenAgain).isNotSameAs(seen);

    secondary.put(secondary.getKey(seenAgain), seenAgain);

    assertThat(secondary.get("kubernaut-system/a")).isSameAs(seen);
    assertThat(secondary.size()).isEqualTo(1);
    assertThat(secondary.keySet()).containsExactly("kubernaut-system/a");
  }

  @Test
  void storesOfAKindShareTheKeyOfAnObject() {
    SharedItemStore<AlertRemediation> primary = SharedItemStore.of(AlertRemediation.class);
    SharedItemStore<AlertRemediation> secondary = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation seen = remediation("k-" + UUID.randomUUID(), UUID.randomUUID().toString(), "1");

    String first = primary.getKey(seen);
    String second = secondary.getKey(copy(seen));

    assertThat(second).isEqualTo("kubernaut-system/" + seen.getMetadata().getName()).isSameAs(first);
  }

  @Test
  void theCacheKeepsNoManagedFieldsAndTheRestOfTheMetadata() {
    SharedItemStore<AlertRemediation> store = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation seen = remediation("m", UUID.randomUUID().toString(), "3");
    seen.getMetadata().setLabels(java.util.Map.of("kubernaut.io/shard", "0"));
    seen.getMetadata().setManagedFields(new java.util.ArrayList<>(java.util.List.of(new ManagedFieldsEntryBuilder()
        .withManager("kubernaut").withOperation("Update").withSubresource("status").build())));

    store.put(store.getKey(seen), seen);

    AlertRemediation cached = store.get("kubernaut-system/m");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getLabels()).containsEntry("kubernaut.io/shard", "0");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("3");
  }

  @Test
  void aListedCopyOfAVersionAnInformerHoldsIsSwappedForTheInformersInstance() {
    SharedItemStore<AlertRemediation> informer = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation held = remediation("s", UUID.randomUUID().toString(), "4");
    informer.put(informer.getKey(held), held);

    assertThat(SharedItemStore.shared(copy(held))).isSameAs(held);
    AlertRemediation newer = remediation("s", held.getMetadata().getUid(), "5");
    assertThat(SharedItemStore.shared(newer)).as("a version no informer holds yet").isSameAs(newer);
  }

  @Test
  void anInformerThatIsBehindKeepsItsOwnVersionUntilItCatchesUp() {
    SharedItemStore<AlertRemediation> ahead = SharedItemStore.of(AlertRemediation.class);
    SharedItemStore<AlertRemediation> behind = SharedItemStore.of(AlertRemediation.class);
    String uid = UUID.randomUUID().toString();
    AlertRemediation v1 = remediation("b", uid, "1");
    behind.put(behind.getKey(v1), v1);
    AlertRemediation v2 = remediation("b", uid, "2");
    ahead.put(ahead.getKey(v2), v2);

    assertThat(behind.get("kubernaut-system/b")).isSameAs(v1);
    assertThat(ahead.get("kubernaut-system/b")).isSameAs(v2);
    AlertRemediation v2Again = copy(v2);
    assertThat(behind.put(behind.getKey(v2Again), v2Again)).as("the replaced object").isSameAs(v1);
    assertThat(behind.get("kubernaut-system/b")).isSameAs(v2);
    assertThat(behind.remove("kubernaut-system/b")).isSameAs(v2);
    assertThat(behind.size()).isZero();
    assertThat(ahead.get("kubernaut-system/b")).isSameAs(v2);
  }

  @Test
  void kindsAreNotMixedAndObjectsWithoutUidOrVersionAreKeptAsGiven() {
    String uid = UUID.randomUUID().toString();
    SharedItemStore<AlertRemediation> remediations = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation ar = remediation("c", uid, "3");
    remediations.put(remediations.getKey(ar), ar);
    SharedItemStore<ConfigMap> configMaps = SharedItemStore.of(ConfigMap.class);
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("kubernaut-system").withUid(uid)
        .withResourceVersion("3").endMetadata().build();
    configMaps.put(configMaps.getKey(cm), cm);
    assertThat(configMaps.get("kubernaut-system/c")).isSameAs(cm);

    AlertRemediation noVersion = remediation("d", UUID.randomUUID().toString(), null);
    AlertRemediation other = SharedItemStore.of(AlertRemediation.class).put("kubernaut-system/d", noVersion);
    assertThat(other).isNull();
    SharedItemStore<AlertRemediation> second = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation noVersionCopy = copy(noVersion);
    second.put("kubernaut-system/d", noVersionCopy);
    assertThat(second.get("kubernaut-system/d")).isSameAs(noVersionCopy);
  }
}
