package io.kubernaut.db;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an alert's labels and annotation text into a fixed-size, L2-normalised feature vector
 * with the hashing trick, so that the dot product of two vectors is their cosine similarity.
 *
 * <p>Features: each label {@code name=value} (weight {@value #LABEL_WEIGHT}) except
 * per-instance labels such as {@code pod}; each word of the annotation values (lower-cased,
 * starting with a letter, at least 3 characters, not a stop word; weight {@value #WORD_WEIGHT}
 * per occurrence). A feature goes to bucket {@code FNV-1a(feature) mod 256}, with a sign from
 * the hash's top bit so that collisions cancel out on average. Deterministic across JVMs.
 */
final class IncidentVectoriser {

  /** The vector's size. */
  static final int DIMENSIONS = 256;
  static final double LABEL_WEIGHT = 1.0;
  static final double WORD_WEIGHT = 0.5;

  /** Labels that differ between replicas of the same problem and would only add noise. */
  static final Set<String> IGNORED_LABELS =
      Set.of("pod", "instance", "pod_template_hash", "container_id", "uid", "endpoint", "prometheus");
  private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "with", "has", "was", "are",
      "this", "that", "from", "been", "than", "its", "not", "but", "over", "into");
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9]*");

  private IncidentVectoriser() {}

  /** The normalised vector; all zeros when there is no feature. */
  static double[] vectorise(Map<String, String> labels, Map<String, String> annotations) {
    double[] v = new double[DIMENSIONS];
    new TreeMap<>(labels).forEach((name, value) -> {
      if (!IGNORED_LABELS.contains(name)) {
        add(v, "label:" + name + "=" + value, LABEL_WEIGHT);
      }
    });
    new TreeMap<>(annotations).values().forEach(text -> {
      Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
      while (m.find()) {
        String word = m.group();
        if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
          add(v, "word:" + word, WORD_WEIGHT);
        }
      }
    });
    return normalise(v);
  }

  /** The cosine similarity of two normalised vectors (their dot product). */
  static double cosine(double[] a, double[] b) {
    double dot = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }

  /** The bucket a feature lands in; visible for tests that check for collisions. */
  static int bucket(String feature) {
    return Math.floorMod(fnv1a(feature), DIMENSIONS);
  }

  private static void add(double[] v, String feature, double weight) {
    int hash = fnv1a(feature);
    v[Math.floorMod(hash, DIMENSIONS)] += hash < 0 ? -weight : weight;
  }

  private static double[] normalise(double[] v) {
    double norm = Math.sqrt(cosine(v, v));
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
    return v;
  }

  private static int fnv1a(String s) {
    int hash = 0x811c9dc5;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash;
  }
}
