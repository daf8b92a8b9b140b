package io.kubernaut.ports.pipeline;

/** AIAnalysis phases. */
public enum AnalysisPhase { Investigating, Analyzing, Recommending, Completed, Failed }
