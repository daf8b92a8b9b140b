package io.kubernaut.ports.in;

import io.kubernaut.ports.processing.ProcessingRequest;
import io.kubernaut.ports.processing.ProcessingResult;

/** Driving port: enrich an alert with cluster context, classify it and choose its route. */
public interface ProcessAlert {
  ProcessingResult process(ProcessingRequest request);
}
