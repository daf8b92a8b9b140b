package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as printed by a client-only dry-run install, tells the user how to wire Alertmanager. */
class NotesTest {

  private static String notes(String... settings) {
    var install = new Helm(RenderedChart.chartDir()).install()
        .withName(RenderedChart.RELEASE)
        .withNamespace(RenderedChart.NAMESPACE)
        .dryRun()
        .clientOnly();
    for (int i = 0; i < settings.length; i += 2) {
      install = install.set(settings[i], settings[i + 1]);
    }
    return install.call().getOutput();
  }

  @Test
  void notesShowAnAlertmanagerReceiverWithBearerAuthAndResolvedAlerts() {
    String notes = notes();

    assertThat(notes)
        .contains("url: http://kubernaut.kubernaut-system:8080/api/v1/signals/prometheus")
        .contains("webhook_configs:")
        .contains("send_resolved: true")
        .contains("http_config:")
        .contains("authorization:")
        .contains("type: Bearer")
        .contains("credentials_file: /etc/alertmanager/secrets/kubernaut-ingest-token/token")
        .contains("The ingest token may only post signals");
  }

  @Test
  void inTokenReviewModeNotesShowAProjectedTokenOfTheAudienceAndTheIngestRoleBinding() {
    String notes = notes("auth.token.enabled", "false", "auth.ingestToken.enabled", "false",
        "auth.tokenAudience", "kubernaut-prod");

    assertThat(notes)
        .contains("credentials_file: /var/run/secrets/kubernaut/token")
        .contains("serviceAccountToken: {audience: kubernaut-prod, expirationSeconds: 3600, path: token}")
        .contains("--clusterrole=kubernaut-ingest")
        .doesNotContain("kubernaut-api-token");
  }

  @Test
  void notesCountTheReplicasOfEveryShard() {
    assertThat(notes()).contains("(2 replicas, leader election through a Lease)");
    assertThat(notes("shards", "3")).contains("(3 shards of 2 replicas each, leader election through a Lease per shard)");
  }

  @Test
  void notesTellHowToListRemediations() {
    assertThat(notes()).contains("kubectl get ar -n kubernaut-system");
  }
}
