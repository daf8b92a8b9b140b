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
 * <p>It uses {@link String#intern()}: the JVM's string table holds its entries weakly, so a value
 * no object refers to any more is collected, and unique values from hostile input cost no more than
 * the objects that carry them. Values longer than {@link #MAX_LENGTH} characters (messages,
 * last-applied configurations, certificates) are rarely repeated across objects and are not
 * interned; but one object often repeats its own (a status's message is also its Ready condition's
 * message and its last phase transition's reason), so a long value is shared within the one
 * document being parsed (a watch event, a page of a LIST): its copies cost one String.
 */
final class StringInterner extends StringDeserializer {

  /** The longest value shared; longer ones are kept as parsed. */
  static final int MAX_LENGTH = 64;

  private static final long serialVersionUID = 1L;

  /** The per-parse attribute holding the long values seen so far in the document being parsed. */
  private static final Object LONG_VALUES = new Object();

  /** A fabric8 serialization whose parsed objects share their short string values. */
  static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper()
        .registerModule(new SimpleModule("kubernaut-string-interner").addDeserializer(String.class, new StringInterner()));
    return new KubernetesSerialization(mapper, true);
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String value = super.deserialize(p, ctxt);
    if (value == null || value.length() <= MAX_LENGTH) {
      return value == null ? null : value.intern();
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
