package io.kubernaut.core.fakes;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.out.Notifier;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link Notifier} that keeps every notification handed to it. */
public final class InMemoryNotifier implements Notifier {

  private final List<Notification> sent = new ArrayList<>();

  @Override
  public synchronized void notify(Notification notification) {
    sent.add(notification);
  }

  public synchronized List<Notification> sent() {
    return new ArrayList<>(sent);
  }
}
