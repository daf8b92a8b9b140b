package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The remediations-by-phase gauge counts the informer's phase index, and follows the watch; the
 * dedup cache holds the informer's instances.
 */
@EnableKubernetesMockClient(crud = true)
class CaffeineRecentSignalsTest {

  KubernetesClient client;

  private AlertRemediation create(String name, RemediationPhase phase) {
    AlertRemediation ar = Resources.remediation();
    ar.getMetadata().setName(name);
    ar = client.resource(ar).create();
    if (phase != null) {
      AlertRemediationStatus status = new AlertRemediationStatus();
      status.setPhase(phase);
      ar.setStatus(status);
      ar = client.resource(ar).updateStatus();
    }
    return ar;
  }

  /** Starts {@code recent} and waits until its watch has delivered the remediations of {@code fingerprint}. */
  private static void watching(CaffeineRecentSignals recent, String fingerprint) {
    recent.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> recent.fromWatch(fingerprint).map(l -> !l.isEmpty())
        .orElse(false));
  }

  @Test
  void remediationsAreCountedByPhaseAndANewPhaseMovesTheCount() {
    create("waits-1", RemediationPhase.AwaitingApproval);
    AlertRemediation moving = create("waits-2", RemediationPhase.AwaitingApproval);
    create("new", null);
    try (CaffeineRecentSignals recent = new CaffeineRecentSignals(client, Resources.NS, Duration.ofMinutes(5))) {
      assertThat(recent.countByPhase()).as("not started: not known").isEmpty();
      recent.start();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recent.countByPhase())
          .contains(Map.of("AwaitingApproval", 2L, "Pending", 1L)));

      moving.getStatus().setPhase(RemediationPhase.Executing);
      client.resource(moving).updateStatus();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recent.countByPhase())
          .contains(Map.of("AwaitingApproval", 1L, "Executing", 1L, "Pending", 1L)));
    }
  }

  @Test
  void anAnswerFromTheApiServerIsHeldAsTheInformersInstanceOfThatVersion() {
    AlertRemediation ar = create("known", RemediationPhase.AwaitingApproval);
    String fingerprint = ar.getSpec().getFingerprint();
    try (CaffeineRecentSignals recent = new CaffeineRecentSignals(client, Resources.NS, Duration.ofMinutes(5))) {
      watching(recent, fingerprint);
      AlertRemediation watched = recent.fromWatch(fingerprint).orElseThrow().get(0);

      AlertRemediation answered = client.resources(AlertRemediation.class).inNamespace(Resources.NS).withName("known")
          .get();
      assertThat(answered).isNotSameAs(watched);
      recent.remember(fingerprint, java.util.List.of(answered), true);

      assertThat(recent.byName("known")).containsSame(watched);
      assertThat(recent.byFingerprint(fingerprint).orElseThrow()).singleElement().isSameAs(watched);
      // A write's answer of the same version too.
      recent.observed(client.resources(AlertRemediation.class).inNamespace(Resources.NS).withName("known").get());
      assertThat(recent.byName("known")).containsSame(watched);
    }
  }
  /**
   * A watch event of an older version that arrives after a write's answer of a newer one does not take the newer one
   * back: a write computed on the cache then found nothing to do (CI caught it as a firing that a resolution had made
   * room for, taken as past the bound).
   */
  @Test
  void anOlderVersionSeenAfterANewerOneDoesNotReplaceIt() {
    AlertRemediation first = create("versions", RemediationPhase.AwaitingApproval);
    String fingerprint = first.getSpec().getFingerprint();
    try (CaffeineRecentSignals recent = new CaffeineRecentSignals(client, Resources.NS, Duration.ofMinutes(5))) {
      watching(recent, fingerprint);
      recent.remember(fingerprint, java.util.List.of(first), true); // known by name, as after a lookup
      first.getStatus().setPhase(RemediationPhase.Executing);
      AlertRemediation newer = client.resource(first).updateStatus();
      recent.observed(newer);

      recent.observed(first); // the older version's event, late
      recent.onUpdate(first, first);

      assertThat(recent.byName("versions").orElseThrow().getMetadata().getResourceVersion())
          .isEqualTo(newer.getMetadata().getResourceVersion());
      assertThat(recent.byFingerprint(fingerprint).orElseThrow()).singleElement()
          .satisfies(ar -> assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Executing));
    }
  }

  @Test
  void aRemediationThisReplicaCreatedIsKnownAtOnceButNeverHandedToTheInformersAndTheWatchedCopyReplacesIt() {
    try (CaffeineRecentSignals recent = new CaffeineRecentSignals(client, Resources.NS, Duration.ofMinutes(5))) {
      recent.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> recent.fromWatch("0".repeat(64)).isPresent());
      // What the gateway keeps after its create: the spec it sent under the API server's metadata. (Not on this
      // API server, so that no watch event can come before it: the order is the test's.)
      AlertRemediation made = Resources.remediation();
      made.getMetadata().setName("created-here");
      made.getMetadata().setUid("uid-of-the-create");
      made.getMetadata().setResourceVersion("41");
      String fingerprint = made.getSpec().getFingerprint();
      recent.remember(fingerprint, java.util.List.of(), false); // as the intake looked before creating

      recent.created(made);

      assertThat(recent.byName("created-here")).containsSame(made);
      assertThat(recent.byFingerprint(fingerprint).orElseThrow()).singleElement().isSameAs(made);
      AlertRemediation sameVersion = Resources.remediation();
      sameVersion.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(made.getMetadata()).build());
      assertThat(io.kubernaut.k8s.runtime.SharedItemStore.shared(sameVersion)).as("not in the informers' pool")
          .isSameAs(sameVersion);

      // The watch's copy of the remediation replaces it.
      AlertRemediation sent = Resources.remediation();
      sent.getMetadata().setName("created-here");
      AlertRemediation stored = client.resource(sent).create();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recent.byName("created-here")).get()
          .satisfies(known -> assertThat(known.getMetadata().getUid()).isEqualTo(stored.getMetadata().getUid())));
    }
  }

  @Test
  void theCreatedObjectDoesNotReplaceTheWatchedCopyThatCameFirst() {
    try (CaffeineRecentSignals recent = new CaffeineRecentSignals(client, Resources.NS, Duration.ofMinutes(5))) {
      recent.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> recent.fromWatch("0".repeat(64)).isPresent());
      AlertRemediation sent = Resources.remediation();
      sent.getMetadata().setName("watched-first");
      String fingerprint = sent.getSpec().getFingerprint();
      recent.remember(fingerprint, java.util.List.of(), false);
      AlertRemediation stored = client.resource(sent).create();
      // A controller's status write follows at once; the watch delivers both before the gateway's answer is handled.
      AlertRemediationStatus status = new AlertRemediationStatus();
      status.setPhase(RemediationPhase.Processing);
      stored.setStatus(status);
      client.resource(stored).updateStatus();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recent.byName("watched-first")).get()
          .satisfies(known -> assertThat(known.getStatus()).isNotNull()));
      AlertRemediation made = Resources.remediation();
      made.setMetadata(stored.getMetadata()); // the create's answer: the first version, without status

      recent.created(made);

      assertThat(recent.byName("watched-first").orElseThrow().getStatus().getPhase())
          .as("the newer watched version stays").isEqualTo(RemediationPhase.Processing);
    }
  }
}
