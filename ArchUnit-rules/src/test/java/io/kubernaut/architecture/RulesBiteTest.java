package io.kubernaut.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the rules can fail: they are run against deliberately bad classes and must report them. */
class RulesBiteTest {

  private static JavaClasses badClasses;

  @BeforeAll
  static void importBadExamples() {
    badClasses = new ClassFileImporter().importPackages("io.kubernaut.core.badexample");
    assertThat(badClasses).isNotEmpty();
  }

  @Test
  void wallClockRuleReportsACoreClassThatCallsInstantNow() {
    EvaluationResult result = HexagonRules.THE_CORE_NEVER_READS_THE_WALL_CLOCK.evaluate(badClasses);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("WallClockDecider") && d.contains("now"));
  }

  @Test
  void frameworkFreeCoreRuleReportsACoreClassThatUsesAnAdapterType() {
    EvaluationResult result = HexagonRules.THE_CORE_IS_FRAMEWORK_FREE.evaluate(badClasses);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("AdapterReacher") && d.contains("HttpSettings"));
  }

  @Test
  void standardStreamsRuleReportsSystemOut() {
    EvaluationResult result = HexagonRules.NOTHING_WRITES_TO_STANDARD_STREAMS.evaluate(badClasses);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("System.out"));
  }

  @Test
  void adaptersApartRuleReportsOneHttpSubModuleReachingIntoAnother() {
    JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.kubernaut.http");
    assertThat(HexagonRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.evaluate(production).hasViolation()).isFalse();

    JavaClasses withBadNotifier = new ClassFileImporter().importPackages("io.kubernaut.http.notify.badexample",
        "io.kubernaut.http.api");
    EvaluationResult result = HexagonRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.evaluate(withBadNotifier);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("RouteServingNotifier") && d.contains("RouteGroup"));
  }

  @Test
  void onionRuleReportsOneHttpSubModuleReachingIntoAnother() {
    JavaClasses withBadNotifier = new ClassFileImporter().importPackages("io.kubernaut.http.notify.badexample",
        "io.kubernaut.http.api");
    EvaluationResult result = HexagonRules.THE_HEXAGON_IS_AN_ONION_WITH_PORTS_INNERMOST.evaluate(withBadNotifier);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("RouteServingNotifier"));
  }

  @Test
  void javalinRuleReportsJavalinOutsideTheHttpApi() {
    EvaluationResult result = HexagonRules.JAVALIN_STAYS_IN_THE_HTTP_API
        .evaluate(new ClassFileImporter().importPackages("io.kubernaut.http.notify.badexample"));
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("RouteServingNotifier") && d.contains("io.javalin"));
  }

  @Test
  void oneDaggerModuleRuleReportsASecondPublicModuleInAnHttpSubModule() {
    JavaClasses notify = new ClassFileImporter().importPackages("io.kubernaut.http.notify");
    EvaluationResult result = HexagonRules.EACH_ADAPTER_EXPOSES_ONE_PUBLIC_DAGGER_MODULE.evaluate(notify);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("2 public Dagger modules") && d.contains("SecondNotifyModule")
            && d.contains("NotificationModule"));
  }

  @Test
  void subModuleRuleReportsAnHttpClassOutsideEverySubModule() {
    EvaluationResult result = HexagonRules.HTTP_CLASSES_BELONG_TO_ONE_SUB_MODULE
        .evaluate(new ClassFileImporter().importPackages("io.kubernaut.http.badexample"));
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("StrayHttpAdapter"));
  }

  @Test
  void onionRuleReportsTheCoreReachingIntoAnAdapter() {
    JavaClasses withAdapter = new ClassFileImporter().importPackages("io.kubernaut.core.badexample", "io.kubernaut.http");
    EvaluationResult result = HexagonRules.THE_HEXAGON_IS_AN_ONION_WITH_PORTS_INNERMOST.evaluate(withAdapter);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("AdapterReacher"));
  }

  @Test
  void drivenPortRuleReportsACoreClassThatImplementsAnAuditTrail() {
    EvaluationResult result = HexagonRules.DRIVEN_PORTS_ARE_IMPLEMENTED_BY_ADAPTERS.evaluate(badClasses);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("FileAuditTrail"));
  }

  @Test
  void drivingPortRuleReportsAnAdapterThatDecidesAWorkflowItself() {
    JavaClasses adapter = new ClassFileImporter().importPackages("io.kubernaut.k8s.badexample");
    EvaluationResult result = HexagonRules.DRIVING_PORTS_ARE_IMPLEMENTED_IN_THE_CORE.evaluate(adapter);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("ShortcutConductor"));
  }

  @Test
  void phaseParsingRuleReportsValueOfOnAPhaseEnum() {
    JavaClasses adapter = new ClassFileImporter().importPackages("io.kubernaut.k8s.badexample");
    EvaluationResult result = HexagonRules.PHASES_ARE_PARSED_ONLY_THROUGH_THE_PHASE_CONTRACT.evaluate(adapter);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("ExecutionPhase.valueOf"));
  }

  @Test
  void portWrapperRuleReportsAWrapperThatLeavesDefaultMethodsToTheInterface() {
    JavaClasses adapter = new ClassFileImporter().importPackages("io.kubernaut.k8s.badexample");
    EvaluationResult result = HexagonRules.PORT_WRAPPERS_PASS_ON_EVERY_DEFAULT_METHOD.evaluate(adapter);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("ForgetfulActionRunner") && d.contains("mostWaitingCallers"))
        .anyMatch(d -> d.contains("ForgetfulActionRunner") && d.contains("hasRoomFor"))
        .noneMatch(d -> d.contains("prepareRollback"));
  }
}
