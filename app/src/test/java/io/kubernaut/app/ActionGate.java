package io.kubernaut.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where a test holds {@link HoldingAction} inside its {@code execute}: the action says it has
 * started and waits for the test to open the gate. This class is never packed into the plugin
 * jar, so the plugin's class loader (child-first for everything but the SPI and the JDK) finds it
 * in its parent, the test's class loader: the action and the test share these latches. Public,
 * because the two classes are in different runtime packages.
 */
public final class ActionGate {

  private static volatile CountDownLatch started = new CountDownLatch(1);
  private static volatile CountDownLatch open = new CountDownLatch(1);

  private ActionGate() {}

  /**
   * Called by the action: records that it runs, then waits until the test opens the gate.
   *
   * @param atMost the longest wait, so that a failed test never leaves a thread blocked for good
   * @return whether the gate was opened in time
   */
  public static boolean passAfterOpened(Duration atMost) {
    started.countDown();
    try {
      return open.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the gate has been opened, that is, whether the held action has done its work. */
  public static boolean opened() {
    return open.getCount() == 0;
  }

  /** Waits until an action is held at the gate; false when none arrived within {@code atMost}. */
  static boolean awaitHeld(Duration atMost) throws InterruptedException {
    return started.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the held action (and any later one) through. */
  static void open() {
    open.countDown();
  }

  /**
   * Closes the gate again for the next test class (they share this JVM): the next action waits at it.
   * An action still held at the old gate is let through first.
   */
  static void reset() {
    open.countDown();
    started = new CountDownLatch(1);
    open = new CountDownLatch(1);
  }
}
