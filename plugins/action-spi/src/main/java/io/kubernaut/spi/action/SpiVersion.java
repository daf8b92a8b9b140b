package io.kubernaut.spi.action;

/**
 * The version of this SPI, {@code MAJOR.MINOR}. A plugin records the version it was compiled
 * against by passing {@link #CURRENT} to its {@link ActionDescriptor}; because {@code CURRENT} is
 * a compile-time constant, javac copies its value into the plugin's own class file, so the host
 * sees the version the plugin was built for, not the one the host ships.
 *
 * <p>The host accepts a plugin whose major equals the host's and whose minor is not newer than
 * the host's.
 *
 * <p>History:
 * <ul>
 *   <li>{@code 1.6}: {@link ActionEffect#ROLLBACK_DISRUPTS_NODE}: an action whose rollback takes node
 *       capacity away again declares it, and its rollbacks are held to the disruption budget. Only
 *       an action that supports rollback and accepts {@code Node} targets only may declare it. A
 *       new constant: older plugins load unchanged; a plugin that declares it is refused by a 1.5
 *       host, which could not read it.</li>
 *   <li>{@code 1.5}: {@link ActionContext#executionStartedAt()}: when the execution began, before
 *       any of its attempts. A verification tells an object an attempt left behind (a pod
 *       recreated under the same name) from one no attempt reached. A default method (empty):
 *       older plugins load unchanged.</li>
 *   <li>{@code 1.4}: {@link ActionResult#resultingTarget()}: the target as an execution's write
 *       left it; the host hands it to the verification right after that execution as
 *       {@link ActionContext#observedTarget()}, which saves that verification its read. The 1.3
 *       constructor of {@link ActionResult} stays: older plugins load unchanged, report nothing
 *       and verify with a read of their own, as before.</li>
 *   <li>{@code 1.3}: {@link RemediationAction#prepareRollback}: the rollback data read before an
 *       execution changes anything, recorded with its start, so that an execution cut off after
 *       its change can still be rolled back. A default method (empty): older plugins load
 *       unchanged and record rollback data only in their result, as before.</li>
 *   <li>{@code 1.2}: {@link ActionContext#observedTarget()}: the target as the host read it just
 *       before the call (the validation's dry run), so an action need not read it again. A default
 *       method: a 1.0 or 1.1 plugin loads unchanged; a plugin built against 1.2 is refused by a 1.1
 *       host, which does not have the method.</li>
 *   <li>{@code 1.1}: actions describe themselves. {@link ActionDescriptor} gains the access an
 *       action needs ({@link AccessNeed}), its {@link DisruptionClass} and its {@link ActionEffect}s,
 *       with defaults for plugins that do not declare them. A 1.0 plugin loads unchanged on a
 *       1.1 host; a plugin built against 1.1 is refused by a 1.0 host, which could not read them.</li>
 *   <li>{@code 1.0}: the first SPI.</li>
 * </ul>
 */
public final class SpiVersion {

  /** The SPI version of this artifact. */
  public static final String CURRENT = "1.6";

  private SpiVersion() {}

  /**
   * Whether a host that implements {@code hostVersion} can run a plugin built against
   * {@code pluginVersion}: same major, plugin minor not newer than the host's.
   *
   * @param hostVersion the host's SPI version, e.g. {@code 1.6}
   * @param pluginVersion the plugin's declared SPI version, e.g. {@code 1.0}
   * @return true when compatible; false for any malformed version
   */
  public static boolean isCompatible(String hostVersion, String pluginVersion) {
    int[] host = parse(hostVersion);
    int[] plugin = parse(pluginVersion);
    return host != null && plugin != null && host[0] == plugin[0] && plugin[1] <= host[1];
  }

  private static int[] parse(String version) {
    if (version == null || !version.matches("\\d+\\.\\d+")) {
      return null;
    }
    String[] parts = version.split("\\.");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }
}
