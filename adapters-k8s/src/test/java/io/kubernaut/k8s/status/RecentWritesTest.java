package io.kubernaut.k8s.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.fakes.Resources;
import org.junit.jupiter.api.Test;

/** The echo of a reconciler's own status write is recognised exactly, and nothing else is taken for one. */
class RecentWritesTest {

  private final RecentWrites<AlertRemediation> writes = new RecentWrites<>();

  private static AlertRemediation at(String version) {
    AlertRemediation ar = Resources.remediation();
    ar.getMetadata().setResourceVersion(version);
    return ar;
  }

  @Test
  void theEventOfItsOwnWriteIsAnEchoOnce() {
    writes.remember(at("12"), "10");

    assertThat(writes.isEcho(at("12"), at("10"))).isTrue();
    assertThat(writes.isEcho(at("12"), at("10"))).as("expected once").isFalse();
  }

  @Test
  void aWriteInBetweenMakesItNoEcho() {
    writes.remember(at("12"), "10");

    // Someone wrote version 11 after the one the reconciler read: the event of its write comes from 11.
    assertThat(writes.isEcho(at("11"), at("10"))).isFalse();
    assertThat(writes.isEcho(at("12"), at("11"))).isFalse();
  }

  @Test
  void aWriteNotRememberedWithItsBaseIsNeverAnEcho() {
    writes.remember(at("12"));

    assertThat(writes.isEcho(at("12"), at("10"))).isFalse();
  }

  @Test
  void anEchoLetsGoOfTheCopyKeptForReadAfterWrite() {
    AlertRemediation written = at("12");
    writes.remember(written, "10");
    assertThat(writes.freshest(at("10"))).isSameAs(written);

    assertThat(writes.isEcho(at("12"), at("10"))).isTrue();

    AlertRemediation informer = at("10");
    assertThat(writes.freshest(informer)).as("nothing newer kept").isSameAs(informer);
  }

  @Test
  void forgettingDropsTheExpectation() {
    writes.remember(at("12"), "10");
    writes.forget(at("12"));

    assertThat(writes.isEcho(at("12"), at("10"))).isFalse();
  }
}
