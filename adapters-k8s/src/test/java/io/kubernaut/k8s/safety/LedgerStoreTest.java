package io.kubernaut.k8s.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.safety.DisruptionLedger.Reservation;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's reservations, parsed once per ledger version, are handed out as copies the caller may change. */
@EnableKubernetesMockClient(crud = true)
class LedgerStoreTest {

  KubernetesClient client;

  @Test
  void eachCallerGetsItsOwnCopyOfOneVersionsReservationsAndANewVersionIsReadAgain() {
    LedgerStore store = new LedgerStore(new SafetyInformers(client, "kubernaut-system"));
    ConfigMap v1 = ledger(Map.of("a-wf-s1", reservation("a-wf-s1", "a-wf"), "b-wf-s1", reservation("b-wf-s1", "b-wf")));

    Map<String, Reservation> first = store.reservationsOf("shop", v1);
    assertThat(first).containsOnlyKeys("a-wf-s1", "b-wf-s1");
    // The ledger's commit prunes and adds to what it gets; the next count must not see that.
    first.remove("a-wf-s1");
    first.put("c-wf-s1", Serialization.unmarshal(reservation("c-wf-s1", "c-wf"), Reservation.class));
    assertThat(store.reservationsOf("shop", v1)).containsOnlyKeys("a-wf-s1", "b-wf-s1")
        .isEqualTo(LedgerStore.reservations(v1));

    ConfigMap v2 = ledger(Map.of("b-wf-s1", reservation("b-wf-s1", "b-wf")));
    assertThat(store.reservationsOf("shop", v2)).containsOnlyKeys("b-wf-s1");
    assertThat(store.reservationsOf("other", null)).isEmpty();
  }

  @Test
  void aNewVersionSharesTheReservationsWhoseTextIsUnchangedAndReadsTheOthers() {
    LedgerStore store = new LedgerStore(new SafetyInformers(client, "kubernaut-system"));
    ConfigMap v1 = ledger(Map.of("a-wf-s1", reservation("a-wf-s1", "a-wf"), "b-wf-s1", reservation("b-wf-s1", "b-wf")));
    Map<String, Reservation> first = store.reservationsOf("shop", v1);

    String changed = Serialization.asJson(Reservation.of("b-wf-s1", "b-wf", "ar", "fp", "restart_pods",
        new TargetRef("Deployment", "shop", "api"), Map.of(), Instant.parse("2026-12-02T11:00:00Z")));
    ConfigMap v2 = ledger(Map.of("a-wf-s1", reservation("a-wf-s1", "a-wf"), "b-wf-s1", changed,
        "c-wf-s1", reservation("c-wf-s1", "c-wf"), "d-wf-s1", "{not json"));
    Map<String, Reservation> second = store.reservationsOf("shop", v2);

    assertThat(second).isEqualTo(LedgerStore.reservations(v2)).containsOnlyKeys("a-wf-s1", "b-wf-s1", "c-wf-s1");
    assertThat(second.get("a-wf-s1")).isSameAs(first.get("a-wf-s1"));
    assertThat(second.get("b-wf-s1").action()).isEqualTo("restart_pods");
    assertThat(second.get("b-wf-s1").target().name()).isEqualTo("api");
  }

  /**
   * A step's reservation is written as before rollback holds existed (an older replica, whose reader fails on a field
   * it does not know, would skip the entry and drop it from its next write); a hold says so; an entry without the
   * field, or with fields of a later version, reads.
   */
  @Test
  void aStepsReservationIsWrittenAsBeforeHoldsAndEntriesOfOtherVersionsRead() {
    String step = reservation("a-wf-s1", "a-wf");
    Reservation hold = new Reservation("a-wf-s1-rollback", "a-wf", "ar", "fp", "uncordon_node", "Node", "", "n1",
        Map.of(), Instant.parse("2026-12-02T10:00:00Z"), true);

    assertThat(step).doesNotContain("\"rollback\"");
    assertThat(Serialization.asJson(hold)).contains("\"rollback\":true");
    assertThat(Serialization.unmarshal(Serialization.asJson(hold), Reservation.class)).isEqualTo(hold);
    Reservation read = Serialization.unmarshal("{\"laterField\":{\"x\":1}," + step.substring(1), Reservation.class);
    assertThat(read.rollback()).isFalse();
    assertThat(read.execution()).isEqualTo("a-wf-s1");
  }

  private static ConfigMap ledger(Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(DisruptionLedger.NAME).withNamespace("shop")
        .withResourceVersion("7").endMetadata().withData(data).build();
  }

  private static String reservation(String execution, String workflow) {
    return Serialization.asJson(Reservation.of(execution, workflow, "ar", "fp", "increase_resources",
        new TargetRef("Deployment", "shop", "web"), Map.of("memory", "256Mi"), Instant.parse("2026-12-02T10:00:00Z")));
  }
}
