package io.kubernaut.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Deserialises JSON strings as fabric8's default does, but hands back one shared instance for each
 * short value: the informers keep every object they list or watch, and most of their strings
 * (label and annotation values, apiVersion, kind, namespace, condition types, reasons and statuses,
 * owner references) repeat across thousands of them. Jackson already shares field names, so map
 * keys are shared; this does the same for values.
 *
 * <p>It shares them through a table of its own, bounded and lossy: {@link #SLOTS} entries, two per
 * hash, the one seen last first. A value the table holds is handed back (and put first); any other
 * takes the first place of its pair and pushes the one there to the second. So a value the informers see again and again
 * stays shared, a unique one (a uid, a resourceVersion) costs nothing beyond its place until it is
 * pushed out, and hostile input can neither grow the table nor keep anything alive but the
 * {@link #SLOTS} values in it. The JVM's own table ({@link String#intern()}), used before, costs a
 * native call and a walk of weak references per value: 4% of the cluster-mode gateway's CPU per new
 * alert in a profile (docs/benchmarks.md, 2026-12-04 18:36). Values longer than {@link #MAX_LENGTH} characters (messages, last-applied configurations,
 * certificates) are rarely repeated across objects and are not
 * interned; but one object often repeats its own (a status's message is also its Ready condition's
 * message and its last phase transition's reason), so a long value is shared within the one
 * document being parsed (a watch event, a page of a LIST): its copies cost one String.
 */
final class StringInterner extends StringDeserializer {

  /** The longest value shared; longer ones are kept as parsed. */
  static final int MAX_LENGTH = 64;

  private static final long serialVersionUID = 1L;

  /** The table's size: a power of two, two places per hash. 64 KiB of references; the values are at most 64 chars. */
  static final int SLOTS = 1 << 14;

  /**
   * The shared values. Written without locks: a String is immutable and safely published by its
   * final fields, so a reader sees either value of a racing write, and either is correct.
   */
  private final String[] shared = new String[SLOTS];

  /** The per-parse attribute holding the long values seen so far in the document being parsed. */
  private static final Object LONG_VALUES = new Object();

  /** A fabric8 serialization whose parsed objects share their short string values. */
  static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper()
        .registerModule(new SimpleModule("kubernaut-string-interner").addDeserializer(String.class, new StringInterner()));
    return new DirectUnmarshaller(mapper);
  }

  /** The table's instance equal to {@code value}, which becomes it when there is none. */
  String share(String value) {
    int hash = value.hashCode();
    int first = ((hash ^ (hash >>> 16)) << 1) & (SLOTS - 1);
    String newer = shared[first];
    if (newer != null && newer.hashCode() == hash && newer.equals(value)) {
      return newer;
    }
    String older = shared[first + 1];
    if (older != null && older.hashCode() == hash && older.equals(value)) {
      shared[first] = older; // seen again: first of the pair, so that a value seen often stays
      shared[first + 1] = newer;
      return older;
    }
    shared[first + 1] = newer;
    shared[first] = value;
    return value;
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String value = super.deserialize(p, ctxt);
    if (value == null || value.length() <= MAX_LENGTH) {
      return value == null ? null : share(value);
    }
    // Jackson makes a DeserializationContext per readValue call: the map lives as long as one parse.
    @SuppressWarnings("unchecked")
    Map<String, String> seen = (Map<String, String>) ctxt.getAttribute(LONG_VALUES);
    if (seen == null) {
      seen = new HashMap<>();
      ctxt.setAttribute(LONG_VALUES, seen);
    }
    String known = seen.putIfAbsent(value, value);
    return known == null ? value : known;
  }
}
