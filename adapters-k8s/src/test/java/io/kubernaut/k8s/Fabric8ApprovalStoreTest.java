package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import io.kubernaut.ports.failure.ConflictException;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approval store's guarded write when the controller changes the AlertRemediation between the
 * store's read and its patch: it reads again and decides on what it then finds, never on the state
 * it read first.
 */
@EnableKubernetesMockClient
class Fabric8ApprovalStoreTest {

  private static final String NS = "kubernaut-system";
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String AR = "/apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/alertremediations/ar-1";
  private static final String WORKFLOWS = "/apis/kubernaut.io/v1alpha1/namespaces/" + NS
      + "/workflowexecutions?labelSelector=kubernaut.io%2Fremediation%3Dar-1";

  KubernetesMockServer server;
  KubernetesClient client;

  private final List<JsonNode> patches = new CopyOnWriteArrayList<>();
  /** The remediation's WorkflowExecutions as JSON, comma-separated; none by default. */
  private final AtomicReference<String> workflows = new AtomicReference<>("");
  /** The AlertRemediation as the API server holds it. */
  private final AtomicReference<AlertRemediation> stored = new AtomicReference<>();
  /** The controller's writes, one landing just before each of the store's next patches. */
  private final Deque<UnaryOperator<AlertRemediation>> controllerWrites = new ConcurrentLinkedDeque<>();

  @BeforeEach
  void serveTheRemediation() {
    stored.set(remediation("41", RemediationPhase.AwaitingApproval));
    server.expect().get().withPath(AR).andReply(200, request -> stored.get()).always();
    server.expect().get().withPath(WORKFLOWS).andReply(200, request -> "{\"apiVersion\":\"kubernaut.io/v1alpha1\","
        + "\"kind\":\"WorkflowExecutionList\",\"items\":[" + workflows.get() + "]}").always();
    server.expect().patch().withPath(AR).andReply(new GuardedPatch()).always();
  }

  @Test
  void aStatusWriteBetweenTheReadAndThePatchIsReadAgainAndTheDecisionRecordedOnTheNewVersion() {
    controllerWrites.add(ar -> ar);

    ApprovalAnswer answer = store().decide("ar-1", true, "alice", "checked the dashboard");

    assertThat(answer.outcome()).isEqualTo(ApprovalAnswer.Outcome.RECORDED);
    assertThat(patches).extracting(p -> p.path("metadata").path("resourceVersion").asText())
        .as("each patch is guarded by the version it was checked against").containsExactly("41", "42");
    assertThat(patches.get(1).path("metadata").path("annotations").path("kubernaut.io/approval").asText())
        .isEqualTo("approved");
  }

  @Test
  void whenTheRemediationMovedOnMeanwhileTheDecisionIsRefusedAsNothingAwaitsIt() {
    controllerWrites.add(ar -> {
      ar.getStatus().setPhase(RemediationPhase.Failed);
      return ar;
    });

    ApprovalAnswer answer = store().decide("ar-1", true, "alice", "");

    assertThat(answer.outcome()).isEqualTo(ApprovalAnswer.Outcome.NOT_AWAITING_APPROVAL);
    assertThat(answer.phase()).isEqualTo("Failed");
    assertThat(patches).as("no decision written on a Failed remediation").hasSize(1);
  }

  @Test
  void aRemediationThatKeepsChangingIsRefusedAfterTheLastAttempt() {
    for (int i = 0; i < Fabric8ApprovalStore.ATTEMPTS; i++) {
      controllerWrites.add(ar -> ar);
    }

    assertThatThrownBy(() -> store().decide("ar-1", false, "alice", ""))
        .isInstanceOf(ConflictException.class).hasMessageContaining("HTTP 409");
    assertThat(patches).hasSize(Fabric8ApprovalStore.ATTEMPTS);
  }

  @Test
  void aDecisionTheControllerHasNotActedOnYetIsNotReplacedByAnotherPersonsOrTheOtherAnswer() {
    stored.get().getMetadata().setAnnotations(Map.of("kubernaut.io/approval", "rejected",
        "kubernaut.io/approval-by", "alice"));

    ApprovalAnswer bob = store().decide("ar-1", true, "bob", "looks fine");
    ApprovalAnswer aliceAgain = store().decide("ar-1", true, "alice", "");
    ApprovalAnswer retry = store().decide("ar-1", false, "alice", "");

    assertThat(bob.outcome()).isEqualTo(ApprovalAnswer.Outcome.ALREADY_DECIDED);
    assertThat(bob.subject()).isEqualTo(ApprovalAnswer.Subject.WORKFLOW);
    assertThat(bob.decidedBy()).isEqualTo("rejected by alice");
    assertThat(aliceAgain.outcome()).as("alice changing her own answer is a change too").isEqualTo(
        ApprovalAnswer.Outcome.ALREADY_DECIDED);
    assertThat(retry.outcome()).as("the same answer again (a retried request)").isEqualTo(ApprovalAnswer.Outcome.RECORDED);
    assertThat(patches).as("nothing written").isEmpty();

    stored.get().getMetadata().setAnnotations(Map.of("kubernaut.io/approval", "yes"));
    assertThat(store().decide("ar-1", true, "bob", "").outcome())
        .as("a value the controller does not read as a decision does not block one").isEqualTo(
            ApprovalAnswer.Outcome.RECORDED);
  }

