package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's second ValidatingAdmissionPolicy, rendered, and its CEL expressions evaluated with
 * the CEL library against sample admission requests (no API server runs here): only the operator's
 * ServiceAccount creates the pipeline's child kinds and writes the status of Kubernaut resources,
 * in the release's namespace.
 */
class OperatorWritesPolicyTest {

  private static final String OPERATOR = "system:serviceaccount:kubernaut-system:kubernaut";
  private static final String NAME = "kubernaut-operator-writes";

  private final Map<String, Object> policy = ApprovalPolicyTest.spec("ValidatingAdmissionPolicy", NAME);

  @Test
  @SuppressWarnings("unchecked")
  void thePolicyMatchesChildCreatesAndStatusWritesInTheReleasesNamespaceAndItsBindingDenies() {
    assertThat(policy.get("failurePolicy")).isEqualTo("Fail");
    Map<String, Object> match = (Map<String, Object>) policy.get("matchConstraints");
    assertThat(match.get("namespaceSelector")).isEqualTo(Map.of("matchLabels",
        Map.of("kubernetes.io/metadata.name", RenderedChart.NAMESPACE)));
    List<Map<String, Object>> rules = (List<Map<String, Object>>) match.get("resourceRules");
    assertThat(rules).anySatisfy(r -> {
      assertThat(r.get("operations")).isEqualTo(List.of("CREATE"));
      assertThat(r.get("resources")).isEqualTo(List.of("alertprocessings", "aianalyses", "workflowexecutions",
          "kubernetesexecutions"));
    });
    assertThat(rules).anySatisfy(r -> {
      assertThat(r.get("operations")).isEqualTo(List.of("UPDATE"));
      assertThat(r.get("resources")).isEqualTo(List.of("alertremediations/status", "alertprocessings/status",
          "aianalyses/status", "workflowexecutions/status", "kubernetesexecutions/status"));
    });
    assertThat(rules).allSatisfy(r -> assertThat(r.get("apiGroups")).isEqualTo(List.of("kubernaut.io")));
    assertThat(rules).as("creating an AlertRemediation stays with RBAC")
        .noneSatisfy(r -> assertThat((List<String>) r.get("resources")).contains("alertremediations"));
    Map<String, Object> binding = ApprovalPolicyTest.spec("ValidatingAdmissionPolicyBinding", NAME);
    assertThat(binding.get("policyName")).isEqualTo(NAME);
    assertThat(binding.get("validationActions")).isEqualTo(List.of("Deny"));
  }

  @Test
  void theOperatorCreatesAWorkflowAndWritesAStatus() throws Exception {
    assertThat(admits(OPERATOR, "workflowexecutions", "")).isTrue();
    assertThat(admits(OPERATOR, "workflowexecutions", "status")).isTrue();
  }

  @Test
  void anyoneElseCreatingAnExecutionOrWritingAWorkflowsStatusIsDenied() throws Exception {
    assertThat(admits("mallory", "kubernetesexecutions", "")).isFalse();
    assertThat(admits("mallory", "workflowexecutions", "status")).isFalse();
    assertThat(admits("system:serviceaccount:other:kubernaut", "workflowexecutions", "status"))
        .as("another namespace's operator").isFalse();
  }

  @Test
  void theRefusalNamesTheUserTheResourceAndWhatToDoInstead() throws Exception {
    String message = message("mallory", "kubernetesexecutions", "");
    assertThat(message).isEqualTo("Only the Kubernaut operator creates kubernetesexecutions in this namespace; mallory "
        + "may not: the operator builds them from an AlertRemediation that passed its approval and safety gates. Create "
        + "an AlertRemediation, or approve or reject one, instead.");
    assertThat(message("mallory", "workflowexecutions", "status"))
        .startsWith("Only the Kubernaut operator writes the status of workflowexecutions in this namespace; mallory may not");
  }

  private boolean admits(String user, String resource, String subResource) throws Exception {
    Map<String, Object> input = request(user, resource, subResource);
    for (Map<String, Object> validation : validations()) {
      if (!Boolean.TRUE.equals(ApprovalPolicyTest.eval((String) validation.get("expression"), input))) {
        return false;
      }
    }
    return true;
  }

  private String message(String user, String resource, String subResource) throws Exception {
    return ApprovalPolicyTest.eval((String) validations().get(0).get("messageExpression"),
        request(user, resource, subResource)).toString();
  }

  /** The admission request's variables, and the policy's variables evaluated in order as the API server does. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> request(String user, String resource, String subResource) throws Exception {
    Map<String, Object> input = new HashMap<>();
    input.put("object", Map.of("metadata", Map.of("name", "ar-1-workflow")));
    input.put("oldObject", com.google.protobuf.NullValue.NULL_VALUE);
    input.put("request", Map.of("userInfo", Map.of("username", user), "subResource", subResource,
        "resource", Map.of("group", "kubernaut.io", "version", "v1", "resource", resource)));
    Map<String, Object> variables = new LinkedHashMap<>();
    input.put("variables", variables);
    for (Map<String, Object> variable : (List<Map<String, Object>>) policy.get("variables")) {
      variables.put((String) variable.get("name"), ApprovalPolicyTest.eval((String) variable.get("expression"), input));
    }
    return input;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> validations() {
    return (List<Map<String, Object>>) policy.get("validations");
  }
}
