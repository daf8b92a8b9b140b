package io.kubernaut.db;

import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.failure.PermanentException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque position after an event in the stable order (occurredAt, id): base64url of
 * {@code epochSecond:nano:id}.
 *
 * @param occurredAt the last event's time
 * @param id the last event's id
 */
record EventCursor(Instant occurredAt, long id) {

  static EventCursor after(StoredAuditEvent last) {
    return new EventCursor(last.event().occurredAt(), last.id());
  }

  String encode() {
    String raw = occurredAt.getEpochSecond() + ":" + occurredAt.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** @throws PermanentException when the text is not a cursor this adapter issued */
  static EventCursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      if (raw.startsWith(Recorded.PREFIX)) {
        throw new IllegalArgumentException("a cursor of the order of storing");
      }
      String[] parts = raw.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("three parts expected");
      }
      return new EventCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
          Long.parseLong(parts[2]));
    } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
      throw new PermanentException("The cursor '" + text + "' was not issued by this API; start again without it.", e);
    }
  }

  /** Whether the text is a cursor of the order of storing ({@link Recorded}). */
  static boolean isRecorded(String text) {
    try {
      return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).startsWith(Recorded.PREFIX);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The position after an event in the order of storing (recorded_xid, id): base64url of
   * {@code r:<transaction id, or - for a record stored before the order was kept>:<id>}.
   *
   * @param xid the transaction that stored the last event, null for one stored before
   * @param id the last event's id
   */
  record Recorded(String xid, long id) {

    static final String PREFIX = "r:";

    String encode() {
      String raw = PREFIX + (xid == null ? "-" : xid) + ":" + id;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws PermanentException when the text is not such a cursor this adapter issued */
    static Recorded decode(String text) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":");
        if (parts.length != 3 || !parts[0].equals("r")) {
          throw new IllegalArgumentException("r:<xid>:<id> expected");
        }
        String xid = parts[1].equals("-") ? null : Long.toUnsignedString(Long.parseUnsignedLong(parts[1]));
        return new Recorded(xid, Long.parseLong(parts[2]));
      } catch (IllegalArgumentException e) {
        throw new PermanentException("The cursor '" + text + "' was not issued by this API; start again without it.", e);
      }
    }
  }
}