  @Test
  void aRollbackAnnotationTheControllerDoesNotReadAsADecisionDoesNotBlockOne() {
    Instant asked = Instant.now().minusSeconds(60);
    stored.get().getStatus().setPhase(RemediationPhase.Executing);
    workflows.set("{\"apiVersion\":\"kubernaut.io/v1alpha1\",\"kind\":\"WorkflowExecution\",\"metadata\":"
        + "{\"name\":\"ar-1-workflow\",\"namespace\":\"" + NS + "\",\"labels\":{\"kubernaut.io/remediation\":\"ar-1\"}},"
        + "\"status\":{\"phase\":\"Monitoring\",\"rollbackApprovalRequestedAt\":\"" + asked + "\","
        + "\"rollbackApprovalExpiresAt\":\"" + asked.plusSeconds(900) + "\"}}");
    stored.get().getMetadata().setAnnotations(Map.of("kubernaut.io/rollback-approval", "yes",
        "kubernaut.io/rollback-approval-by", "mallory"));

    ApprovalAnswer bob = store().decide("ar-1", true, "bob", "");

    assertThat(bob.outcome()).as("'yes' is no decision the controller reads, so bob's is recorded")
        .isEqualTo(ApprovalAnswer.Outcome.RECORDED);
    assertThat(patches).singleElement().satisfies(p -> assertThat(p.path("metadata").path("annotations")
        .path("kubernaut.io/rollback-approval").asText()).isEqualTo("approved"));

    stored.get().getMetadata().setAnnotations(Map.of("kubernaut.io/rollback-approval", "Rejected",
        "kubernaut.io/rollback-approval-by", "alice"));
    ApprovalAnswer carol = store().decide("ar-1", true, "carol", "");
    assertThat(carol.outcome()).as("a decision in any case blocks another until the controller has seen it")
        .isEqualTo(ApprovalAnswer.Outcome.ALREADY_DECIDED);
    assertThat(carol.decidedBy()).isEqualTo("rejected by alice");

    patches.clear();
    ApprovalAnswer aliceAgain = store().decide("ar-1", false, "alice", "");
    assertThat(aliceAgain.outcome()).as("alice's own answer again, its response lost: a retry, not someone else's")
        .isEqualTo(ApprovalAnswer.Outcome.RECORDED);
    assertThat(aliceAgain.subject()).isEqualTo(ApprovalAnswer.Subject.ROLLBACK);
    assertThat(patches).as("nothing to write").isEmpty();
    assertThat(store().decide("ar-1", true, "alice", "").outcome()).as("her other answer is a change")
        .isEqualTo(ApprovalAnswer.Outcome.ALREADY_DECIDED);
  }

  /**
   * The same person's same answer given again with another reason, before the controller acted: the reason is written,
   * so that the answer never says a reason the record does not hold. Before, it answered 202 with the new reason and
   * wrote nothing.
   */
  @Test
  void aReasonGivenAgainWithTheSameAnswerIsWrittenNotOnlyAnswered() {
    stored.get().getMetadata().setAnnotations(Map.of("kubernaut.io/approval", "approved",
        "kubernaut.io/approval-by", "alice"));

    ApprovalAnswer withReason = store().decide("ar-1", true, "alice", "CHG-42");

    assertThat(withReason.outcome()).isEqualTo(ApprovalAnswer.Outcome.RECORDED);
    assertThat(patches).singleElement().satisfies(p -> assertThat(p.path("metadata").path("annotations")
        .path("kubernaut.io/approval-reason").asText()).isEqualTo("CHG-42"));
  }

  /** The remediation awaiting approval, whose controller wrote that its approval expires at {@code expires}. */
  private void awaiting(String expires) {
    AlertRemediation ar = remediation("41", RemediationPhase.AwaitingApproval);
    ar.getStatus().setApprovalExpiresAt(expires);
    stored.set(ar);
  }

