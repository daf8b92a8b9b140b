package io.kubernaut.k8s.crd;

/**
 * A status whose result the pipeline acts on, sealed by the controller that wrote it
 * ({@code io.kubernaut.k8s.status.StatusSealer}): AlertProcessing's classification and route,
 * AIAnalysis's recommendations and gates.
 */
public interface SealedStatus {

  /** The seal: {@code v1:} and the base64url of an HMAC-SHA256; null before the result is written. */
  String getSeal();

  void setSeal(String seal);
}
