package io.kubernaut.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.List;

/** The architecture of Kubernaut, as rules. Each is named as a sentence and says why. */
final class HexagonRules {

  static final String PORTS = "io.kubernaut.ports..";
  static final String CORE = "io.kubernaut.core..";
  static final String K8S = "io.kubernaut.k8s..";
  static final String HTTP = "io.kubernaut.http..";
  static final String HTTP_API = "io.kubernaut.http.api..";
  static final String HTTP_NOTIFY = "io.kubernaut.http.notify..";
  static final String HTTP_LLM = "io.kubernaut.http.llm..";
  static final String HTTP_METRICS = "io.kubernaut.http.metrics..";
  static final String HTTP_VERIFICATION = "io.kubernaut.http.verification..";
  static final String DB = "io.kubernaut.db..";
  static final String PLUGIN_HOST = "io.kubernaut.plugin.host..";
  static final String SPI = "io.kubernaut.spi..";
  static final String ACTIONS = "io.kubernaut.actions..";
  static final String APP = "io.kubernaut.app..";

  private HexagonRules() {}

  static final ArchRule THE_HEXAGON_IS_AN_ONION_WITH_PORTS_INNERMOST = onionArchitecture()
      .domainModels(PORTS)
      .domainServices(CORE)
      .adapter("kubernetes", K8S)
      .adapter("http api", HTTP_API)
      .adapter("http notify", HTTP_NOTIFY)
      .adapter("http llm", HTTP_LLM)
      .adapter("http metrics", HTTP_METRICS)
      .adapter("http verification", HTTP_VERIFICATION)
      .adapter("database", DB)
      .adapter("plugin host", PLUGIN_HOST)
      .withOptionalLayers(true)
      .ignoreDependency(JavaClass.Predicates.resideInAPackage(APP), DescribedPredicate.alwaysTrue())
      .as("the hexagon is an onion with ports innermost")
      .because("the published contract must not know who implements or drives it; only the composition root (app) sees every ring");

  static final ArchRule PORTS_DEPEND_ON_THE_JDK_ONLY = classes().that().resideInAPackage(PORTS)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", PORTS)
      .as("ports depend on the JDK only")
      .because("ports are the contract every module compiles against, and must not drag a framework in");

  static final ArchRule THE_CORE_IS_FRAMEWORK_FREE = classes().that().resideInAPackage(CORE)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", PORTS, CORE)
      .as("the core is framework-free")
      .because("the domain must be testable in milliseconds without mocks, containers or a cluster");

  static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_THE_CORE = noClasses()
      .that().resideInAnyPackage(K8S, HTTP, DB, PLUGIN_HOST)
      .should().dependOnClassesThat().resideInAPackage(CORE)
      .as("adapters do not depend on the core")
      .because("adapters reach the core only through the ports, so the core can change without touching them");

  static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices()
      .assignedFrom(new AdapterSlices())
      .should().notDependOnEachOther()
      .as("adapters do not depend on each other")
      .because("each adapter translates one technology and talks to the others only through the ports");

  static final ArchRule EACH_ADAPTER_EXPOSES_ONE_PUBLIC_DAGGER_MODULE = slices().assignedFrom(new AdapterSlices())
      .should(haveExactlyOnePublicDaggerModule())
      .as("each adapter (each HTTP sub-module too) exposes exactly one public Dagger module")
      .because("the composition root installs an adapter as one module, and everything else in it stays "
          + "package-private");

  static final ArchRule HTTP_CLASSES_BELONG_TO_ONE_SUB_MODULE = classes().that().resideInAPackage(HTTP)
      .should().resideInAnyPackage(HTTP_API, HTTP_NOTIFY, HTTP_LLM, HTTP_METRICS, HTTP_VERIFICATION)
      .as("every HTTP adapter class belongs to one of its sub-modules (api, notify, llm, metrics, verification)")
      .because("adapters-http is a folder of adapters split by role; each has its own slice and onion ring, and a "
          + "class outside them would be checked by neither");

  static final ArchRule JAVALIN_STAYS_IN_THE_HTTP_API = noClasses().that().resideOutsideOfPackage(HTTP_API)
      .should().dependOnClassesThat().resideInAPackage("io.javalin..")
      .as("Javalin stays in the HTTP API adapter")
      .because("the web framework is a detail of the inbound adapter; the outbound HTTP adapters (notifications, "
          + "investigators, metrics, monitoring clients) are clients and must not serve routes");