  private ApprovalAnswer decideAtNow() {
    return new Fabric8ApprovalStore(client, NS, Clock.fixed(NOW, ZoneOffset.UTC)).decide("ar-1", true, "alice", "");
  }

  @Test
  void anApprovalFromTheExpiryItsControllerWroteOnIsRefusedAsExpiredAndNotWritten() {
    awaiting(NOW.minusSeconds(60).toString());

    ApprovalAnswer answer = decideAtNow();

    assertThat(answer.outcome()).isEqualTo(ApprovalAnswer.Outcome.EXPIRED);
    assertThat(answer.subject()).isEqualTo(ApprovalAnswer.Subject.WORKFLOW);
    assertThat(answer.deadline()).isEqualTo(NOW.minusSeconds(60));
    assertThat(patches).as("the controller would ignore it: nothing written").isEmpty();

    awaiting(NOW.toString());
    assertThat(decideAtNow().outcome()).as("at the expiry itself").isEqualTo(ApprovalAnswer.Outcome.EXPIRED);
  }

  @Test
  void anApprovalBeforeTheExpiryOrWithoutOneInStatusIsRecorded() {
    awaiting(NOW.plusSeconds(1).toString());
    assertThat(decideAtNow().outcome()).isEqualTo(ApprovalAnswer.Outcome.RECORDED);

    awaiting(null);
    assertThat(decideAtNow().outcome()).as("a status written before the field existed").isEqualTo(
        ApprovalAnswer.Outcome.RECORDED);
    awaiting("soon");
    assertThat(decideAtNow().outcome()).as("not a time: the controller judges").isEqualTo(ApprovalAnswer.Outcome.RECORDED);
    assertThat(patches).hasSize(3);
  }

  @Test
  void theKubectlPluginsStoreRefusesAnExpiredApprovalToo() {
    awaiting(Instant.now().minusSeconds(60).toString());

    assertThat(Fabric8ApprovalStore.forKubectl(client, NS).decide("ar-1", true, "alice", "").outcome())
        .isEqualTo(ApprovalAnswer.Outcome.EXPIRED);
    assertThat(patches).isEmpty();
  }

  private Fabric8ApprovalStore store() {
    return new Fabric8ApprovalStore(client, NS, Clock.systemUTC());
  }

  /** The remediation with its resourceVersion advanced, as after any write. */
  private static AlertRemediation next(AlertRemediation ar) {
    long version = Long.parseLong(ar.getMetadata().getResourceVersion());
    ar.getMetadata().setResourceVersion(String.valueOf(version + 1));
    return ar;
  }

  private static AlertRemediation remediation(String resourceVersion, RemediationPhase phase) {
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder().withName("ar-1").withNamespace(NS).withResourceVersion(resourceVersion)
        .build());
    AlertRemediationStatus status = new AlertRemediationStatus();
    status.setPhase(phase);
    ar.setStatus(status);
    return ar;
  }
  /**
   * The API server's answer to a merge patch carrying a resourceVersion: the controller's next write
   * lands first, then the patch is applied (200) or, when its version is no longer the stored one,
   * refused with the 409 Status a real API server sends.
   */
  private final class GuardedPatch implements ResponseProvider<Object> {
    private final Map<RecordedRequest, Map.Entry<Integer, Object>> answers = Collections.synchronizedMap(new IdentityHashMap<>());
    private Headers headers = new Headers.Builder().build();

    @Override
    public int getStatusCode(RecordedRequest request) {
      return answer(request).getKey();
    }

    @Override
    public Object getBody(RecordedRequest request) {
      return answer(request).getValue();
    }

    private Map.Entry<Integer, Object> answer(RecordedRequest request) {
      return answers.computeIfAbsent(request, r -> {
        JsonNode patch = Serialization.unmarshal(r.getUtf8Body(), JsonNode.class);
        patches.add(patch);
        UnaryOperator<AlertRemediation> write = controllerWrites.poll();
        if (write != null) {
          stored.set(next(write.apply(stored.get())));
        }
        AlertRemediation current = stored.get();
        if (!current.getMetadata().getResourceVersion().equals(patch.path("metadata").path("resourceVersion").asText())) {
          return Map.entry(409, new StatusBuilder().withCode(409).withReason("Conflict").withStatus("Failure")
              .withMessage("Operation cannot be fulfilled on alertremediations.kubernaut.io \"ar-1\": the object has "
                  + "been modified; please apply your changes to the latest version and try again").build());
        }
        return Map.entry(200, current);
      });
    }

    @Override
    public Headers getHeaders() {
      return headers;
    }

    @Override
    public void setHeaders(Headers headers) {
      this.headers = headers;
    }
  }
}
