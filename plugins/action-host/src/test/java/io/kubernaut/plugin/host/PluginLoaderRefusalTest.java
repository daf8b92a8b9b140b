package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.kubernaut.plugin.host.fixtures.FixtureAction;
import io.kubernaut.plugin.host.fixtures.HangingConstructorAction;
import io.kubernaut.plugin.host.fixtures.ThrowingAction;
import io.kubernaut.plugin.host.fixtures.NewerSpiLinkageAction;
import io.kubernaut.plugin.host.fixtures.ThrowingConstructorAction;
import io.kubernaut.plugin.host.fixtures.ThrowingDescriptorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins that hang or throw while loading, and jars that do not match their SHA-256 pins, are left out of start-up. */
class PluginLoaderRefusalTest {

  private static final int BUILTINS = 17;

  @TempDir Path plugins;

  private LoadedActions load(Duration loadTimeout, JarPins pins) {
    return new PluginLoader(getClass().getClassLoader(), loadTimeout, pins).load(plugins);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void pluginsWhoseConstructorHangsOrThrowsOrWhoseDescriptorThrowsAreSkippedWithAWarningAndTheOthersLoad()
      throws Exception {
    PluginJars.examplePlugin(plugins);
    PluginJars.jar(plugins, "hung", new Class<?>[] {FixtureAction.class, HangingConstructorAction.class},
        HangingConstructorAction.class);
    PluginJars.jar(plugins, "crashing", new Class<?>[] {FixtureAction.class, ThrowingConstructorAction.class},
        ThrowingConstructorAction.class);
    // A broken descriptor next to a good action: the whole plugin directory is skipped, not half of it.
    PluginJars.jar(plugins, "undescribed",
        new Class<?>[] {FixtureAction.class, ThrowingAction.class, ThrowingDescriptorAction.class},
        ThrowingAction.class, ThrowingDescriptorAction.class);

    LoadedActions actions;
    long start = System.nanoTime();
    try (CapturedLog log = new CapturedLog(PluginLoader.class)) {
      actions = load(Duration.ofMillis(300), JarPins.NONE);

      assertThat(log.at(Level.WARN))
          .anySatisfy(m -> assertThat(m).contains("Skipping plugin hung").contains("HangingConstructorAction")
              .contains("its constructor did not finish within 300 ms"))
          .anySatisfy(m -> assertThat(m).contains("Skipping plugin crashing")
              .contains("its constructor failed with java.lang.IllegalStateException: no config file"))
          .anySatisfy(m -> assertThat(m).contains("Skipping plugin undescribed")
              .contains("its descriptor() failed with java.lang.UnsupportedOperationException"));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).as("the hung constructor sleeps a minute; start-up waits only for the deadline")
        .isLessThan(Duration.ofSeconds(20));
    assertThat(actions.find("annotate_workload")).as("the example plugin still loads").isPresent();
    assertThat(actions.all()).hasSize(BUILTINS + 1);
    assertThat(actions.find("throwing_action")).as("a plugin loads whole or not at all").isEmpty();
  }

  @Test
  void aPluginThatNeedsAPartOfTheSpiThisHostLacksFailsStartUpAsANewerDeclaredSpiDoes() throws Exception {
    PluginJars.examplePlugin(plugins);
    PluginJars.jar(plugins, "newer", new Class<?>[] {FixtureAction.class, NewerSpiLinkageAction.class},
        NewerSpiLinkageAction.class);

    assertThatThrownBy(() -> load(PluginSettings.DEFAULT_LOAD_TIMEOUT, JarPins.NONE))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("NewerSpiLinkageAction")
        .hasMessageContaining("needs a part of the action SPI this operator does not have")
        .hasMessageContaining("ActionDescriptor.cooldownHint()")
        .hasMessageContaining("rebuild it against");
  }

  @Test
  void aPluginWhoseJarsMatchTheirPinsLoads() throws Exception {
    Path jar = PluginJars.examplePlugin(plugins);

    LoadedActions actions = load(PluginSettings.DEFAULT_LOAD_TIMEOUT,
        JarPins.parse("example/" + jar.getFileName() + "=" + sha256(jar).toUpperCase()));

    assertThat(actions.find("annotate_workload")).isPresent();
  }

  @Test
  void aJarWhoseDigestDiffersFromItsPinIsRefusedWithAnErrorNamingTheJarAndBothDigests() throws Exception {
    Path jar = PluginJars.examplePlugin(plugins);
    String actual = sha256(jar);
    String expected = "0".repeat(64);

    LoadedActions actions;
    try (CapturedLog log = new CapturedLog(PluginLoader.class)) {
      actions = load(PluginSettings.DEFAULT_LOAD_TIMEOUT, JarPins.parse("example/" + jar.getFileName() + "=" + expected));

      assertThat(log.at(Level.ERROR)).singleElement().satisfies(m -> assertThat(m)
          .contains("Refusing plugin example").contains(jar.toString())
          .contains("has SHA-256 " + actual).contains("its pin expects " + expected));
    }
    assertThat(actions.find("annotate_workload")).isEmpty();
    assertThat(actions.all()).hasSize(BUILTINS);
  }

  @Test
  void anUnpinnedJarAddedToAPinnedPluginIsRefused() throws Exception {
    Path jar = PluginJars.examplePlugin(plugins);
    Files.copy(jar, jar.resolveSibling("extra.jar"));

    try (CapturedLog log = new CapturedLog(PluginLoader.class)) {
      LoadedActions actions = load(PluginSettings.DEFAULT_LOAD_TIMEOUT,
          JarPins.parse("example/" + jar.getFileName() + "=" + sha256(jar)));

      assertThat(actions.find("annotate_workload")).isEmpty();
      assertThat(log.at(Level.ERROR)).singleElement().satisfies(m -> assertThat(m)
          .contains("extra.jar has no SHA-256 pin"));
    }
  }

  @Test
  void pinsOfOnePluginLeaveAnotherPluginUnchecked() throws Exception {
    PluginJars.examplePlugin(plugins);
    PluginJars.jar(plugins, "throwing", new Class<?>[] {FixtureAction.class, ThrowingAction.class}, ThrowingAction.class);

    LoadedActions actions = load(PluginSettings.DEFAULT_LOAD_TIMEOUT, JarPins.parse("throwing/throwing.jar=" + "a".repeat(64)));

    assertThat(actions.find("annotate_workload")).isPresent();
    assertThat(actions.find("throwing_action")).isEmpty();
  }

  @Test
  void aMalformedOrRepeatedPinIsRejectedNamingTheEntry() {
    assertThatThrownBy(() -> JarPins.parse("example/acme.jar=abc123"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"example/acme.jar=abc123\"")
        .hasMessageContaining("<plugin>/<jar>.jar=<64 hex digits");
    assertThatThrownBy(() -> JarPins.parse("acme.jar=" + "a".repeat(64)))
        .hasMessageContaining("is not of the form");
    String pin = "example/acme.jar=" + "a".repeat(64);
    assertThatThrownBy(() -> JarPins.parse(pin + ", " + pin)).hasMessageContaining("example/acme.jar is pinned twice");
    assertThat(JarPins.parse(" \n ")).isSameAs(JarPins.NONE);
  }
}
