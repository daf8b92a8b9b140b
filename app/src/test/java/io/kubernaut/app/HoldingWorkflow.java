package io.kubernaut.app;

/**
 * The embedded operator of the tests that act while a workflow step runs: the holding test plugin
 * ({@link HoldingAction}, {@code hold_workload}) loaded from a jar in the plugins directory, and an
 * OpenAI-compatible investigator that answers the staging OOMKilled batch with two steps on
 * payments-api: {@code 1} {@code hold_workload}, then {@code 2} {@code increase_resources} after it.
 */
final class HoldingWorkflow {

  static final String PLUGIN = "holding";
  static final String JAR = "holding-action.jar";

  private static final String ANSWER = """
        {"rootCause": "payments-api runs out of memory.", "confidence": 0.95, "evidence": ["OOMKilled 9 times"],
         "recommendations": [
           {"id": "1", "action": "hold_workload",
            "target": {"kind": "Deployment", "namespace": "payments-staging", "name": "payments-api"},
            "parameters": {}, "confidence": 0.95, "risk": "LOW", "rationale": "Hold the rollout first."},
           {"id": "2", "action": "increase_resources",
            "target": {"kind": "Deployment", "namespace": "payments-staging", "name": "payments-api"},
            "parameters": {"memoryFactor": 1.5}, "confidence": 0.95, "risk": "LOW",
            "rationale": "Then raise the memory limit.", "dependsOn": ["1"]}]}""";

  private HoldingWorkflow() {}

  static EmbeddedOperator operator() {
    return EmbeddedOperator.builder().plugin(PLUGIN, JAR, HoldingAction.class).llmAnswering(ANSWER).build();
  }
}
