package io.kubernaut.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Runs every architecture rule over the production classes of every module. */
@AnalyzeClasses(packages = "io.kubernaut", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonRulesTest {

  @ArchTest
  static final ArchRule onion = HexagonRules.THE_HEXAGON_IS_AN_ONION_WITH_PORTS_INNERMOST;
  @ArchTest
  static final ArchRule ports = HexagonRules.PORTS_DEPEND_ON_THE_JDK_ONLY;
  @ArchTest
  static final ArchRule core = HexagonRules.THE_CORE_IS_FRAMEWORK_FREE;
  @ArchTest
  static final ArchRule adaptersNotCore = HexagonRules.ADAPTERS_DO_NOT_DEPEND_ON_THE_CORE;
  @ArchTest
  static final ArchRule adaptersApart = HexagonRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER;
  @ArchTest
  static final ArchRule oneDaggerModule = HexagonRules.EACH_ADAPTER_EXPOSES_ONE_PUBLIC_DAGGER_MODULE;
  @ArchTest
  static final ArchRule httpSubModules = HexagonRules.HTTP_CLASSES_BELONG_TO_ONE_SUB_MODULE;
  @ArchTest
  static final ArchRule javalin = HexagonRules.JAVALIN_STAYS_IN_THE_HTTP_API;
  @ArchTest
  static final ArchRule fabric8 = HexagonRules.FABRIC8_STAYS_IN_THE_KUBERNETES_ADAPTER_AND_THE_PLUGINS;
  @ArchTest
  static final ArchRule persistence = HexagonRules.PERSISTENCE_LIBRARIES_STAY_IN_THE_DATABASE_ADAPTER;
  @ArchTest
  static final ArchRule serviceLoader = HexagonRules.ONLY_THE_PLUGIN_HOST_USES_SERVICE_LOADER;
  @ArchTest
  static final ArchRule spi = HexagonRules.THE_SPI_IS_SELF_CONTAINED;
  @ArchTest
  static final ArchRule wallClock = HexagonRules.THE_CORE_NEVER_READS_THE_WALL_CLOCK;
  @ArchTest
  static final ArchRule cycles = HexagonRules.THERE_ARE_NO_PACKAGE_CYCLES;
  @ArchTest
  static final ArchRule streams = HexagonRules.NOTHING_WRITES_TO_STANDARD_STREAMS;
  @ArchTest
  static final ArchRule fieldInjection = HexagonRules.THERE_IS_NO_FIELD_INJECTION;
  @ArchTest
  static final ArchRule caffeine = HexagonRules.CAFFEINE_STAYS_IN_THE_KUBERNETES_ADAPTER;
  @ArchTest
  static final ArchRule compositionRoot = HexagonRules.THE_COMPOSITION_ROOT_IS_NOT_USED_BY_ANYONE;
  @ArchTest
  static final ArchRule drivingPorts = HexagonRules.DRIVING_PORTS_ARE_IMPLEMENTED_IN_THE_CORE;
  @ArchTest
  static final ArchRule drivenPorts = HexagonRules.DRIVEN_PORTS_ARE_IMPLEMENTED_BY_ADAPTERS;
  @ArchTest
  static final ArchRule phaseParsing = HexagonRules.PHASES_ARE_PARSED_ONLY_THROUGH_THE_PHASE_CONTRACT;
  @ArchTest
  static final ArchRule portWrappers = HexagonRules.PORT_WRAPPERS_PASS_ON_EVERY_DEFAULT_METHOD;
}
