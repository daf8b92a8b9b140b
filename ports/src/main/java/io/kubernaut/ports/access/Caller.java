package io.kubernaut.ports.access;

import java.util.List;
import java.util.Objects;

/**
 * An authenticated caller of the HTTP API: the user a TokenReview answered (a ServiceAccount is
 * {@code system:serviceaccount:<namespace>:<name>}), or one of the two static credentials.
 *
 * @param username the user name; recorded as the approver and as the writer of audit events
 * @param uid the user's uid as TokenReview gave it, or empty
 * @param groups the user's groups, passed on to the SubjectAccessReview
 */
public record Caller(String username, String uid, List<String> groups) {

  public Caller {
    Objects.requireNonNull(username, "username");
    if (username.isBlank()) {
      throw new IllegalArgumentException("A caller needs a user name.");
    }
    uid = uid == null ? "" : uid;
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** A caller known by name only (a static credential). */
  public static Caller named(String username) {
    return new Caller(username, "", List.of());
  }
}
