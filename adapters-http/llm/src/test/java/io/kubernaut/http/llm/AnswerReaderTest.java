package io.kubernaut.http.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.signal.TargetRef;
import org.junit.jupiter.api.Test;

/** How an LLM's target is read: the namespace the schema leaves optional defaults to the alert's. */
class AnswerReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TargetRef ALERT = new TargetRef("Deployment", "shop-prod", "checkout");

  private static TargetRef read(String json) throws Exception {
    return AnswerReader.target(JSON.readTree(json), ALERT);
  }

  @Test
  void aTargetWithoutANamespaceLiesInTheAlertsNamespace() throws Exception {
    assertThat(read("{\"kind\": \"Pod\", \"name\": \"checkout-1\"}")).isEqualTo(new TargetRef("Pod", "shop-prod", "checkout-1"));
    assertThat(read("\"Deployment/checkout\"")).isEqualTo(ALERT);
    assertThat(read("{\"kind\": \"Pod\", \"namespace\": \"other\", \"name\": \"x\"}"))
        .as("a namespace given is kept; the scope check refuses it").isEqualTo(new TargetRef("Pod", "other", "x"));
  }

  /**
   * Only a target left out stands for the alert's: one given that names no object (a bare name, too many parts, an
   * object without a name, a list, a number) is read without a kind, and validation drops it, never acting on the
   * alert's target in its stead.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"\"payments-api\"", "\"Deployment/shop/payments/v2\"",
      "\"\"", "\"Deployment/\"", "\"/checkout\"", "{\"kind\": \"Deployment\"}", "{\"kind\": \"Deployment\", \"name\": \"\"}",
      "[\"Deployment\", \"shop-prod\", \"payments-api\"]", "42", "true"})
  void aTargetGivenThatNamesNoObjectIsNeverTheAlertsTarget(String json) throws Exception {
    TargetRef read = read(json);

    assertThat(read).isNotEqualTo(ALERT);
    assertThat(read.kind()).as("no kind: validation drops it (INVALID_TARGET)").isEmpty();
  }

  @Test
  void aTargetLeftOutIsTheAlertsTarget() throws Exception {
    assertThat(read("null")).isEqualTo(ALERT);
    assertThat(AnswerReader.target(null, ALERT)).isEqualTo(ALERT);
    assertThat(read("\"Node//worker-2\"")).isEqualTo(new TargetRef("Node", "", "worker-2"));
  }

  @Test
  void aClusterScopedTargetHasNoNamespace() throws Exception {
    assertThat(read("{\"kind\": \"Namespace\", \"name\": \"shop-prod\"}")).isEqualTo(new TargetRef("Namespace", "", "shop-prod"));
    assertThat(read("{\"kind\": \"Node\", \"name\": \"worker-2\"}")).isEqualTo(new TargetRef("Node", "", "worker-2"));
    assertThat(read("\"Node/worker-2\"")).isEqualTo(new TargetRef("Node", "", "worker-2"));
  }
}
