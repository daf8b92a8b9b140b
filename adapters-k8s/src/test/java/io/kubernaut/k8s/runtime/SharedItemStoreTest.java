package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.ApprovalStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void aListedCopyOfAVersionAnInformerHoldsIsPackedOnceAndAnswersTheInformersInstance() {
    SharedItemStore<AlertRemediation> informer = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation held = remediation("s", UUID.randomUUID().toString(), "4");
    informer.put(informer.getKey(held), held);

    assertThat(SharedItemStore.packed(copy(held)).get()).isSameAs(held);
    AlertRemediation newer = remediation("s", held.getMetadata().getUid(), "5");
    assertThat(SharedItemStore.packed(newer).get()).as("a version no informer holds yet").isSameAs(newer);
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

  /** A remediation waiting for approval as the API server holds it: spec, labels, annotations, owner, status with history. */
  private static AlertRemediation waiting(String name, String uid, String version) {
    AlertRemediation ar = Resources.remediation();
    ar.getMetadata().setName(name);
    ar.getMetadata().setUid(uid);
    ar.getMetadata().setResourceVersion(version);
    ar.getMetadata().setAnnotations(Map.of("kubernaut.io/approval", "approved", "note", "ü ✓ \"quoted\""));
    ar.getMetadata().setFinalizers(new ArrayList<>(List.of("kubernaut.io/remediation")));
    AlertRemediationStatus status = new AlertRemediationStatus();
    status.setPhase(RemediationPhase.AwaitingApproval);
    List<PhaseTransition> history = new ArrayList<>();
    for (String phase : List.of("Pending", "Processing", "Analyzing", "AwaitingApproval")) {
      history.add(new PhaseTransition(phase, Resources.RECEIVED.toString(), "moved to " + phase));
    }
    status.setPhaseHistory(history);
    status.setApproval(new ApprovalStatus("approved", "alice", Resources.RECEIVED.toString()));
    ar.setStatus(status);
    return ar;
  }

  /** Puts more than {@link SharedItemStore#HOT} other remediations, so that the store holds none of the earlier ones strongly. */
  private static void readOthers() {
    SharedItemStore<AlertRemediation> others = SharedItemStore.of(AlertRemediation.class);
    for (int i = 0; i <= SharedItemStore.HOT; i++) {
      AlertRemediation other = remediation("other-" + i, UUID.randomUUID().toString(), "1");
      others.put(others.getKey(other), other);
    }
  }

  /** Waits until the packer thread has packed what was put (until then the store holds each object as put). */
  private static void awaitPacked() throws InterruptedException {
    for (int i = 0; i < 500 && PackedObject.pending() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(PackedObject.pending()).as("objects waiting for the packer").isZero();
  }

  private static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(ref.get()).as("the instance put is collected once nobody holds it").isNull();
  }

  @Test
  void aVersionNobodyHoldsAnyMoreIsReadBackFromItsPackedJsonWithEveryField() throws Exception {
    SharedItemStore<AlertRemediation> store = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation put = waiting("w", UUID.randomUUID().toString(), "42");
    String json = Serialization.asJson(put);
    store.put(store.getKey(put), put);
    WeakReference<AlertRemediation> instance = new WeakReference<>(put);
    put = null;
    readOthers();
    awaitPacked();
    awaitCollected(instance);

    AlertRemediation read = store.get("kubernaut-system/w");

    assertThat(Serialization.asJson(read)).isEqualTo(json);
    assertThat(read).usingRecursiveComparison().isEqualTo(Serialization.unmarshal(json, AlertRemediation.class));
    assertThat(read.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(store.get("kubernaut-system/w")).as("read again: the instance just materialised").isSameAs(read);
    assertThat(store.values()).singleElement().isSameAs(read);
  }

  @Test
  void theReplacedAndTheRemovedVersionAreAnsweredEvenWhenOnlyTheirBytesAreLeft() throws Exception {
    SharedItemStore<AlertRemediation> store = SharedItemStore.of(AlertRemediation.class);
    String uid = UUID.randomUUID().toString();
    AlertRemediation v1 = waiting("r", uid, "1");
    store.put(store.getKey(v1), v1);
    WeakReference<AlertRemediation> instance = new WeakReference<>(v1);
    v1 = null;
    readOthers();
    awaitPacked();
    awaitCollected(instance);

    AlertRemediation replaced = store.put("kubernaut-system/r", waiting("r", uid, "2"));

    assertThat(replaced.getMetadata().getResourceVersion()).isEqualTo("1");
    assertThat(replaced.getStatus().getPhaseHistory()).hasSize(4);
    assertThat(store.remove("kubernaut-system/r").getMetadata().getResourceVersion()).isEqualTo("2");
    assertThat(store.get("kubernaut-system/r")).isNull();
  }

  @Test
  void untilItIsPackedAnObjectIsHeldAsPutAndPackingDoesNotChangeWhatIsRead() {
    AlertRemediation ar = waiting("p", UUID.randomUUID().toString(), "6");
    String json = Serialization.asJson(ar);
    PackedObject<AlertRemediation> packed = PackedObject.of(ar, AlertRemediation.class, a -> { });

    packed.pack();
    packed.pack();

    assertThat(packed.packedSize()).isPositive();
    assertThat(packed.get()).as("still held by this test").isSameAs(ar);
    assertThat(Serialization.asJson(packed.get())).isEqualTo(json);
  }

  @Test
  void anObjectJustPutIsAnsweredAsThatInstanceThoughNobodyElseHoldsIt() {
    SharedItemStore<AlertRemediation> store = SharedItemStore.of(AlertRemediation.class);
    AlertRemediation put = waiting("h", UUID.randomUUID().toString(), "5");
    int identity = System.identityHashCode(put);
    store.put(store.getKey(put), put);
    put = null;
    System.gc();

    assertThat(System.identityHashCode(store.get("kubernaut-system/h"))).as("held among the latest of its kind")
        .isEqualTo(identity);
  }

  @Test
  void aWaitingRemediationIsKeptInAFractionOfItsJson() {
    AlertRemediation ar = waiting("f", UUID.randomUUID().toString(), "8");
    int json = Serialization.asJson(ar).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

    PackedObject<AlertRemediation> packedObject = PackedObject.of(ar, AlertRemediation.class, a -> { });
    packedObject.pack();
    int packed = packedObject.packedSize();

    assertThat(packed).as("deflated bytes of %d bytes of JSON", json).isLessThan(json / 2);
  }
}
