package io.kubernaut.k8s.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock that stands still until a test moves it, or moves by a fixed step at every read. */
public final class MovableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final Duration perRead;

  public MovableClock(Instant start) {
    this(start, Duration.ZERO);
  }

  /** A clock at {@code start} for its first read and {@code perRead} later at each read after it. */
  public MovableClock(Instant start, Duration perRead) {
    this.now = new AtomicReference<>(start);
    this.perRead = perRead;
  }

  /** Sets the clock to {@code at}. */
  public void set(Instant at) {
    now.set(at);
  }

  /** Moves the clock forward by {@code by}. */
  public void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return perRead.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(perRead));
  }
}
