package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectUnmarshallerTest {

  private static final String REMEDIATION = "{\"apiVersion\":\"" + HasMetadata.getApiVersion(AlertRemediation.class)
      + "\",\"kind\":\"AlertRemediation\",\"metadata\":{\"name\":\"r\",\"namespace\":\"ns\",\"resourceVersion\":\"9\","
      + "\"labels\":{\"kubernaut.io/shard\":\"1\"}},\"spec\":{\"fingerprint\":\"abc\",\"labels\":{\"alertname\":\"X\"}},"
      + "\"status\":{\"phase\":\"Executing\"}}";

  private final KubernetesSerialization fabric8 = new KubernetesSerialization();
  private final KubernetesSerialization direct = DirectUnmarshaller.plain();
  private final KubernetesSerialization interning = StringInterner.serialization();

  {
    for (KubernetesSerialization s : List.of(fabric8, direct, interning)) {
      s.registerKubernetesResource(AlertRemediation.class);
    }
  }

  @Test
  void aWatchEventReadsAsFabric8ReadsIt() {
    String event = "  \n{\"type\":\"MODIFIED\",\"object\":" + REMEDIATION + "}";
    WatchEvent expected = fabric8.unmarshal(event, WatchEvent.class);
    for (KubernetesSerialization s : List.of(direct, interning)) {
      WatchEvent parsed = s.unmarshal(event, WatchEvent.class);
      assertThat(parsed.getType()).isEqualTo("MODIFIED");
      assertThat(parsed.getObject()).isExactlyInstanceOf(AlertRemediation.class);
      assertThat(json(parsed)).isEqualTo(json(expected)).contains("\"fingerprint\":\"abc\"");
    }
  }

  @Test
  void anAnswerReadsAsFabric8ReadsIt() {
    AlertRemediation expected = fabric8.unmarshal(stream(REMEDIATION), AlertRemediation.class);
    AlertRemediation parsed = direct.unmarshal(stream(REMEDIATION), AlertRemediation.class);
    assertThat(json(parsed)).isEqualTo(json(expected));
    assertThat(parsed.getStatus().getPhase().name()).isEqualTo("Executing");
    assertThat(parsed.getMetadata().getLabels()).containsEntry("kubernaut.io/shard", "1");

    String list = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMapList\",\"metadata\":{\"resourceVersion\":\"3\"},\"items\":["
        + "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"}},{\"metadata\":{\"name\":\"b\"}}]}";
    assertThat(direct.unmarshal(stream(list), ConfigMapList.class)).isEqualTo(fabric8.unmarshal(stream(list), ConfigMapList.class))
        .extracting(l -> l.getItems().size()).isEqualTo(2);
    // Untyped: the kind names the type, as fabric8's own path finds it.
    KubernetesResource untyped = direct.unmarshal(stream(REMEDIATION));
    assertThat(untyped).isExactlyInstanceOf(AlertRemediation.class);
    assertThat(json(untyped)).isEqualTo(json(expected));
  }

  @Test
  void anAnswersBytesGoToJacksonWithoutABufferOfTheirOwn() {
    // fabric8 wraps the stream in an 8 KiB BufferedInputStream and marks that; read directly, the stream itself is marked.
    MarkRecording answer = new MarkRecording(("\n  " + REMEDIATION).getBytes(StandardCharsets.UTF_8), 0);
    AlertRemediation parsed = direct.unmarshal(answer, AlertRemediation.class);
    assertThat(answer.marked).isTrue();
    assertThat(json(parsed)).isEqualTo(json(fabric8.unmarshal(stream(REMEDIATION), AlertRemediation.class)));

    MarkRecording viaFabric8 = new MarkRecording(REMEDIATION.getBytes(StandardCharsets.UTF_8), 0);
    fabric8.unmarshal(viaFabric8, AlertRemediation.class);
    assertThat(viaFabric8.marked).as("fabric8 marks its own buffer").isFalse();
  }

  @Test
  void aStreamAlreadyReadIntoIsReadFromWhereItStands() {
    byte[] prefixed = ("garbage" + REMEDIATION).getBytes(StandardCharsets.UTF_8);
    ByteArrayInputStream positioned = new ByteArrayInputStream(prefixed);
    assertThat(positioned.skip("garbage".length())).isEqualTo("garbage".length());
    AlertRemediation parsed = direct.unmarshal(positioned, AlertRemediation.class);
    assertThat(parsed.getMetadata().getName()).isEqualTo("r");
  }

  /** A byte stream that says whether it was marked. */
  private static final class MarkRecording extends ByteArrayInputStream {
    boolean marked;

    MarkRecording(byte[] bytes, int offset) {
      super(bytes, offset, bytes.length - offset);
    }

    @Override
    public synchronized void mark(int readAheadLimit) {
      marked = true;
      super.mark(readAheadLimit);
    }
  }

  @Test
  void yamlStillTakesFabric8sPath() {
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: policy\ndata:\n  k: v\n";
    ConfigMap fromString = direct.unmarshal(yaml, ConfigMap.class);
    ConfigMap fromBytes = direct.unmarshal(stream(yaml), ConfigMap.class);
    assertThat(fromString).isEqualTo(fabric8.unmarshal(yaml, ConfigMap.class)).isEqualTo(fromBytes);
    assertThat(fromString.getData()).containsEntry("k", "v");
  }

  @Test
  void aStreamOfAnotherKindTakesFabric8sPath() {
    InputStream other = new java.io.BufferedInputStream(stream(REMEDIATION));
    assertThat(json(direct.unmarshal(other, AlertRemediation.class)))
        .isEqualTo(json(fabric8.unmarshal(stream(REMEDIATION), AlertRemediation.class)));
  }

  @Test
  void malformedJsonFailsAsWithFabric8() {
    String broken = "{\"metadata\":{\"name\":";
    assertThatThrownBy(() -> fabric8.unmarshal(broken, ConfigMap.class)).isInstanceOf(KubernetesClientException.class);
    assertThatThrownBy(() -> direct.unmarshal(broken, ConfigMap.class)).isInstanceOf(KubernetesClientException.class);
    assertThatThrownBy(() -> direct.unmarshal(stream(broken), ConfigMap.class))
        .isInstanceOf(KubernetesClientException.class);
    assertThat(direct.unmarshal("", ConfigMap.class)).isNull();
    assertThat(fabric8.unmarshal("", ConfigMap.class)).isNull();
  }

  /** The object as fabric8 writes it: the Kubernaut kinds' specs and statuses have no equals. */
  private String json(Object parsed) {
    return fabric8.asJson(parsed);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
