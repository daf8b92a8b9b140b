package io.kubernaut.core.classification;

import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;

/**
 * Priority from environment × severity: production+critical P0; production+warning and
 * staging+critical P1; staging+warning P2; development P3; unknown P2. Info lowers by one step.
 */
public final class PriorityMatrix {

  private PriorityMatrix() {}

  public static Priority of(Environment environment, Severity severity) {
    return switch (environment) {
      case PRODUCTION -> switch (severity) {
        case CRITICAL -> Priority.P0;
        case WARNING -> Priority.P1;
        case INFO -> Priority.P2;
      };
      case STAGING -> switch (severity) {
        case CRITICAL -> Priority.P1;
        case WARNING -> Priority.P2;
        case INFO -> Priority.P3;
      };
      case DEVELOPMENT -> Priority.P3;
      case UNKNOWN -> severity == Severity.INFO ? Priority.P3 : Priority.P2;
    };
  }
}
