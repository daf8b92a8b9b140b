package io.kubernaut.ports.signal;

/** Whether the source says the problem is still happening. */
public enum SignalStatus {
  FIRING,
  RESOLVED
}
