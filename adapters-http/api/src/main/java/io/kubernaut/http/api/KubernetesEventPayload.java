package io.kubernaut.http.api;

/** A core/v1 Event as an event forwarder posts it, with the Kubernetes JSON names. */
record KubernetesEventPayload(
    String apiVersion,
    String kind,
    Metadata metadata,
    InvolvedObject involvedObject,
    String reason,
    String message,
    String type,
    Source source,
    String firstTimestamp,
    String lastTimestamp,
    String eventTime,
    Integer count) {

  record Metadata(String name, String namespace, String uid) {}

  record InvolvedObject(String kind, String namespace, String name, String uid, String apiVersion, String fieldPath) {}

  record Source(String component, String host) {}
}
