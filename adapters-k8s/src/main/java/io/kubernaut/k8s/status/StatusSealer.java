package io.kubernaut.k8s.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.SealedStatus;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the result a controller writes into a child's status, so that the controllers that act on
 * it can tell it from one written by hand. Anyone allowed to write the status subresource of an
 * AlertProcessing or an AIAnalysis could otherwise turn production into development, skip the
 * approval gate with a confidence of 1, or put actions of their own among the recommendations; the
 * chart's admission policy stops that only where it is installed.
 *
 * <p>The seal is an HMAC-SHA256, keyed with a key derived from the audit key, over the object's
 * kind and uid and every status field but those every kind shares ({@code StatusSpine}: conditions,
 * times, message, phase history, observed generation), which includes the phase. Bound to the uid,
 * a sealed status copied onto another object does not verify. Written as {@code v1:} and the
 * base64url of the MAC, in the status field {@code seal}.
 *
 * <p>The sealed form is computed from the status as Java reads it, not from the stored JSON: the
 * API server drops nulls and reorders nothing the form depends on (object keys are sorted, nulls
 * left out), so a status sealed on write verifies on every read of the same content.
 *
 * <p>Without a key (cluster mode without {@code KUBERNAUT_AUDIT_KEY}) nothing is sealed and every
 * result is trusted, as before seals; the operator says so once at start.
 */
public final class StatusSealer {

  /** The status field that carries the seal. */
  public static final String FIELD = "seal";

  /** The status fields every kind shares and that are not sealed (they describe, they decide nothing). */
  private static final Set<String> UNSEALED = Set.of(FIELD, "conditions", "observedGeneration", "startTime",
      "completionTime", "message", "phaseHistory");

  private static final String VERSION = "v1:";
  private static final String PURPOSE = "kubernaut.io/status-seal/v1";
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  /** A sealer that seals nothing and trusts every status. */
  public static final StatusSealer OFF = new StatusSealer(null, List.of());

