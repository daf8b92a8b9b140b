package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;

/** Small null-safe helpers on object metadata. */
final class Metadata {

  private Metadata() {}

  /** Sets an annotation on an object in place and returns it. */
  static <T extends HasMetadata> T mark(T object, String key, String value) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations == null) {
      annotations = new HashMap<>();
      object.getMetadata().setAnnotations(annotations);
    }
    annotations.put(key, value);
    return object;
  }

  /** An annotation of an object, or null. */
  static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** The labels of an object, never null (a fresh map is attached when missing). */
  static Map<String, String> labels(HasMetadata object) {
    if (object.getMetadata().getLabels() == null) {
      object.getMetadata().setLabels(new HashMap<>());
    }
    return object.getMetadata().getLabels();
  }
}
