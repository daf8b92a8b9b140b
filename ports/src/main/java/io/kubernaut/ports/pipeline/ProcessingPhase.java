package io.kubernaut.ports.pipeline;

/** AlertProcessing phases. */
public enum ProcessingPhase { Enriching, Classifying, Routing, Completed, Failed }
