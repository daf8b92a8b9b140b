package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.status.KubernetesEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesEventsTest {

  @TempDir
  Path dir;

  @Test
  void anEventKeyedOnATransitionIsRecordedOnceHoweverOftenItIsEmitted() {
    try (MockApi api = new MockApi(dir); KubernetesClient client = api.newClient()) {
      ConfigMap object = client.resource(new ConfigMapBuilder().withNewMetadata().withName("subject")
          .withNamespace(MockApi.NAMESPACE).endMetadata().build()).create();
      KubernetesEvents events = new KubernetesEvents(client);
      Instant at = Instant.parse("2026-12-01T10:00:00Z");

      events.emitOnce(object, "phase-1-Processing", false, "Processing", "It is being processed.", at);
      events.emitOnce(object, "phase-1-Processing", false, "Processing", "It is being processed.", at.plusSeconds(1));
      events.emitOnce(object, "phase-2-Analyzing", false, "Analyzing", "It is being analyzed.", at.plusSeconds(2));
      events.emitOnce(object, "phase-2-Analyzing", false, "Analyzing", "It is being analyzed.", at.plusSeconds(3));

      List<Event> recorded = client.v1().events().inNamespace(MockApi.NAMESPACE).list().getItems().stream()
          .filter(e -> "subject".equals(e.getInvolvedObject().getName())).toList();
      assertThat(recorded).extracting(Event::getReason).containsExactlyInAnyOrder("Processing", "Analyzing");
      assertThat(recorded).allSatisfy(e -> {
        assertThat(e.getInvolvedObject().getUid()).isEqualTo(object.getMetadata().getUid());
        assertThat(e.getType()).isEqualTo("Normal");
      });
    }
  }
}
