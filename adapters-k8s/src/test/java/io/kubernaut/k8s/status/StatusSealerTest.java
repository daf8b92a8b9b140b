package io.kubernaut.k8s.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class StatusSealerTest {

  KubernetesClient client;

  private final StatusSealer sealer = StatusSealer.random();

  @Test
  void aSealedAnalysisVerifiesAfterTheApiServerStoredItAndAfterTheGoApiServersRewriting() throws Exception {
    AIAnalysis stored = client.resource(Resources.analysis()).create();
    stored.setStatus(sealer.seal(stored, analysed()));
    AIAnalysis read = client.resource(stored).updateStatus();
    read = client.resources(AIAnalysis.class).inNamespace(Resources.NS).withName(read.getMetadata().getName()).get();

    assertThat(read.getStatus().getSeal()).startsWith("v1:").hasSize(3 + 43);
    assertThat(sealer.broken(read)).as("read back from the mock API server").isEmpty();
    assertThat(sealer.broken(asTheGoApiServerStoresIt(read, AIAnalysis.class))).as("nulls dropped, integral numbers "
        + "written as integers, keys sorted, as Kubernetes stores a custom resource").isEmpty();
  }

  /**
   * A key rotation: a result sealed under the old key verifies with a sealer that has it retired, which seals
   * with the new key only; a sealer with the new key alone refuses the old seal, and one with the old key alone
   * refuses the new seal.
   */
  @Test
  void aResultSealedBeforeAKeyRotationVerifiesWithTheOldKeyRetiredAndNewSealsUseTheNewKey() {
    byte[] oldKey = "the-old-seal-key-of-at-least-32-bytes!!".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] newKey = "the-new-seal-key-of-at-least-32-bytes!!".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    StatusSealer before = StatusSealer.keyed(oldKey);
    StatusSealer after = StatusSealer.keyed(newKey, List.of(oldKey));
    StatusSealer newOnly = StatusSealer.keyed(newKey);

    AIAnalysis sealedBefore = client.resource(Resources.analysis()).create();
    sealedBefore.setStatus(before.seal(sealedBefore, analysed()));
    assertThat(after.broken(sealedBefore)).as("the old key retired").isEmpty();
    assertThat(newOnly.broken(sealedBefore)).as("the new key alone").isPresent();

    AIAnalysis sealedAfter = new AIAnalysis();
    sealedAfter.setMetadata(sealedBefore.getMetadata());
    sealedAfter.setStatus(after.seal(sealedAfter, analysed()));
    assertThat(newOnly.broken(sealedAfter)).as("sealed with the new key").isEmpty();
    assertThat(before.broken(sealedAfter)).as("not with the retired one").isPresent();
    assertThatThrownBy(() -> StatusSealer.keyed(newKey, List.of(new byte[8])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
  }

  @Test
  void aSealedProcessingVerifiesAfterTheApiServerStoredIt() throws Exception {
    AlertProcessing stored = client.resource(Resources.processing()).create();
    stored.setStatus(sealer.seal(stored, classified()));
    AlertProcessing read = client.resource(stored).updateStatus();

    assertThat(sealer.broken(read)).isEmpty();
    assertThat(sealer.broken(asTheGoApiServerStoresIt(read, AlertProcessing.class))).isEmpty();
  }

  @Test
  void everyResultFieldIsSealedAndTheSharedDescriptiveFieldsAreNot() {
    AIAnalysis analysis = Resources.analysis();
    analysis.getMetadata().setUid("uid-1");
    List<Consumer<AIAnalysisStatus>> forgeries = List.of(
        s -> s.setPhase(AnalysisPhase.Failed),
        s -> s.setConfidence(1.0),
        s -> s.setApprovalRequired(false),
        s -> s.setRecommendOnly(true),
        s -> s.setInvestigator("rules"),
        s -> s.setRootCause("Something else."),
        s -> s.setEvidence(List.of()),
        s -> s.setFallbacks(List.of("holmesgpt: down")),
        s -> s.setDropped(null),
        s -> s.setRecommendations(List.of(restart("1", "checkout"), restart("2", "payments"))),
        s -> s.setRecommendations(List.of(restart("1", "payments"))),
        s -> s.setRecommendations(List.of(new Recommendation("1", "rollout_restart",
            new TargetRef("Deployment", "shop", "checkout"), Map.of("reason", "<b>&amp;"), 0.5, "LOW", "r", List.of()))));
    for (int i = 0; i < forgeries.size(); i++) {
      AIAnalysisStatus status = sealer.seal(analysis, analysed());
      forgeries.get(i).accept(status);
      analysis.setStatus(status);
      assertThat(sealer.broken(analysis)).as("forgery %d", i)
          .contains("its status's seal does not verify (the status was written or changed by someone other than its "
              + "controller, or sealed with another key)");
    }

    AIAnalysisStatus described = sealer.seal(analysis, analysed());
    described.setMessage("Another sentence.");
    described.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False").build()));
    described.setPhaseHistory(List.of(new PhaseTransition("Completed", "2026-12-06T10:00:00Z", "")));
    described.setStartTime("2026-12-06T09:00:00Z");
    described.setCompletionTime("2026-12-06T09:00:01Z");
    described.setObservedGeneration(7L);
    analysis.setStatus(described);
    assertThat(sealer.broken(analysis)).as("what every kind's status shares describes; it decides nothing").isEmpty();
  }

  @Test
  void aSealIsBoundToItsObjectAndItsKey() {
    AIAnalysis one = Resources.analysis();
    one.getMetadata().setUid("uid-1");
    AIAnalysis other = Resources.analysis();
    other.getMetadata().setUid("uid-2");
    other.setStatus(sealer.seal(one, analysed()));
    assertThat(sealer.broken(other)).as("copied onto another object").isPresent();

    one.setStatus(StatusSealer.random().seal(one, analysed()));
    assertThat(sealer.broken(one)).as("sealed with another key").isPresent();

    byte[] key = new byte[32];
    AIAnalysisStatus sealed = StatusSealer.keyed(key).seal(one, analysed());
    one.setStatus(sealed);
    assertThat(StatusSealer.keyed(key.clone()).broken(one)).as("the same key in another replica").isEmpty();
  }

  @Test
  void theResultARemediationJudgedIsTheOneWhoseSealItRecordedNotAnotherItsControllerSealedSince() {
    AIAnalysis analysis = Resources.analysis();
    analysis.getMetadata().setUid("uid-1");
    analysis.setStatus(sealer.seal(analysis, analysed()));
    String judged = analysis.getStatus().getSeal();
    assertThat(sealer.notJudged(analysis, judged)).isEmpty();
    assertThat(sealer.notJudged(analysis, null)).as("nothing recorded yet: a valid seal is enough").isEmpty();

    AIAnalysisStatus again = analysed();
    again.setRecommendations(List.of(restart("1", "payments")));
    analysis.setStatus(sealer.seal(analysis, again));
    assertThat(sealer.broken(analysis)).as("its controller sealed it").isEmpty();
    assertThat(sealer.notJudged(analysis, judged)).contains("its result is not the one its remediation judged: its "
        + "controller sealed another since (its status was cleared and its work done again)");

    analysis.getStatus().setConfidence(0.99);
    assertThat(sealer.notJudged(analysis, judged)).hasValueSatisfying(why -> assertThat(why).contains("does not verify"));
    assertThat(StatusSealer.OFF.notJudged(analysis, judged)).isEmpty();
    analysis.getStatus().setSeal(null);
    assertThat(sealer.notJudged(analysis, null)).as("nothing recorded yet, and no seal").contains("its status carries no seal");
  }

  @Test
  void onlyAnObjectWithAUidIsSealedOrChecked() {
    AIAnalysis unsaved = Resources.analysis();
    assertThatThrownBy(() -> sealer.seal(unsaved, analysed())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has none");
    unsaved.setStatus(analysed());
    assertThat(sealer.broken(unsaved)).contains("it has no uid to check its seal against");
  }

  @Test
  void aMissingOrMalformedSealIsNamed() {
    AIAnalysis analysis = Resources.analysis();
    analysis.getMetadata().setUid("uid-1");
    assertThat(sealer.broken(analysis)).contains("it has no status its controller sealed");
    analysis.setStatus(analysed());
    assertThat(sealer.broken(analysis)).contains("its status carries no seal");
    analysis.getStatus().setSeal("v2:abc");
    assertThat(sealer.broken(analysis)).contains("its status carries a seal of an unknown version");
    analysis.getStatus().setSeal("v1:!!!");
    assertThat(sealer.broken(analysis)).contains("its status carries a seal that is not base64url");
  }

  @Test
  void withoutAKeyNothingIsSealedAndEveryResultIsTrusted() {
    AIAnalysis analysis = Resources.analysis();
    analysis.getMetadata().setUid("uid-1");
    AIAnalysisStatus status = StatusSealer.OFF.seal(analysis, analysed());
    assertThat(status.getSeal()).isNull();
    analysis.setStatus(status);
    assertThat(StatusSealer.OFF.broken(analysis)).isEmpty();
    assertThat(StatusSealer.OFF.enabled()).isFalse();
    assertThat(sealer.enabled()).isTrue();
    assertThatThrownBy(() -> StatusSealer.keyed(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  private static AIAnalysisStatus analysed() {
    AIAnalysisStatus s = new AIAnalysisStatus();
    s.setPhase(AnalysisPhase.Completed);
    s.setInvestigator("llm");
    s.setRootCause("The container exits on start: «OOMKilled» <memory> & more\u2028.");
    s.setEvidence(List.of("7 restarts", "exit code 137"));
    s.setConfidence(0.62);
    s.setApprovalRequired(true);
    s.setRecommendOnly(false);
    s.setRecommendations(List.of(new Recommendation("1", "increase_memory",
        new TargetRef("Deployment", "shop", "checkout"), Map.of("memory", "512Mi", "container", "app", "a", "<&>"),
        0.9, "MEDIUM", "It is OOMKilled.", List.of()), restart("2", "checkout")));
    s.setDropped(List.of(new io.kubernaut.k8s.crd.DroppedRecommendation("drain_node", "OffTargetNode")));
    s.setFallbacks(List.of());
    s.setMessage("Analysed.");
    return s;
  }

  private static Recommendation restart(String id, String name) {
    return new Recommendation(id, "rollout_restart", new TargetRef("Deployment", "shop", name), Map.of(), 1.0, "LOW",
        "restart", List.of());
  }

  private static AlertProcessingStatus classified() {
    AlertProcessingStatus s = new AlertProcessingStatus();
    s.setPhase(ProcessingPhase.Completed);
    s.setEnvironment("production");
    s.setSeverity("critical");
    s.setPriority("P0");
    s.setBusinessCriticality("high");
    s.setPath(RemediationPath.APPROVAL_REQUIRED);
    s.setRoutingReason("production P0 alerts need an approval");
    s.setRollbackStrategy("manual");
    s.setEnrichment(new Enrichment(List.of(new TargetRef("Pod", "shop", "api-1")),
        List.of(new Enrichment.PodState("api-1", "Running", false, 7, "CrashLoopBackOff", "Error", "node-a")),
        List.of(), List.of(), List.of(), null, null, null, Map.of("b", "2", "a", "1"), Map.of(), List.of()));
    return s;
  }

  /**
   * {@code resource} as a Kubernetes API server returns it: decoded into Go's unstructured form and encoded
   * again (nulls of fields the schema does not declare nullable dropped, a number without a fraction written as
   * an integer, object keys sorted).
   */
  private static <T> T asTheGoApiServerStoresIt(T resource, Class<T> kind) throws Exception {
    ObjectMapper json = Serialization.jsonMapper();
    JsonNode tree = json.readTree(json.writeValueAsString(resource));
    return json.treeToValue(rewritten(tree, json), kind);
  }

  private static JsonNode rewritten(JsonNode node, ObjectMapper json) {
    if (node.isObject()) {
      ObjectNode sorted = json.createObjectNode();
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          fields.put(e.getKey(), rewritten(e.getValue(), json));
        }
      }
      fields.forEach(sorted::set);
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode items = json.createArrayNode();
      node.forEach(item -> items.add(rewritten(item, json)));
      return items;
    }
    if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())) {
      return json.getNodeFactory().numberNode(node.longValue());
    }
    return node;
  }
}
