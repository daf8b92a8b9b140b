package io.kubernaut.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.failure.PermanentException;
import java.util.Map;
import java.util.TreeMap;

/** Flat string maps to and from the JSON text stored in JSONB columns. */
final class PayloadJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

  private PayloadJson() {}

  /** JSON text with sorted keys; NUL characters, which PostgreSQL refuses in JSONB, are removed. */
  static String write(Map<String, String> payload) {
    Map<String, String> clean = new TreeMap<>();
    payload.forEach((k, v) -> clean.put(stripNul(k), stripNul(v)));
    try {
      return MAPPER.writeValueAsString(clean);
    } catch (JsonProcessingException e) {
      throw new PermanentException("An audit payload could not be written as JSON.", e);
    }
  }

  /** The map stored as JSON text; values that are not strings are kept as their JSON text. */
  static Map<String, String> read(String json) {
    try {
      return MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new PermanentException("A stored audit payload is not a flat JSON object: " + e.getOriginalMessage(), e);
    }
  }

  /** The entries whose key starts with the prefix, with the prefix removed. */
  static Map<String, String> withPrefix(Map<String, String> payload, String prefix) {
    Map<String, String> out = new TreeMap<>();
    payload.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private static String stripNul(String s) {
    return s == null ? "" : s.replace("\u0000", "");
  }
}
