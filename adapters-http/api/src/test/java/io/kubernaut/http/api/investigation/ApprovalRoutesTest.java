package io.kubernaut.http.api.investigation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import io.kubernaut.ports.failure.ConflictException;
import io.kubernaut.ports.failure.PermanentException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApprovalRoutesTest {

  private static final Instant DEADLINE = Instant.parse("2026-12-02T07:15:00Z");
  private final List<String> decisions = new ArrayList<>();
  private ApiTestServer server;

  @BeforeEach
  void start() {
    server = ApiTestServer.start(new ApprovalRoutes((name, approved, user, reason) -> {
      return switch (name) {
        case "rolling" -> {
          decisions.add(name + " " + approved + " " + user + " [" + reason + "]");
          yield new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, "Executing", ApprovalAnswer.Subject.ROLLBACK,
              DEADLINE, null);
        }
        case "idle" -> new ApprovalAnswer(ApprovalAnswer.Outcome.NOT_AWAITING_APPROVAL, "Executing");
        case "churning" -> throw new ConflictException("The Kubernetes API server refused to record the approval "
            + "decision on AlertRemediation churning because the object changed after it was read (HTTP 409)", null);
        case "forbidden" -> throw new PermanentException("The Kubernetes API server refused to record the approval "
            + "decision on AlertRemediation forbidden (HTTP 403): patch is forbidden");
        case "late" -> new ApprovalAnswer(ApprovalAnswer.Outcome.EXPIRED, "Executing", ApprovalAnswer.Subject.ROLLBACK,
            DEADLINE, null);
        case "overdue" -> new ApprovalAnswer(ApprovalAnswer.Outcome.EXPIRED, "AwaitingApproval",
            ApprovalAnswer.Subject.WORKFLOW, DEADLINE, null);
        case "decided" -> new ApprovalAnswer(ApprovalAnswer.Outcome.ALREADY_DECIDED, "Executing",
            ApprovalAnswer.Subject.ROLLBACK, DEADLINE, "approved by alice");
        default -> {
          decisions.add(name + " " + approved + " " + user + " [" + reason + "]");
          yield new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, "AwaitingApproval");
        }
      };
    }, new ObjectMapper()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theReasonOfTheBodyIsRecordedWithTheDecisionAndEchoed() throws Exception {
    HttpResponse<String> response = server.post("/api/v1/remediations/crash/reject",
        "{\"reason\": \"  Not during the sale  \"}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(new ObjectMapper().readTree(response.body()).path("reason").asText()).isEqualTo("Not during the sale");
    assertThat(decisions).containsExactly("crash false admin-token [Not during the sale]");
  }

  @Test
  void aDecisionWithoutBodyOrReasonIsRecordedWithAnEmptyReason() {
    assertThat(server.post("/api/v1/remediations/crash/approve", "{}").statusCode()).isEqualTo(202);
    assertThat(server.post("/api/v1/remediations/crash/approve", "").statusCode()).isEqualTo(202);
    assertThat(decisions).containsExactly("crash true admin-token []", "crash true admin-token []");
  }

  @Test
  void aReasonThatIsNotOneLineOfTextIsRefusedWith400AndNothingIsRecorded() {
    for (String body : List.of("{\"reason\": 42}", "{\"reason\": \"two\\nlines\"}", "[\"reason\"]", "not json",
        "{\"reason\": \"" + "x".repeat(ApprovalRoutes.MAX_REASON + 1) + "\"}")) {
      HttpResponse<String> response = server.post("/api/v1/remediations/crash/approve", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
    }
    assertThat(decisions).isEmpty();
  }

  @Test
  void approvingARemediationWhoseRollbackAwaitsADecisionAnswersThatItRollsBack() throws Exception {
    HttpResponse<String> response = server.post("/api/v1/remediations/rolling/approve", "{\"reason\": \"still paging\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.path("subject").asText()).isEqualTo("rollback");
    assertThat(body.path("decision").asText()).isEqualTo("approved");
    assertThat(body.path("message").asText()).contains("rolls the workflow's steps back");
    assertThat(decisions).containsExactly("rolling true admin-token [still paging]");
  }

  @Test
  void rejectingARollbackAnswersThatTheStepsStayInEffect() throws Exception {
    HttpResponse<String> response = server.post("/api/v1/remediations/rolling/reject", "{\"reason\": \"fixed by hand\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.path("subject").asText()).isEqualTo("rollback");
    assertThat(body.path("message").asText()).contains("keeps the steps in effect");
  }

  @Test
  void aDecisionWhenNothingIsPendingIsRefusedWith409ProblemNamingBothQuestions() throws Exception {
    JsonNode problem = problem(server.post("/api/v1/remediations/idle/approve", "{}"), 409);

    assertThat(problem.path("detail").asText()).contains("AlertRemediation idle is Executing")
        .contains("neither approval of its workflow").contains("rolling back");
  }

  @Test
  void aRollbackDecisionAfterItExpiredIsRefusedWith409ProblemSayingWhen() throws Exception {
    JsonNode problem = problem(server.post("/api/v1/remediations/late/reject", "{}"), 409);

    assertThat(problem.path("detail").asText()).contains("expired at 2026-12-02T07:15:00Z")
        .contains("steps stay in effect");
  }

  @Test
  void anApprovalAfterTheRemediationsApprovalExpiredIsRefusedWith409ProblemSayingWhenAndThatNothingRuns()
      throws Exception {
    JsonNode problem = problem(server.post("/api/v1/remediations/overdue/approve", "{}"), 409);

    assertThat(problem.path("detail").asText()).startsWith("The approval of AlertRemediation overdue expired at "
        + "2026-12-02T07:15:00Z").contains("its workflow does not run").doesNotContain("rolling back");
  }

  @Test
  void aSecondRollbackDecisionIsRefusedWith409ProblemNamingTheFirst() throws Exception {
    JsonNode problem = problem(server.post("/api/v1/remediations/decided/reject", "{}"), 409);

    assertThat(problem.path("detail").asText()).contains("already decided (approved by alice)");
  }

  @Test
  void anAlertRemediationThatKeptChangingIsRefusedWith409AskingToReadItAgain() throws Exception {
    JsonNode problem = problem(server.post("/api/v1/remediations/churning/approve", "{}"), 409);

    assertThat(problem.path("detail").asText()).contains("kept changing").contains("read it again and retry");
  }

  @Test
  void aWriteTheApiServerRefusesForAnotherReasonIsA502NamingTheServiceAccount() throws Exception {
    JsonNode problem = problem(server.post("/api/v1/remediations/forbidden/reject", "{}"), 502);

    assertThat(problem.path("detail").asText()).contains("HTTP 403").contains("service account")
        .doesNotContain("kept changing");
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
        assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = new ObjectMapper().readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isEqualTo(status == 409 ? "Conflict" : "Bad Gateway");
    return problem;
  }
}
