package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.CrdCatalog;
import org.junit.jupiter.api.Test;

class KubernetesConnectionTest {

  @Test
  void aWatchEventOfEveryKubernautKindIsDeserialisedIntoItsType() {
    // No request is made: the client is only built.
    try (KubernetesConnection connection = KubernetesConnection.at("http://127.0.0.1:9")) {
      for (Class<? extends HasMetadata> kind : CrdCatalog.KINDS) {
        String event = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"" + HasMetadata.getApiVersion(kind)
            + "\",\"kind\":\"" + HasMetadata.getKind(kind) + "\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\","
            + "\"resourceVersion\":\"7\"},\"spec\":{}}}";
        WatchEvent parsed = connection.client().getKubernetesSerialization().unmarshal(event, WatchEvent.class);
        // fabric8's watch converts (a second pass over the whole object) whatever is not of the watched type.
        assertThat(parsed.getObject()).as(kind.getSimpleName()).isExactlyInstanceOf(kind);
      }
    }
  }

  @Test
  void aRemediationParsedFromAWatchEventKeepsItsFields() {
    try (KubernetesConnection connection = KubernetesConnection.at("http://127.0.0.1:9")) {
      String event = "{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"" + HasMetadata.getApiVersion(AlertRemediation.class)
          + "\",\"kind\":\"AlertRemediation\",\"metadata\":{\"name\":\"r\",\"namespace\":\"ns\",\"resourceVersion\":\"9\"},"
          + "\"spec\":{\"fingerprint\":\"abc\",\"labels\":{\"alertname\":\"X\"}},\"status\":{\"phase\":\"Executing\"}}}";
      AlertRemediation ar = (AlertRemediation) connection.client().getKubernetesSerialization()
          .unmarshal(event, WatchEvent.class).getObject();
      assertThat(ar.getSpec().getFingerprint()).isEqualTo("abc");
      assertThat(ar.getSpec().getLabels()).containsEntry("alertname", "X");
      assertThat(ar.getStatus().getPhase().name()).isEqualTo("Executing");
      assertThat(ar.getMetadata().getResourceVersion()).isEqualTo("9");
    }
  }
}
