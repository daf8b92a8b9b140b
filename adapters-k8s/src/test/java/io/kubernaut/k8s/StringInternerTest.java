package io.kubernaut.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
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
  void aValueSeenInEveryParseStaysSharedThroughAFloodOfUniqueOnes() {
    StringInterner interner = new StringInterner();
    String shared = interner.share(new String("shop-prod"));
    int parses = 10 * StringInterner.SLOTS;
    int unshared = 0;
    for (int i = 0; i < parses; i++) {
      // Each parse brings unique values too (a uid, a name, a resourceVersion), then the namespace again.
      interner.share("uid-" + i);
      interner.share("name-" + i);
      interner.share(Integer.toString(1_000_000 + i));
      String again = interner.share(new String("shop-prod"));
      if (again != shared) {
        unshared++;
        shared = again;
      }
    }
    assertEquals("shop-prod", shared);
    assertTrue(unshared < parses / 1000, unshared + " of " + parses + " parses lost the shared instance");
  }

  @Test
  void twoValuesOfOneHashPairAreBothKeptAndAThirdPushesOutTheOlder() {
    List<String> pair = new ArrayList<>();
    for (int i = 0; pair.size() < 3; i++) {
      String candidate = "v" + i;
      if (pair.isEmpty() || samePair(candidate, pair.get(0))) {
        pair.add(candidate);
      }
    }
    StringInterner interner = new StringInterner();
    String a = new String(pair.get(0));
    String b = new String(pair.get(1));
    assertSame(a, interner.share(a));
    assertSame(b, interner.share(b));
    assertSame(a, interner.share(new String(pair.get(0))), "the older of the pair is still held");
    assertSame(b, interner.share(new String(pair.get(1))));
    interner.share(new String(pair.get(2))); // pushes b to the second place and a out
    assertSame(b, interner.share(new String(pair.get(1))));
    String aAgain = new String(pair.get(0));
    assertSame(aAgain, interner.share(aAgain), "pushed out: an equal value is handed back as it came");
  }

  private static boolean samePair(String x, String y) {
    int hx = x.hashCode();
    int hy = y.hashCode();
    int mask = StringInterner.SLOTS - 1;
    return (((hx ^ (hx >>> 16)) << 1) & mask) == (((hy ^ (hy >>> 16)) << 1) & mask);
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
