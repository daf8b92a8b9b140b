package io.kubernaut.ports.notification;

/** Why a human is being told something. */
public enum NotificationType {
  APPROVAL_NEEDED,
  COMPLETED,
  FAILED,
  TIMED_OUT,
  BLOCKED,
  STORM,
  MANUAL_REVIEW,
  CUSTOM
}
