package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.KubernautLabels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's ValidatingAdmissionPolicy, rendered, and its CEL expressions evaluated with the CEL
 * library against sample admission requests (no API server runs here): setting or changing
 * {@code kubernaut.io/approval} needs {@code kubernaut.io/approval-by} to name the requesting user,
 * except for the operator's ServiceAccount, which records API approvals.
 */
class ApprovalPolicyTest {

  private static final String OPERATOR = "system:serviceaccount:kubernaut-system:kubernaut";
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN).addVar("request", SimpleType.DYN)
      .addVar("variables", SimpleType.DYN).build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final Map<String, Object> policy = spec("ValidatingAdmissionPolicy", "kubernaut-approval-by");

  /** The spec of the rendered object of {@code kind} named {@code name}, as plain maps. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(String kind, String name) {
    List<HasMetadata> rendered = RenderedChart.withValues().ofKind(kind).stream()
        .filter(o -> name.equals(o.getMetadata().getName())).toList();
    assertThat(rendered).as(kind + " " + name).hasSize(1);
    Map<String, Object> object = Serialization.jsonMapper().convertValue(rendered.get(0), Map.class);
    return (Map<String, Object>) object.get("spec");
  }

  @Test
  void thePolicyMatchesAlertRemediationWritesAndItsBindingDenies() {
    assertThat(policy.get("failurePolicy")).isEqualTo("Fail");
    assertThat(policy.get("matchConstraints").toString()).contains("alertremediations", "CREATE", "UPDATE", "kubernaut.io");
    Map<String, Object> binding = spec("ValidatingAdmissionPolicyBinding", "kubernaut-approval-by");
    assertThat(binding.get("policyName")).isEqualTo("kubernaut-approval-by");
    assertThat(binding.get("validationActions")).isEqualTo(List.of("Deny"));
  }

  @Test
  void approvingInYourOwnNameIsAllowed() throws Exception {
    assertThat(admits("alice", annotations(), annotations("approved", "alice"))).isTrue();
  }

  @Test
  void approvingInSomeoneElsesNameOrInNoNameIsDenied() throws Exception {
    assertThat(admits("mallory", annotations(), annotations("approved", "alice"))).isFalse();
    assertThat(admits("mallory", annotations(), annotations("approved", null))).isFalse();
  }

  @Test
  void changingOnlyTheDeciderOfAnExistingApprovalIsDeniedUnlessItNamesYou() throws Exception {
    assertThat(admits("mallory", annotations("rejected", "alice"), annotations("rejected", "bob"))).isFalse();
    assertThat(admits("mallory", annotations("rejected", "alice"), annotations("rejected", "mallory"))).isTrue();
  }

  @Test
  void creatingARemediationThatCarriesAnApprovalIsDeniedUnlessItNamesYou() throws Exception {
    assertThat(admits("mallory", null, annotations("approved", "alice"))).isFalse();
    assertThat(admits("mallory", null, annotations(null, null))).isTrue();
  }

  @Test
  void unrelatedChangesAndTheOperatorRecordingAnApiApprovalAreAllowed() throws Exception {
    Map<String, String> decided = annotations("approved", "alice");
    assertThat(admits("bob", decided, withExtra(decided, "team", "payments"))).as("approval unchanged").isTrue();
    assertThat(admits("bob", decided, annotations(null, null))).as("removing an approval").isTrue();
    assertThat(admits(OPERATOR, annotations(), annotations("approved", "system:serviceaccount:oncall:pager"))).isTrue();
  }

  @Test
  void onlyTheOperatorMarksADecisionAsGivenThroughTheApi() throws Exception {
    Map<String, String> viaApi = withExtra(annotations("approved", "mallory"), KubernautLabels.APPROVAL_VIA, "api");
    assertThat(admits("mallory", annotations(), viaApi)).isFalse();
    assertThat(admits(OPERATOR, annotations(), withExtra(annotations("approved", "alice"), KubernautLabels.APPROVAL_VIA,
        "api"))).isTrue();
  }

  @Test
  void aKubectlDecisionReplacingAnApiOneMustDropTheApiMark() throws Exception {
    Map<String, String> viaApi = withExtra(annotations("approved", "alice"), KubernautLabels.APPROVAL_VIA, "api");
    assertThat(admits("bob", viaApi, withExtra(annotations("rejected", "bob"), KubernautLabels.APPROVAL_VIA, "api")))
        .as("bob's kubectl rejection would be recorded as given through the API").isFalse();
    assertThat(admits("bob", viaApi, annotations("rejected", "bob"))).as("dropping the mark").isTrue();
    assertThat(admits("bob", viaApi, withExtra(viaApi, "team", "payments"))).as("an unrelated change keeps it").isTrue();
    assertThat(admits(OPERATOR, viaApi, withExtra(annotations("rejected", "carol"), KubernautLabels.APPROVAL_VIA, "api")))
        .as("the operator recording an API decision").isTrue();
  }

  @Test
  void aKubectlRollbackDecisionReplacingAnApiOneMustDropTheApiMark() throws Exception {
    Map<String, String> asked = annotations("approved", "alice");
    Map<String, String> viaApi = withExtra(withRollback(asked, "approved", "alice"), KubernautLabels.ROLLBACK_APPROVAL_VIA,
        "api");
    assertThat(admits("bob", viaApi, withExtra(withRollback(asked, "rejected", "bob"),
        KubernautLabels.ROLLBACK_APPROVAL_VIA, "api"))).isFalse();
    assertThat(admits("bob", viaApi, withRollback(asked, "rejected", "bob"))).isTrue();
  }

  @Test
  void aRollbackDecisionMustNameItsDeciderToo() throws Exception {
    Map<String, String> asked = annotations("approved", "alice");
    assertThat(admits("bob", asked, withRollback(asked, "approved", "bob"))).as("in your own name").isTrue();
    assertThat(admits("mallory", asked, withRollback(asked, "approved", "bob"))).as("in someone else's").isFalse();
    assertThat(admits("mallory", asked, withRollback(asked, "rejected", null))).as("in no name").isFalse();
    Map<String, String> decided = withRollback(asked, "approved", "bob");
    assertThat(admits("mallory", decided, withRollback(asked, "rejected", "bob"))).as("changing bob's").isFalse();
    assertThat(admits("carol", decided, withExtra(decided, "team", "payments"))).as("unrelated change").isTrue();
    assertThat(admits(OPERATOR, asked, withRollback(asked, "approved", "alice"))).as("the operator").isTrue();
  }

  @Test
  void onlyTheOperatorMarksARollbackDecisionAsGivenThroughTheApi() throws Exception {
    Map<String, String> asked = annotations("approved", "alice");
    Map<String, String> viaApi = withExtra(withRollback(asked, "approved", "mallory"),
        KubernautLabels.ROLLBACK_APPROVAL_VIA, "api");
    assertThat(admits("mallory", asked, viaApi)).as("a user claiming the API channel").isFalse();
    assertThat(admits(OPERATOR, asked, withExtra(withRollback(asked, "approved", "alice"),
        KubernautLabels.ROLLBACK_APPROVAL_VIA, "api"))).as("the operator recording an API decision").isTrue();
    assertThat(admits("bob", viaApi, withRollback(asked, "rejected", "bob"))).as("a kubectl decision dropping the mark")
        .isTrue();
  }

  @Test
  void theRollbackRefusalMessageNamesTheUser() throws Exception {
    Map<String, String> asked = annotations("approved", "alice");
    Object message = eval((String) validations().get(2).get("messageExpression"), request("mallory", asked,
        withRollback(asked, "approved", "bob")));
    assertThat(message.toString()).contains("rollback-approval-by must name you (mallory)");
  }

  private static Map<String, String> withRollback(Map<String, String> base, String decision, String decider) {
    Map<String, String> a = new HashMap<>(base);
    a.put(KubernautLabels.ROLLBACK_APPROVAL, decision);
    if (decider != null) {
      a.put(KubernautLabels.ROLLBACK_APPROVAL_BY, decider);
    }
    return a;
  }

  @Test
  void theRefusalMessageNamesTheUser() throws Exception {
    Map<String, Object> validation = validations().get(0);
    Object message = eval((String) validation.get("messageExpression"), request("mallory", annotations(),
        annotations("approved", "alice")));
    assertThat(message.toString()).contains("approval-by must name you (mallory)")
        .contains("kubernaut.io/approval-by=mallory");
  }

  private boolean admits(String user, Map<String, String> old, Map<String, String> now) throws Exception {
    Map<String, Object> input = request(user, old, now);
    for (Map<String, Object> validation : validations()) {
      if (!Boolean.TRUE.equals(eval((String) validation.get("expression"), input))) {
        return false;
      }
    }
    return true;
  }

  /** The admission request's variables, and the policy's variables evaluated in order as the API server does. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> request(String user, Map<String, String> old, Map<String, String> now) throws Exception {
    Map<String, Object> input = new HashMap<>();
    input.put("object", object(now));
    input.put("oldObject", old == null ? com.google.protobuf.NullValue.NULL_VALUE : object(old));
    input.put("request", Map.of("userInfo", Map.of("username", user)));
    Map<String, Object> variables = new LinkedHashMap<>();
    input.put("variables", variables);
    for (Map<String, Object> variable : (List<Map<String, Object>>) policy.get("variables")) {
      variables.put((String) variable.get("name"), eval((String) variable.get("expression"), input));
    }
    return input;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> validations() {
    return (List<Map<String, Object>>) policy.get("validations");
  }

  static Object eval(String expression, Map<String, Object> input) throws Exception {
    var compiled = COMPILER.compile(expression);
    return RUNTIME.createProgram(compiled.getAst()).eval(input);
  }

  private static Map<String, Object> object(Map<String, String> annotations) {
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("name", "ar-1");
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    return Map.of("metadata", metadata);
  }

  private static Map<String, String> annotations() {
    return Map.of();
  }

  private static Map<String, String> annotations(String decision, String decider) {
    Map<String, String> a = new HashMap<>();
    a.put("app", "checkout");
    if (decision != null) {
      a.put(KubernautLabels.APPROVAL, decision);
    }
    if (decider != null) {
      a.put(KubernautLabels.APPROVAL_BY, decider);
    }
    return a;
  }

  private static Map<String, String> withExtra(Map<String, String> base, String key, String value) {
    Map<String, String> a = new HashMap<>(base);
    a.put(key, value);
    return a;
  }
}
