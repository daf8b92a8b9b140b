package io.kubernaut.ports.remediation;

import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.pipeline.WorkflowPhase;

/**
 * A remediation's place in the pipeline. At most {@code limit} remediations of a replica's shard
 * work at once (processing, analysing, or executing steps); one that would start beyond that waits
 * in Pending, oldest first, and starts when a place frees. Waiting on a person (an approval) or on
 * time (a workflow's monitoring) holds no place.
 *
 * @param held whether this remediation holds a place, or may start now
 * @param working the remediations that hold a place, this one included once it holds one
 * @param limit the places there are; 0 for no limit
 * @param ahead the remediations that wait ahead of this one
 */
public record PipelinePlace(boolean held, int working, int limit, int ahead) {

  /** The place of every remediation when there is no limit. */
  public static final PipelinePlace UNLIMITED = new PipelinePlace(true, 0, 0, 0);

  public PipelinePlace {
    if (working < 0 || limit < 0 || ahead < 0) {
      throw new IllegalArgumentException("working, limit and ahead are counts: " + working + ", " + limit + ", " + ahead);
    }
  }

  /**
   * Whether a remediation in {@code phase}, whose workflow (if any) is in {@code workflowPhase},
   * holds a place: it processes, analyses, or executes its workflow's steps. Pending, awaiting
   * approval, a workflow that monitors (or has ended) and every ending hold none.
   */
  public static boolean holds(RemediationPhase phase, Phase workflowPhase) {
    if (phase == null) {
      return false;
    }
    return switch (phase) {
      case Processing, Analyzing -> true;
      case Executing -> workflowPhase == null || !workflowPhase.isTerminal() && workflowPhase != WorkflowPhase.Monitoring;
      default -> false;
    };
  }
}
