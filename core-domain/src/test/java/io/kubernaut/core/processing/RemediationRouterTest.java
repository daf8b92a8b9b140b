package io.kubernaut.core.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.pipeline.RoutingPolicy;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.workflow.RollbackStrategy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Routing by environment × priority from the policy in force, and the protected namespaces of safety.yaml. */
class RemediationRouterTest {

  private static final RoutingPolicy CONFIGURED = new RoutingPolicy(RemediationPath.APPROVAL_REQUIRED,
      Map.of(Environment.DEVELOPMENT, RemediationPath.AUTOMATIC, Environment.PRODUCTION, RemediationPath.AUTOMATIC),
      Map.of(Environment.PRODUCTION, Map.of(Priority.P0, RemediationPath.RECOMMEND_ONLY)),
      RollbackStrategy.MANUAL, Map.of(Environment.DEVELOPMENT, RollbackStrategy.NONE));

  private final AtomicReference<PipelinePolicy> policy = new AtomicReference<>(PipelinePolicy.defaults());
  private final RemediationRouter router = new RemediationRouter("kubernaut-system", policy::get);

  private static PipelinePolicy with(RoutingPolicy routing, SafetyPolicy safety) {
    PipelinePolicy d = PipelinePolicy.defaults();
    return new PipelinePolicy(d.timeouts(), d.retention(), d.dryRun(), d.killSwitch(), d.gates(), safety,
        d.stormThresholds(), d.verification(), d.environments(), routing);
  }

  private RemediationRouter.Route route(String namespace, Environment environment, Severity severity, Priority priority) {
    return router.route(namespace, Map.of(), environment, severity, priority);
  }

  @Test
  void theDefaultsRouteAnUnknownEnvironmentToApprovalAndTheRestAutomaticWithAutomaticRollback() {
    assertThat(route("shop", Environment.UNKNOWN, Severity.CRITICAL, Priority.P2).path())
        .isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    for (Environment e : new Environment[] {Environment.PRODUCTION, Environment.STAGING, Environment.DEVELOPMENT}) {
      RemediationRouter.Route r = route("shop", e, Severity.CRITICAL, Priority.P0);
      assertThat(r.path()).as(e.name()).isEqualTo(RemediationPath.AUTOMATIC);
      assertThat(r.rollback()).as(e.name()).isEqualTo(RollbackStrategy.AUTOMATIC);
    }
  }

  @Test
  void aConfiguredPriorityWinsOverItsEnvironmentWhichWinsOverTheDefault() {
    policy.set(with(CONFIGURED, SafetyPolicy.standard()));

    RemediationRouter.Route p0 = route("shop-prod", Environment.PRODUCTION, Severity.CRITICAL, Priority.P0);
    assertThat(p0.path()).isEqualTo(RemediationPath.RECOMMEND_ONLY);
    assertThat(p0.reason()).isEqualTo("production P0 alerts take the RECOMMEND_ONLY path");
    assertThat(route("shop-prod", Environment.PRODUCTION, Severity.WARNING, Priority.P1).path())
        .isEqualTo(RemediationPath.AUTOMATIC);
    assertThat(route("shop-stag", Environment.STAGING, Severity.WARNING, Priority.P2).path())
        .as("staging is named nowhere: the default").isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    assertThat(route("shop-dev", Environment.DEVELOPMENT, Severity.WARNING, Priority.P3).path())
        .isEqualTo(RemediationPath.AUTOMATIC);
  }

  @Test
  void theRollbackStrategyIsTheEnvironmentsElseTheDefault() {
    policy.set(with(CONFIGURED, SafetyPolicy.standard()));

    assertThat(route("shop-dev", Environment.DEVELOPMENT, Severity.WARNING, Priority.P3).rollback())
        .isEqualTo(RollbackStrategy.NONE);
    assertThat(route("shop-prod", Environment.PRODUCTION, Severity.WARNING, Priority.P1).rollback())
        .isEqualTo(RollbackStrategy.MANUAL);
  }

  @Test
  void infoAlertsStayRecommendOnlyWhateverTheRoutingSays() {
    policy.set(with(new RoutingPolicy(RemediationPath.AUTOMATIC, Map.of(), Map.of(), RollbackStrategy.AUTOMATIC, Map.of()),
        SafetyPolicy.standard()));

    assertThat(route("shop-dev", Environment.DEVELOPMENT, Severity.INFO, Priority.P3).path())
        .isEqualTo(RemediationPath.RECOMMEND_ONLY);
  }

  @Test
  void theProtectedNamespacesOfSafetyYamlAreSkippedAndTheOperatorsOwnKubeSystemAndKubePublicAlways() {
    assertThat(route("vault", Environment.PRODUCTION, Severity.CRITICAL, Priority.P0).path())
        .isEqualTo(RemediationPath.AUTOMATIC);

    policy.set(with(RoutingPolicy.defaults(), new SafetyPolicy(SafetyPolicy.standard().fallback(), Map.of(),
        Set.of("vault"))));

    RemediationRouter.Route vault = route("vault", Environment.PRODUCTION, Severity.CRITICAL, Priority.P0);
    assertThat(vault.path()).isEqualTo(RemediationPath.SKIPPED);
    assertThat(vault.reason()).isEqualTo("namespace vault is protected and never remediated");
    assertThat(route("kubernaut-system", Environment.PRODUCTION, Severity.CRITICAL, Priority.P0).path())
        .as("the operator's namespace, though the list replaced the defaults").isEqualTo(RemediationPath.SKIPPED);
    assertThat(route("kube-system", Environment.PRODUCTION, Severity.CRITICAL, Priority.P0).path())
        .as("a list without kube-system does not open it to routing").isEqualTo(RemediationPath.SKIPPED);
    assertThat(route("kube-public", Environment.PRODUCTION, Severity.CRITICAL, Priority.P0).path())
        .isEqualTo(RemediationPath.SKIPPED);
    assertThat(router.route("", Map.of(), Environment.PRODUCTION, Severity.CRITICAL, Priority.P0).path())
        .as("a node alert has no namespace to protect").isEqualTo(RemediationPath.AUTOMATIC);
  }

  @Test
  void aRouteCannotSkipANamespace() {
    assertThatThrownBy(() -> new RoutingPolicy(RemediationPath.SKIPPED, Map.of(), Map.of(), RollbackStrategy.AUTOMATIC,
        Map.of())).hasMessageContaining("automatic, approval-required or recommend-only");
  }
}
