package io.kubernaut.k8s.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Emits Kubernetes Events on Kubernaut resources, so that {@code kubectl describe} tells their story.
 * The Event is built from the object as it is when emitted; it is sent at once, or through an
 * {@link EventSender} that sends from a thread of its own.
 */
public final class KubernetesEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);

  /** Sends on the caller's thread. */
  private static final Executor AT_ONCE = Runnable::run;

  private final KubernetesClient client;
  private final Executor sender;

  /** Events sent before {@code emit} returns. */
  public KubernetesEvents(KubernetesClient client) {
    this(client, AT_ONCE);
  }

  KubernetesEvents(KubernetesClient client, Executor sender) {
    this.client = client;
    this.sender = sender;
  }

  /**
   * Events sent from a thread of their own ({@link EventSender}), in the order emitted; {@code emit}
   * returns at once. {@link #close} sends those still waiting.
   */
  public static KubernetesEvents queued(KubernetesClient client) {
    return queued(client, EventSender.THREAD);
  }

  /** Events sent in order from a thread of their own named {@code thread}; {@code emit} returns at once. */
  public static KubernetesEvents queued(KubernetesClient client, String thread) {
    return new KubernetesEvents(client, new EventSender(thread));
  }

  /** The Events dropped so far because too many waited to be sent (never any when sent at once). */
  public long dropped() {
    return sender instanceof EventSender queue ? queue.dropped() : 0;
  }

  /** Sends the Events still waiting, for a few seconds at most, and takes no more (sent at once: nothing to do). */
  @Override
  public void close() {
    if (sender instanceof EventSender queue) {
      queue.close();
    }
  }

  /** Records an event; a failure to record is logged and never fails the reconcile. */
  public void emit(HasMetadata object, boolean warning, String reason, String message, Instant at) {
    create(object, object.getMetadata().getName() + "." + Long.toHexString(at.toEpochMilli())
        + Integer.toHexString(reason.hashCode() & 0xfff), warning, reason, message, at);
  }

  /**
   * Records an event once per {@code key} (a transition, a decision) of this object: its name is
   * derived from the object's uid, creation time and the key, so a reconcile that sees the same transition again
   * finds the event already there and records nothing.
   */
  public void emitOnce(HasMetadata object, String key, boolean warning, String reason, String message, Instant at) {
    // The uid and the creation time tell apart objects of one name (the embedded server derives uids from names).
    String identity = object.getMetadata().getUid() + "/" + object.getMetadata().getCreationTimestamp();
    String suffix = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-") + "-"
        + String.format("%08x", identity.hashCode());
    create(object, object.getMetadata().getName() + "." + suffix, warning, reason, message, at);
  }

  private void create(HasMetadata object, String name, boolean warning, String reason, String message, Instant at) {
    Event event = new EventBuilder()
        .withNewMetadata().withName(name.toLowerCase(Locale.ROOT)).withNamespace(object.getMetadata().getNamespace()).endMetadata()
        .withNewInvolvedObject().withApiVersion(object.getApiVersion()).withKind(object.getKind())
        .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid()).endInvolvedObject()
        .withType(warning ? "Warning" : "Normal").withReason(reason).withMessage(message)
        .withFirstTimestamp(at.toString()).withLastTimestamp(at.toString()).withCount(1)
        .withNewSource().withComponent("kubernaut").endSource()
          .build();
    if (sender == AT_ONCE) {
      send(event); // on the caller's thread, its MDC already set
      return;
    }
    java.util.Map<String, String> context = MDC.getCopyOfContextMap(); // the remediation its log lines name
    sender.execute(() -> {
      java.util.Map<String, String> own = MDC.getCopyOfContextMap();
      if (context != null) {
        MDC.setContextMap(context);
      }
      try {
        send(event);
      } finally {
        if (own != null) {
          MDC.setContextMap(own);
        } else {
          MDC.clear();
        }
      }
    });
  }

  private void send(Event event) {
    ObjectReference about = event.getInvolvedObject();
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (RuntimeException e) {
      if (e instanceof KubernetesClientException k && k.getCode() == 409) {
        LOG.debug("Event {} on {} {} was already recorded", event.getReason(), about.getKind(), about.getName());
        return;
      }
      LOG.warn("Could not record event {} on {} {}: {}", event.getReason(), about.getKind(), about.getName(), e.getMessage());
    }
  }
}
