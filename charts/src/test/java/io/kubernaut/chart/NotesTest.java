package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as printed by a client-only dry-run install, tells the user how to wire Alertmanager. */
class NotesTest {

  private static String notes() {
    return new Helm(RenderedChart.chartDir()).install()
        .withName(RenderedChart.RELEASE)
        .withNamespace(RenderedChart.NAMESPACE)
        .dryRun()
        .clientOnly()
        .call()
        .getOutput();
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
        .contains("credentials_file: /etc/alertmanager/secrets/kubernaut-api-token/token");
  }

  @Test
  void notesTellHowToListRemediations() {
    assertThat(notes()).contains("kubectl get ar -n kubernaut-system");
  }
}
