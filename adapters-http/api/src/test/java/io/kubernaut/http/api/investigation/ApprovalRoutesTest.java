package io.kubernaut.http.api.investigation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApprovalRoutesTest {

  private final List<String> decisions = new ArrayList<>();
  private ApiTestServer server;

  @BeforeEach
  void start() {
    server = ApiTestServer.start(new ApprovalRoutes((name, approved, user, reason) -> {
      decisions.add(name + " " + approved + " " + user + " [" + reason + "]");
      return new ApprovalAnswer(ApprovalAnswer.Outcome.RECORDED, "AwaitingApproval");
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
}
