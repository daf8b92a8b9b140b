package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes the intake through real HTTP with seeded mutants of the Alertmanager webhook and the
 * core/v1 Event: 100,000 against the production HTTP adapter over an in-memory intake, then 2,000
 * more against the whole embedded operator, where every AlertRemediation must come from an alert
 * the gateway acknowledged. Reproduce a run with {@code -Dkubernaut.fuzz.seed=<seed>}.
 */
@Tag("drill")
class IntakeFuzzTest {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeFuzzTest.class);
  static final long SEED = Long.getLong("kubernaut.fuzz.seed", 20_261_120L);
  static final long COUNT = Long.getLong("kubernaut.fuzz.count", 100_000L);
  static final long EMBEDDED_COUNT = Long.getLong("kubernaut.fuzz.embeddedCount", 2_000L);
  private static final int MAX_BODY_BYTES = 262_144;

  @TempDir
  Path dataDir;

  @Test
  void hundredThousandMutantsThroughTheHttpAdapterGetNo5xxOnlyProblemDocumentsAndReachTheIntakeOnlyWhenAccepted()
      throws Exception {
    IntakePayloadMutator mutator = new IntakePayloadMutator(SEED, MAX_BODY_BYTES);
    try (IntakeFuzzGateway gateway = new IntakeFuzzGateway(MAX_BODY_BYTES, 256)) {
      IntakeFuzzer.Report report = new IntakeFuzzer("http://127.0.0.1:" + gateway.port(), IntakeFuzzGateway.TOKEN, 8, MAX_BODY_BYTES)
          .run(mutator, 0, COUNT);
      log("in-memory intake", report);

      assertThat(report.findings).as("rule violations").isEmpty();
      assertThat(report.errorLogs).as("ERROR events logged during the run").isEmpty();
      assertThat(report.sent).hasValue(COUNT);
      assertThat(report.acceptedSignals.get()).as("acknowledged signals, so the checks are not vacuous").isPositive();
      // Every acknowledged signal reached the intake; more only from a request sent twice (no answer to the first
      // send, which the server may still have taken), by at most what the second send's answer acknowledged.
      assertThat(gateway.intake.ingested()).as("signals that reached the intake, against those acknowledged "
          + "(%d requests sent twice, acknowledging %d)", report.resent.get(), report.resentAcceptedSignals.get())
          .isBetween(report.acceptedSignals.get(), report.acceptedSignals.get() + report.resentAcceptedSignals.get());
      assertThat(report.statusCounts()).doesNotContainKeys(500, 429, IntakeFuzzer.NO_ANSWER);
    }
  }

  @Test
  void twoThousandMutantsThroughTheEmbeddedOperatorCreateAlertRemediationsOnlyForAcknowledgedAlerts() throws Exception {
    IntakePayloadMutator mutator = new IntakePayloadMutator(SEED, MAX_BODY_BYTES);
    try (Kubernaut kubernaut = Kubernaut.start(OperatorConfig.from(Map.of(
            "KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", dataDir.toString())), () -> true);
        KubernetesClient kube = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(kubernaut.apiServerUrl()).build()).build()) {
      assertThat(remediations(kube)).isEmpty();

      IntakeFuzzer.Report report = new IntakeFuzzer("http://127.0.0.1:" + kubernaut.httpPort(), kubernaut.apiToken(), 4, MAX_BODY_BYTES)
          .run(mutator, COUNT, EMBEDDED_COUNT);
      log("embedded operator", report);

      assertThat(report.findings).as("rule violations").isEmpty();
      assertThat(report.errorLogs).as("ERROR events logged during the run").isEmpty();
      assertThat(report.createdRemediations).as("acknowledged creations, so the check is not vacuous").isNotEmpty();
      List<AlertRemediation> stored = kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems();
      Set<String> names = stored.stream().map(ar -> ar.getMetadata().getName()).collect(Collectors.toSet());
      assertThat(names).as("no acknowledged creation was lost").containsAll(report.createdRemediations);
      List<AlertRemediation> unacknowledged = stored.stream()
          .filter(ar -> !report.createdRemediations.contains(ar.getMetadata().getName())).toList();
      LOG.info("{} AlertRemediations were persisted for batches answered 503 (re-sent by Alertmanager in production)",
          unacknowledged.size());
      assertThat(unacknowledged).as("AlertRemediations not acknowledged as created come from valid alerts answered 503")
          .hasSizeLessThanOrEqualTo((int) report.refusedValidAlerts.get())
          .allSatisfy(ar -> assertThat(report.acknowledgedFingerprints).contains(ar.getSpec().getFingerprint()));
    }
  }

  private static Set<String> remediations(KubernetesClient kube) {
    return kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems().stream()
        .map(ar -> ar.getMetadata().getName()).collect(Collectors.toSet());
  }

  private static void log(String against, IntakeFuzzer.Report report) {
    LOG.info("Fuzzed the intake ({}): seed {}, {} mutants ({} invalid by construction) in {} ms; statuses {}; "
            + "{} signals acknowledged, {} remediations created; {} requests sent twice; {} ERROR events logged",
        against, SEED, report.sent.get(), report.invalid.get(), report.millis, report.statusCounts(),
        report.acceptedSignals.get(), report.createdRemediations.size(), report.resent.get(), report.errorLogCount.get());
    report.findings.forEach(f -> LOG.warn("Fuzz finding: {}", f));
    report.errorLogs.forEach(e -> LOG.warn("Logged during the fuzz run: {}", e));
  }
}
