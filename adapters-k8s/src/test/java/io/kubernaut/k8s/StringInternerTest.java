package io.kubernaut.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class StringInternerTest {

  private final KubernetesSerialization serialization = StringInterner.serialization();

  private Pod parse(String name, String note) {
    // Built at run time so that neither value is a compile-time constant (those are interned anyway).
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"shop\",\"labels\":{\"app\":\"" + new StringBuilder("checkout-").append(7)
        + "\"},\"annotations\":{\"note\":\"" + note + "\"}},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\","
        + "\"reason\":\"ContainersNotReady\"}]}}";
    return serialization.unmarshal(json, Pod.class);
  }

  @Test
  void twoParsedObjectsShareTheirRepeatedShortValues() {
    Pod a = parse("a", "x");
    Pod b = parse("b", "x");
    assertEquals("checkout-7", a.getMetadata().getLabels().get("app"));
    assertSame(a.getMetadata().getLabels().get("app"), b.getMetadata().getLabels().get("app"));
    assertSame(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
    assertSame(a.getStatus().getConditions().get(0).getReason(), b.getStatus().getConditions().get(0).getReason());
    assertSame(a.getStatus().getConditions().get(0).getStatus(), b.getStatus().getConditions().get(0).getStatus());
  }

  @Test
  void aLongValueIsLeftAsParsed() {
    String longNote = "n".repeat(StringInterner.MAX_LENGTH + 1);
    Pod a = parse("a", longNote);
    Pod b = parse("b", longNote);
    assertEquals(longNote, a.getMetadata().getAnnotations().get("note"));
    assertNotSame(a.getMetadata().getAnnotations().get("note"), b.getMetadata().getAnnotations().get("note"));
  }

  @Test
  void aLongValueRepeatedWithinOneObjectIsOneInstance() {
    String message = new StringBuilder("AlertProcessing checkout-7d9f-processing classified Deployment shop/checkout")
        .append(" as production P0; route AUTOMATIC because production P0 alerts take the AUTOMATIC path.").toString();
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"annotations\":{\"note\":\""
        + message + "\"}},\"status\":{\"message\":\"" + message + "\",\"conditions\":[{\"type\":\"Ready\",\"message\":\""
        + message + "\"}]}}";
    Pod a = serialization.unmarshal(json, Pod.class);
    Pod b = serialization.unmarshal(json, Pod.class);

    assertEquals(message, a.getStatus().getMessage());
    assertSame(a.getStatus().getMessage(), a.getStatus().getConditions().get(0).getMessage());
    assertSame(a.getStatus().getMessage(), a.getMetadata().getAnnotations().get("note"));
    // Shared within a parse only: another document's copy stays its own (nothing outlives the parse).
    assertNotSame(a.getStatus().getMessage(), b.getStatus().getMessage());
  }

  @Test
  void theDefaultSerializationDoesNotShareThem() {
    // The control: without the interner the same two documents give two instances, so the test above can fail.
    KubernetesSerialization plain = new KubernetesSerialization();
    String json = "{\"metadata\":{\"labels\":{\"app\":\"" + new StringBuilder("checkout-").append(7) + "\"}}}";
    Pod a = plain.unmarshal(json, Pod.class);
    Pod b = plain.unmarshal(json, Pod.class);
    assertNotSame(a.getMetadata().getLabels().get("app"), b.getMetadata().getLabels().get("app"));
  }
}
