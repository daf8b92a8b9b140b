package io.kubernaut.http.notify;

import io.kubernaut.http.notify.NotifyConfigDocument.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Resolves secret references of the config: {@code {env: NAME}} or {@code {file: /path}} (a
 * mounted Secret key). Values are read when the config is loaded (and again on every reload, which
 * picks up rotated secrets) and never appear in messages: errors name the variable or the file.
 */
final class Secrets {

  private final UnaryOperator<String> environment;

  Secrets(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /** The secret's value, trimmed; fails naming {@code field} and the reference when it is missing. */
  String resolve(String field, SecretRef ref) {
    if (ref == null || (blank(ref.env()) == blank(ref.file()))) {
      throw new IllegalArgumentException(field + " needs exactly one of 'env' or 'file'.");
    }
    if (!blank(ref.env())) {
      String value = environment.apply(ref.env().trim());
      if (blank(value)) {
        throw new IllegalArgumentException(field + ".env names " + ref.env() + ", which is not set.");
      }
      return value.trim();
    }
    try {
      String value = Files.readString(Path.of(ref.file().trim()), StandardCharsets.UTF_8);
      if (blank(value)) {
        throw new IllegalArgumentException(field + ".file " + ref.file() + " is empty.");
      }
      return value.trim();
    } catch (IOException e) {
      throw new IllegalArgumentException(field + ".file " + ref.file() + " cannot be read ("
          + e.getClass().getSimpleName() + ").", e);
    }
  }

  /** A value given either inline or by reference: exactly one of the two. */
  String inlineOrRef(String field, String inline, String refField, SecretRef ref) {
    if (!blank(inline) && ref != null) {
      throw new IllegalArgumentException(field + " and " + refField + " are both set; keep one.");
    }
    if (!blank(inline)) {
      return inline.trim();
    }
    if (ref == null) {
      throw new IllegalArgumentException(refField + " (or " + field + ") is required.");
    }
    return resolve(refField, ref);
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
