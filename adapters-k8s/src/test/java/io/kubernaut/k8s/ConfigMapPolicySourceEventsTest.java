package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kubectl describe configmap kubernaut-config} says whether each version was applied, and why not. */
@EnableKubernetesMockClient(crud = true)
class ConfigMapPolicySourceEventsTest {

  static final String NS = "kubernaut-system";

  KubernetesClient client;

  private ConfigMap write(Map<String, String> data) {
    return client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(ConfigMapPolicySource.NAME).withNamespace(NS).endMetadata().withData(data).build())
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  private List<Event> eventsOf(ConfigMap cm) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> ConfigMapPolicySource.NAME.equals(e.getInvolvedObject().getName())
            && e.getMessage().contains("(resourceVersion " + cm.getMetadata().getResourceVersion() + ")"))
        .toList();
  }

  private Event awaitEventOf(ConfigMap cm) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(cm).isEmpty());
    return eventsOf(cm).get(0);
  }

  /** Notification routing that refuses a config naming an unknown key, as the real one does. */
  private static final io.kubernaut.ports.out.NotificationRouting ROUTING = new io.kubernaut.ports.out.NotificationRouting() {
    @Override
    public void reload(String yaml) {
      if (yaml.contains("recevier")) {
        throw new io.kubernaut.ports.failure.PermanentException("Unknown key 'route.recevier' in the notification config");
      }
    }

    @Override
    public java.util.List<String> receivers() {
      return java.util.List.of();
    }
  };

  @Test
  void eachVersionIsRecordedAsAppliedOrRefusedWithTheReason() {
    try (ConfigMapPolicySource source = new ConfigMapPolicySource(client, NS, ROUTING).start()) {
      ConfigMap valid = write(Map.of("safety.yaml", "dryRun: true\n"));
      Event applied = awaitEventOf(valid);
      assertThat(applied.getReason()).isEqualTo("PolicyApplied");
      assertThat(applied.getType()).isEqualTo("Normal");
      assertThat(applied.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
      assertThat(applied.getMessage()).isEqualTo("Kubernaut applied ConfigMap kubernaut-config (resourceVersion "
          + valid.getMetadata().getResourceVersion() + ").");
      assertThat(source.current().dryRun()).isTrue();

      ConfigMap invalid = write(Map.of("safety.yaml", "dryRun: false\nlimits: {maxScale: 2}\n"));
      Event refused = awaitEventOf(invalid);
      assertThat(refused.getReason()).isEqualTo("PolicyRefused");
      assertThat(refused.getType()).isEqualTo("Warning");
      assertThat(refused.getMessage()).contains("did not apply").contains("so the previous policy stays: ")
          .contains("maxScale");
      assertThat(source.current().dryRun()).as("the previous policy stays").isTrue();

      ConfigMap badRoutes = write(Map.of("safety.yaml", "dryRun: false\n", "notifications.yaml",
          "route: {recevier: ops}\n"));
      Event warned = awaitEventOf(badRoutes);
      assertThat(warned.getReason()).isEqualTo("PolicyAppliedWithWarnings");
      assertThat(warned.getType()).isEqualTo("Warning");
      assertThat(warned.getMessage()).contains("with warnings").contains("notifications.yaml was not applied")
          .contains("recevier");
      assertThat(source.current().dryRun()).as("the rest applied").isFalse();
    }
  }

  @Test
  void anInvalidFirstVersionSaysTheKillSwitchIsOn() {
    ConfigMap invalid = write(Map.of("extra.yaml", "x: 1\n"));
    try (ConfigMapPolicySource source = new ConfigMapPolicySource(client, NS).start()) {
      Event refused = awaitEventOf(invalid);
      assertThat(refused.getReason()).isEqualTo("PolicyRefused");
      assertThat(refused.getMessage()).contains("kill switch is on").contains("extra.yaml");
      assertThat(source.current().killSwitch()).isTrue();
    }
  }

  @Test
  void aReplicaThatFailsClosedOnAVersionAnotherKeptItsPolicyOnRecordsItsOwnEvent() {
    try (ConfigMapPolicySource first = new ConfigMapPolicySource(client, NS).start()) {
      awaitEventOf(write(Map.of("safety.yaml", "dryRun: true\n")));
      ConfigMap invalid = write(Map.of("safety.yaml", "dryRun: false\nlimits: {maxScale: 2}\n"));
      assertThat(awaitEventOf(invalid).getMessage()).contains("the previous policy stays");

      // Started after the last valid version, a second replica has no policy to keep: it fails closed on this one.
      try (ConfigMapPolicySource second = new ConfigMapPolicySource(client, NS).start()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(invalid).size() == 2);
        assertThat(second.current().killSwitch()).isTrue();
        assertThat(eventsOf(invalid)).extracting(Event::getMessage)
            .anySatisfy(m -> assertThat(m).contains("the previous policy stays"))
            .anySatisfy(m -> assertThat(m).contains("the kill switch is on"));
      }
    }
  }

  @Test
  void aSecondReplicaOrARestartRecordsAVersionNoSecondTime() {
    ConfigMap valid = write(Map.of("safety.yaml", "dryRun: true\n"));
    try (ConfigMapPolicySource first = new ConfigMapPolicySource(client, NS).start()) {
      awaitEventOf(valid);
    }
    try (ConfigMapPolicySource second = new ConfigMapPolicySource(client, NS).start()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> second.current().dryRun());
      // It loaded the same version to the same outcome: its Event has the same name, so it is not created twice.
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> eventsOf(valid).size() == 1);
    }
  }
}