  static final ArchRule FABRIC8_STAYS_IN_THE_KUBERNETES_ADAPTER_AND_THE_PLUGINS = noClasses()
      .that().resideOutsideOfPackages(K8S, SPI, PLUGIN_HOST, ACTIONS)
      .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..")
      .as("fabric8 and JOSDK stay in the Kubernetes adapter and the plugins")
      .because("the rest of the operator must not care how the API server is reached");

  static final ArchRule PERSISTENCE_LIBRARIES_STAY_IN_THE_DATABASE_ADAPTER = noClasses()
      .that().resideOutsideOfPackage(DB)
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..",
          "org.flywaydb..", "org.postgresql..", "io.zonky..")
      .as("JDBC, HikariCP, Flyway and PostgreSQL stay in the database adapter")
      .because("storage is a detail behind the audit ports");

  static final ArchRule ONLY_THE_PLUGIN_HOST_USES_SERVICE_LOADER = noClasses()
      .that().resideOutsideOfPackage(PLUGIN_HOST)
      .should().dependOnClassesThat().haveFullyQualifiedName("java.util.ServiceLoader")
      .as("only the plugin host uses ServiceLoader")
      .because("plugin discovery, class loaders and SPI version checks must happen in one place");

  static final ArchRule THE_SPI_IS_SELF_CONTAINED = classes().that().resideInAPackage(SPI)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SPI, "io.fabric8..", "org.slf4j..")
      .as("the action SPI is self-contained")
      .because("plugin authors compile against the SPI alone and must not depend on Kubernaut's internals");

  static final ArchRule THE_CORE_NEVER_READS_THE_WALL_CLOCK = noClasses().that().resideInAPackage(CORE)
      .should().callMethodWhere(readsTheWallClock())
      .as("the core never reads the wall clock")
      .because("time is injected, so every decision can be replayed and tested deterministically");

  static final ArchRule THERE_ARE_NO_PACKAGE_CYCLES = slices().matching("io.kubernaut.(*)..")
      .should().beFreeOfCycles()
      .as("there are no package cycles")
      .because("cycles make modules impossible to understand, test or split");

  static final ArchRule NOTHING_WRITES_TO_STANDARD_STREAMS = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
      .as("nothing writes to System.out or System.err")
      .because("logs go through SLF4J with the remediation id in the MDC");

  static final ArchRule THERE_IS_NO_FIELD_INJECTION = GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION
      .as("there is no field injection")
      .because("constructor injection with final fields keeps objects complete and immutable");

  static final ArchRule CAFFEINE_STAYS_IN_THE_KUBERNETES_ADAPTER = noClasses().that().resideOutsideOfPackage(K8S)
      .should().dependOnClassesThat().resideInAPackage("com.github.benmanes.caffeine..")
      .as("Caffeine stays in the Kubernetes adapter")
      .because("the dedup cache is only a fast path in front of the API server, never a source of truth");

  static final ArchRule THE_COMPOSITION_ROOT_IS_NOT_USED_BY_ANYONE = noClasses().that().resideOutsideOfPackage(APP)
      .should().dependOnClassesThat().resideInAPackage(APP)
      .as("nothing depends on the composition root")
      .because("the app module wires everything and must stay a leaf");

  static final ArchRule DRIVING_PORTS_ARE_IMPLEMENTED_IN_THE_CORE = classes()
      .that().implement(JavaClass.Predicates.resideInAPackage("io.kubernaut.ports.in.."))
      .should().resideInAPackage(CORE)
      .as("driving ports are implemented in the core")
      .because("a use case is domain behaviour; an adapter only drives it, so every decision stays testable without I/O");

  static final ArchRule DRIVEN_PORTS_ARE_IMPLEMENTED_BY_ADAPTERS = classes()
      .that().implement(JavaClass.Predicates.resideInAPackage("io.kubernaut.ports.out.."))
      .and().areNotAnonymousClasses().and().areNotMemberClasses()
      // The one pure implementation: the rule engine is the investigator of last resort and does no I/O.
      .and().doNotHaveFullyQualifiedName("io.kubernaut.core.analysis.RuleInvestigator")
      .should().resideInAnyPackage(K8S, HTTP, DB, PLUGIN_HOST, APP)
      .as("driven ports are implemented by adapters")
      .because("the core asks for I/O through a port and must never perform it itself; only adapters (and the "
          + "composition root's glue) talk to the outside world; the rule engine, a pure investigator, is the one exception");

  static final ArchRule PORT_WRAPPERS_PASS_ON_EVERY_DEFAULT_METHOD = classes()
      .that().implement(JavaClass.Predicates.resideInAPackage(PORTS))
      .should(passOnTheDefaultMethodsOfThePortsTheyWrap())
      .as("a class that wraps a port passes on every default method of it")
      .because("a wrapper (redaction, a kill switch) that leaves a default method to the interface answers the "
          + "default instead of what it wraps: ActionRunner.mostWaitingCallers left to its default of 0 would "
          + "silently take the reconcile threads that hanging plugin calls need");

  /**
   * For each port interface a class implements and also holds in a field (it wraps another
   * implementation of it), every default method of that interface is declared by the class itself.
   */
  private static ArchCondition<JavaClass> passOnTheDefaultMethodsOfThePortsTheyWrap() {
    return new ArchCondition<>("declare every default method of a port it holds in a field") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaClass port : type.getAllRawInterfaces()) {
          if (!port.getPackageName().startsWith("io.kubernaut.ports")) {
            continue;
          }
          boolean wraps = type.getFields().stream().anyMatch(f -> f.getRawType().equals(port));
          if (!wraps) {
            continue;
          }
          for (com.tngtech.archunit.core.domain.JavaMethod method : port.getMethods()) {
            boolean isDefault = !method.getModifiers().contains(JavaModifier.ABSTRACT)
                && !method.getModifiers().contains(JavaModifier.STATIC);
            List<String> parameters = method.getRawParameterTypes().stream().map(JavaClass::getName).toList();
            boolean declared = type.getMethods().stream().anyMatch(m -> m.getName().equals(method.getName())
                && m.getRawParameterTypes().stream().map(JavaClass::getName).toList().equals(parameters));
            if (isDefault && !declared) {
              events.add(SimpleConditionEvent.violated(type, type.getName() + " wraps " + port.getSimpleName()
                  + " but leaves its default method " + method.getName() + " to the interface"));
            }
          }
        }
      }
    };
  }

  static final ArchRule PHASES_ARE_PARSED_ONLY_THROUGH_THE_PHASE_CONTRACT = noClasses()
      .that().resideOutsideOfPackage(PORTS)
      .should().callMethodWhere(parsesAPhaseByValueOf())
      .as("phases are parsed only through Phase.parse")
      .because("a phase name in a hand-made or older status must read as unknown (null), never throw or be compared as a string");

  private static DescribedPredicate<JavaCall<?>> parsesAPhaseByValueOf() {
    return new DescribedPredicate<>("parse a phase enum with valueOf") {
      @Override
      public boolean test(JavaCall<?> call) {
        return call.getName().equals("valueOf") && call.getTargetOwner().isAssignableTo("io.kubernaut.ports.pipeline.Phase");
      }
    };
  }

  private static ArchCondition<Slice> haveExactlyOnePublicDaggerModule() {
    return new ArchCondition<>("have exactly one public Dagger module") {
      @Override
      public void check(Slice slice, ConditionEvents events) {
        List<String> modules = slice.stream()
            .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && c.isAnnotatedWith("dagger.Module"))
            .map(JavaClass::getName).sorted().toList();
        if (modules.size() != 1) {
          events.add(SimpleConditionEvent.violated(slice, slice.getDescription() + " has " + modules.size()
              + " public Dagger modules: " + modules));
        }
      }
    };
  }

  private static DescribedPredicate<JavaCall<?>> readsTheWallClock() {
    return new DescribedPredicate<>("read the wall clock") {
      @Override
      public boolean test(JavaCall<?> call) {
        String owner = call.getTargetOwner().getFullName();
        String name = call.getName();
        boolean timeNow = name.equals("now") && owner.startsWith("java.time.");
        boolean systemClock = owner.equals("java.time.Clock") && name.startsWith("system");
        boolean systemTime = owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime"));
        return timeNow || systemClock || systemTime;
      }
    };
  }
}
