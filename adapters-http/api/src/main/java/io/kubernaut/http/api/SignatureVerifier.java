package io.kubernaut.http.api;

import io.kubernaut.http.api.route.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The optional HMAC-SHA256 request signature of the signal endpoints:
 * {@code X-Kubernaut-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, keyed
 * with {@code KUBERNAUT_HMAC_SECRET}. A timestamp more than {@link #TOLERANCE} away from now is a
 * replay and is refused. Within the tolerance a replayed request is harmless: dedup counts it.
 */
final class SignatureVerifier {

  static final String HEADER = "X-Kubernaut-Signature";
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final Optional<byte[]> secret;
  private final Clock clock;

  SignatureVerifier(Optional<String> secret, Clock clock) {
    this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
    this.clock = clock;
  }

  /** Accepts the request, or throws a 401 problem saying what is wrong; does nothing without a secret. */
  void verify(String header, java.util.function.Supplier<byte[]> body) {
    if (secret.isEmpty()) {
      return;
    }
    if (header == null || header.isBlank()) {
      throw unauthorized("This endpoint needs a " + HEADER + ": t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> header.");
    }
    String timestamp = null;
    String signature = null;
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("t=")) {
        timestamp = p.substring(2);
      } else if (p.startsWith("v1=")) {
        signature = p.substring(3);
      }
    }
    long t;
    try {
      t = Long.parseLong(timestamp == null ? "" : timestamp);
    } catch (NumberFormatException e) {
      throw unauthorized(HEADER + " needs t=<unix seconds> and v1=<hex signature>.");
    }
    long age = Math.abs(clock.instant().getEpochSecond() - t);
    if (age > TOLERANCE.toSeconds()) {
      throw unauthorized("The signature timestamp is " + age + " s away from now; more than "
          + TOLERANCE.toSeconds() + " s is refused as a replay. Sign each request when it is sent.");
    }
    byte[] expected = sign(secret.get(), t, body.get()).getBytes(StandardCharsets.US_ASCII);
    byte[] given = (signature == null ? "" : signature.toLowerCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw unauthorized("The " + HEADER + " signature does not match the body.");
    }
  }

  /** The hex HMAC-SHA256 of {@code "<t>.<body>"}: what a sender puts after {@code v1=}. */
  static String sign(byte[] secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("Every JDK ships HmacSHA256.", e);
    }
  }

  private static HttpProblem unauthorized(String detail) {
    return new HttpProblem(401, "Unauthorized", detail);
  }
}