  private final SecretKeySpec key;
  /** One keyed MAC per thread, kept: a new one per seal (provider lookup and key schedule) was a fifth of its cost. */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);
  /** Sealers of the keys retired before this one: a result sealed before a key rotation still verifies. */
  private final List<StatusSealer> retired;

  private StatusSealer(byte[] key, List<StatusSealer> retired) {
    this.key = key == null ? null : new SecretKeySpec(key, "HmacSHA256");
    this.retired = retired;
  }

  /**
   * A sealer keyed with {@code secret} (at least 32 bytes), which should be derived for this purpose only
   * (the operator derives it from the audit key).
   */
  public static StatusSealer keyed(byte[] secret) {
    return keyed(secret, List.of());
  }

  /**
   * A sealer keyed with {@code secret} that also takes the seals of {@code retired} keys (derived alike from
   * the audit keys retired before the current one): results sealed before a rotation, by a replica still on
   * the old key during the rollout or before it, verify. It seals with {@code secret} only.
   */
  public static StatusSealer keyed(byte[] secret, List<byte[]> retired) {
    if (secret == null || secret.length < 32 || retired.stream().anyMatch(r -> r == null || r.length < 32)) {
      throw new IllegalArgumentException("A status seal key needs at least 32 bytes");
    }
    return new StatusSealer(secret.clone(), retired.stream().map(r -> new StatusSealer(r.clone(), List.of())).toList());
  }

  /** A sealer with a random key: its seals verify only in this process (tests, and controllers built without one). */
  public static StatusSealer random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new StatusSealer(secret, List.of());
  }

  /** What this sealer derives its key for, given to the audit key's derivation. */
  public static String purpose() {
    return PURPOSE;
  }

  /** Whether results are sealed and checked. */
  public boolean enabled() {
    return key != null;
  }

  /**
   * Seals {@code status}, about to be written as {@code resource}'s (which must have been read from the
   * API server: its uid binds the seal); does nothing when sealing is off.
   */
  public <S extends SealedStatus> S seal(CustomResource<?, ?> resource, S status) {
    if (key != null) {
      if (uid(resource) == null) {
        throw new IllegalArgumentException("A status is sealed for an object read from the API server, with its uid; "
            + resource.getKind() + " " + resource.getMetadata().getName() + " has none");
      }
      status.setSeal(null);
      status.setSeal(VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(resource, asStored(status))));
    }
    return status;
  }

  /**
   * Why {@code resource}'s status is not one its controller sealed (a sentence fragment: "it carries no
   * seal"); empty when it is, or when sealing is off.
   */
  public Optional<String> broken(CustomResource<?, ?> resource) {
    if (key == null) {
      return Optional.empty();
    }
    if (uid(resource) == null) {
      return Optional.of("it has no uid to check its seal against");
    }
    if (!(resource.getStatus() instanceof SealedStatus status)) {
      return Optional.of("it has no status its controller sealed");
    }
    String seal = status.getSeal();
    if (seal == null || seal.isBlank()) {
      return Optional.of("its status carries no seal");
    }
    if (!seal.startsWith(VERSION)) {
      return Optional.of("its status carries a seal of an unknown version");
    }
    byte[] claimed;
    try {
      claimed = Base64.getUrlDecoder().decode(seal.substring(VERSION.length()));
    } catch (IllegalArgumentException e) {
      return Optional.of("its status carries a seal that is not base64url");
    }
    return MessageDigest.isEqual(claimed, mac(resource, status))
        || retired.stream().anyMatch(older -> MessageDigest.isEqual(claimed, older.mac(resource, status)))
        ? Optional.empty()
        : Optional.of("its status's seal does not verify (the status was written or changed by someone other than "
            + "its controller, or sealed with another key)");
  }

  /**
   * Why {@code resource}'s result is not the one whose seal {@code judged} a remediation recorded when it judged
   * it: its seal does not verify, or it is another result its controller sealed since (one written again after
   * its status was cleared, say, which an approver never saw); with nothing recorded yet, why it does not carry
   * its controller's seal ({@link #broken}). Empty when it is the one, or when sealing is off.
   */
  public Optional<String> notJudged(CustomResource<?, ?> resource, String judged) {
    Optional<String> broken = broken(resource);
    if (key == null || judged == null || broken.isPresent()) {
      return broken;
    }
    return MessageDigest.isEqual(judged.getBytes(StandardCharsets.UTF_8),
        ((SealedStatus) resource.getStatus()).getSeal().getBytes(StandardCharsets.UTF_8)) ? Optional.empty()
        : Optional.of("its result is not the one its remediation judged: its controller sealed another since (its "
            + "status was cleared and its work done again)");
  }

  /**
   * The seal of one value a controller writes into {@code resource}'s status outside of a sealed result (an
   * execution's rollback data, written when its action runs and read when it is undone), bound to the object's
   * kind, uid and the field's name; null when sealing is off or there is nothing to seal.
   */
  public String sealField(CustomResource<?, ?> resource, String field, Object value) {
    if (key == null || value == null) {
      return null;
    }
    if (uid(resource) == null) {
      throw new IllegalArgumentException("A status field is sealed for an object read from the API server, with its "
          + "uid; " + resource.getKind() + " " + resource.getMetadata().getName() + " has none");
    }
    return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(resource, field, asStored(value)));
  }

  /**
   * Why {@code value}, read from {@code resource}'s status field {@code field} with the seal {@code seal}, is not
   * what its controller sealed (a sentence fragment); empty when it is, when sealing is off, or when there is no
   * value (nothing to trust).
   */
  public Optional<String> brokenField(CustomResource<?, ?> resource, String field, Object value, String seal) {
    if (key == null || value == null) {
      return Optional.empty();
    }
    if (uid(resource) == null) {
      return Optional.of("it has no uid to check the seal of its " + field + " against");
    }
    byte[] claimed = decoded(seal);
    if (claimed == null) {
      return Optional.of("its " + field + " carries no seal of a known version");
    }
    return MessageDigest.isEqual(claimed, mac(resource, field, value))
        || retired.stream().anyMatch(older -> MessageDigest.isEqual(claimed, older.mac(resource, field, value)))
        ? Optional.empty()
        : Optional.of("the seal of its " + field + " does not verify (written or changed by someone other than its "
            + "controller, or sealed with another key)");
  }

  /** The MAC of a seal ({@code v1:} and base64url); null when it is none, of another version or not base64url. */
  private static byte[] decoded(String seal) {
    if (seal == null || !seal.startsWith(VERSION)) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(seal.substring(VERSION.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The MAC of one field's value: the field's name sits where a whole status's form starts its JSON, so neither is the other. */
  private byte[] mac(CustomResource<?, ?> resource, String field, Object value) {
    StringBuilder form = new StringBuilder(PURPOSE).append('\n').append(resource.getKind()).append('\n')
        .append(uid(resource)).append('\n').append("field:").append(field).append('\n');
    canonical(JSON.valueToTree(value), form);
    return macOf(form);
  }

  private byte[] mac(CustomResource<?, ?> resource, Object status) {
    StringBuilder form = new StringBuilder(PURPOSE).append('\n').append(resource.getKind()).append('\n')
        .append(uid(resource)).append('\n');
    JsonNode tree = JSON.valueToTree(status);
    if (tree instanceof ObjectNode fields) {
      fields.remove(UNSEALED);
    }
    canonical(tree, form);
    return macOf(form);
  }

  private byte[] macOf(CharSequence form) {
    Mac mac = macs.get();
    mac.reset(); // a MAC left half-way by an earlier failure starts again
    return mac.doFinal(form.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Mac keyedMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The seal {@code resource}'s status carries; null when it carries none. */
  public static String sealOn(CustomResource<?, ?> resource) {
    return resource != null && resource.getStatus() instanceof SealedStatus sealed ? sealed.getSeal() : null;
  }

  private static String uid(CustomResource<?, ?> resource) {
    return resource.getMetadata() == null ? null : resource.getMetadata().getUid();
  }

  /**
   * {@code status} as it will be read back: written as JSON and read again, so that a value Java holds in a
   * form its JSON does not keep (a number type, a set's order) is sealed as the readers will see it.
   */
  private static Object asStored(Object status) {
    try {
      return JSON.readValue(JSON.writeValueAsBytes(status), status.getClass());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("A status could not be written as JSON and read again", e);
    }
  }

  /** JSON with object keys sorted and null members left out; arrays and scalars as Jackson writes them. */
  private static void canonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      boolean first = true;
      for (String name : names) {
        if (node.get(name).isNull()) {
          continue;
        }
        out.append(first ? "" : ",").append(JSON.getNodeFactory().textNode(name)).append(':');
        canonical(node.get(name), out);
        first = false;
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",");
        canonical(node.get(i), out);
      }
      out.append(']');
    } else {
      out.append(node);
    }
  }

  @Override
  public String toString() {
    return key == null ? "StatusSealer[off]" : "StatusSealer[keyed]";
  }
}
