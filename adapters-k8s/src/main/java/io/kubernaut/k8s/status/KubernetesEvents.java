package io.kubernaut.k8s.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits Kubernetes Events on Kubernaut resources, so that {@code kubectl describe} tells their story. */
public final class KubernetesEvents {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);

  private final KubernetesClient client;

  public KubernetesEvents(KubernetesClient client) {
    this.client = client;
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
    try {
      client.v1().events().inNamespace(object.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(name.toLowerCase(Locale.ROOT)).withNamespace(object.getMetadata().getNamespace()).endMetadata()
          .withNewInvolvedObject().withApiVersion(object.getApiVersion()).withKind(object.getKind())
          .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
          .withUid(object.getMetadata().getUid()).endInvolvedObject()
          .withType(warning ? "Warning" : "Normal").withReason(reason).withMessage(message)
          .withFirstTimestamp(at.toString()).withLastTimestamp(at.toString()).withCount(1)
          .withNewSource().withComponent("kubernaut").endSource()
          .build()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        LOG.debug("Event {} on {} {} was already recorded", reason, object.getKind(), object.getMetadata().getName());
        return;
      }
      LOG.warn("Could not record event {} on {} {}: {}", reason, object.getKind(), object.getMetadata().getName(), e.getMessage());
    }
  }
}
