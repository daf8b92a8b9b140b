package io.kubernaut.k8s.safety;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the safety envelope must still know of executions that no longer exist. Its rules (cooldown,
 * repeated failures, oscillation, failed verifications, actions per hour, nodes Kubernaut cordoned)
 * read their history from the KubernetesExecutions that exist; deleting a remediation, by hand or by
 * retention, deletes its executions, and with them what those rules would still have held against
 * the next remediation of the same target. Before a remediation's executions are deleted, this keeper
 * writes the records that can still change a verdict into ConfigMap {@value #NAME} in the operator's
 * namespace, each until a horizon after its end: the longer of the longest safety window and the
 * retention, so that a remediation deleted by hand counts as long as retention would have kept it,
 * and one deleted by retention as long as the windows look back; {@link DisruptionLedger#count}
 * counts them beside the executions that exist.
 *
 * <p>The ConfigMap is written only with the resourceVersion it was read with (a conflict reads it
 * again), so replicas and shards that delete at once keep each other's records. Each record is keyed
 * by its execution's uid: a later remediation of the same name, whose executions have the same names,
 * is another record. A kept record names its remediation as deleted, so the next remediation of the
 * same name is not taken for the one that ran it.
 */
public final class HistoryKeeper {

  /** The ConfigMap in the operator's namespace that holds the kept records, one data entry per execution. */
  public static final String NAME = "kubernaut-safety-history";
  /** What a kept record's remediation is suffixed with: the remediation it served is gone. */
  static final String DELETED = " (deleted)";
  /** The most the records may take in the ConfigMap (the API server refuses objects over 1 MiB). */
  static final int MAX_BYTES = 512 * 1024;
  private static final int ATTEMPTS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(HistoryKeeper.class);

  private final SafetyInformers cluster;
  private final BiFunction<String, String, ActionImpact> impact;
  private final Clock clock;
  /** The ConfigMap, and the version this keeper wrote last: the cache may not show it yet when the executions are gone. */
  private final GuardedConfigMap configMap;
  /** By namespace, the version last parsed and its records: it changes once per deletion, and is read per check. */
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(ConfigMap history, Map<String, Kept> records) {}

  /**
   * One execution as kept, with what {@link ExecutionRecord} needs but the impact, which is looked up
   * in the catalog when it is counted.
   *
   * @param uid the execution's uid, the record's key with its name
   * @param until when it stops counting
   * @param rollback whether it was a rollback that took a node again; written only when true, so that a
   *     step's record reads as it did before (an older replica fails on a field it does not know, and would
   *     drop the record), and read as false when absent
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Kept(String uid, String execution, String remediation, String fingerprint, String action, String kind,
      String namespace, String name, Map<String, String> parameters, Map<String, String> rollbackData,
      ExecutionRecord.State state, Instant startedAt, Instant completedAt, boolean failedVerification,
      Instant until, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean rollback) {

    String key() {
      return execution + "." + uid;
    }

    Kept withFailedVerification() {
      return new Kept(uid, execution, remediation, fingerprint, action, kind, namespace, name, parameters, rollbackData,
          state, startedAt, completedAt, true, until, rollback);
    }

    ExecutionRecord record(BiFunction<String, String, ActionImpact> impact) {
      return new ExecutionRecord(execution, remediation, fingerprint, action, impact.apply(action, kind).ofRollbackIf(rollback),
          new TargetRef(kind, namespace == null ? "" : namespace, name), parameters, rollbackData, state, startedAt,
          completedAt, failedVerification, rollback);
    }

    /** Whether it can still change a verdict at {@code now}. */
    boolean counts(Instant now) {
      return until.isAfter(now);
    }
  }

  /** A keeper that reads and writes through {@code cluster}, looking up impacts with {@code impact}. */
  public HistoryKeeper(SafetyInformers cluster, BiFunction<String, String, ActionImpact> impact, Clock clock) {
    this.cluster = cluster;
    this.impact = impact;
    this.clock = clock;
    this.configMap = new GuardedConfigMap(cluster.client(), NAME,
        "What the safety rules still count of executions deleted with their remediation; do not edit.");
  }

  /**
   * Keeps the records of {@code executions} (remediation {@code ns/remediation}'s, read fresh) that
   * still count within {@code horizon} after their end, before they are deleted. Left out: dry runs;
   * rollbacks, which count only while they run, except one that took a node again (it made an attempt
   * and its action declares {@code ROLLBACK_DISRUPTS_NODE}: its hour's slot and its node still count
   * for the disruption budget); and executions under way that never called their action; one under way whose action was called may have taken effect, and is
   * kept as {@link ExecutionRecord.State#INTERRUPTED}, ended at its step's deadline (now, if that has
   * passed): its call may run until then, and it holds its target meanwhile. Nothing is written when the
   * ConfigMap already holds the same records. Returns how many are kept.
   *
   * @param failedVerification whether the remediation's workflow failed its verification (read before it was deleted)
   * @throws RetryableException when the ConfigMap kept changing: the caller must not delete the executions yet
   */
  public int keep(String ns, String remediation, List<KubernetesExecution> executions, boolean failedVerification,
      Duration horizon) {
    Instant now = clock.instant();
    List<KubernetesExecution> all = executions.stream().filter(k -> k.getSpec() != null)
        .filter(k -> remediation.equals(remediationOf(k))).toList();
    if (all.isEmpty()) {
      return 0;
    }
    Set<String> undone = all.stream().filter(k -> k.getSpec().rollback() && DisruptionLedger.phase(k) == ExecutionPhase.Completed)
        .map(k -> k.getSpec().getRollbackOf()).collect(Collectors.toSet());
    List<Kept> wanted = all.stream()
        .filter(k -> !Boolean.TRUE.equals(k.getSpec().getDryRun()) && actedOrEnded(k)
            && (!k.getSpec().rollback() || DisruptionLedger.disruptedANode(k, impact)))
        .map(k -> kept(k, DisruptionLedger.record(k, undone.contains(k.getMetadata().getName()), impact,
            failedVerification, false), now, horizon))
        .filter(k -> k.counts(now)).toList();
    if (wanted.isEmpty()) {
      return 0;
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      ConfigMap history = attempt == 1 ? latest(ns) : cluster.freshConfigMap(ns, NAME);
      Map<String, Kept> before = recordsOf(ns, history);
      List<Kept> merged = wanted.stream().map(k -> before.containsKey(k.key()) ? merge(before.get(k.key()), k) : k)
          .toList();
      if (merged.stream().allMatch(k -> k.equals(before.get(k.key())))) {
        return merged.size(); // kept already (a retry, or the second read of a deletion)
      }
      Map<String, Kept> records = new TreeMap<>(before);
      records.values().removeIf(k -> !k.counts(now));
      merged.forEach(k -> records.put(k.key(), k));
      trim(records);
      if (write(ns, history, records)) {
        long kept = merged.stream().filter(k -> records.containsKey(k.key())).count();
        LOG.info("Kept {} execution records of remediation {} in ConfigMap {} for the safety rules, each until {} "
            + "after its end", kept, remediation, NAME, horizon);
        return (int) kept;
      }
    }
    throw new RetryableException("ConfigMap " + ns + "/" + NAME + " kept changing during " + ATTEMPTS
        + " attempts to keep the execution records of remediation " + remediation
        + "; its executions are deleted once they are kept.");
  }

  /**
   * The kept records in {@code ns} that count at {@code now}, leaving out those whose execution
   * (by uid) is in {@code existing}: an execution still there is counted as itself.
   */
  List<ExecutionRecord> records(String ns, Set<String> existing, BiFunction<String, String, ActionImpact> impactOf,
      Instant now) {
    Map<String, Kept> records = recordsOf(ns, latest(ns));
    if (records.isEmpty()) {
      return List.of();
    }
    List<ExecutionRecord> counted = new ArrayList<>();
    records.values().stream().filter(k -> !existing.contains(k.uid()) && k.counts(now))
        .forEach(k -> counted.add(k.record(impactOf)));
    return counted;
  }

  /**
   * The record {@code next} read of an execution already kept as {@code old}: the second read of a
   * deletion, or a retry, may know less than the first. A failed verification stays (the workflow
   * that told it may be gone), a failure stays a failure (the rollback that undid it may be gone),
   * and an interrupted action keeps the end first written (a retry does not push its cooldown on).
   */
  private static Kept merge(Kept old, Kept next) {
    if (old.state() == ExecutionRecord.State.FAILED && next.state() != ExecutionRecord.State.FAILED
        || old.state() == ExecutionRecord.State.INTERRUPTED && next.state() == ExecutionRecord.State.INTERRUPTED) {
      return old.failedVerification() || !next.failedVerification() ? old : old.withFailedVerification();
    }
    return old.failedVerification() && !next.failedVerification() ? next.withFailedVerification() : next;
  }

  private static String remediationOf(KubernetesExecution k) {
    RemediationRef ref = k.getSpec().getRemediationRef();
    return ref == null ? null : ref.getName();
  }

  /**
   * Whether {@code k} ended (it counts as it ended, as it would have until retention) or, under way,
   * called its action (its start mark or an attempt): one under way that never called it did nothing.
   */
  private static boolean actedOrEnded(KubernetesExecution k) {
    ExecutionPhase phase = DisruptionLedger.phase(k);
    var status = k.getStatus();
    return phase != null && phase.isTerminal() || DisruptionLedger.attempted(k)
        || status != null && status.getAttempts() != null && status.getAttempts() > 0;
  }

  private Kept kept(KubernetesExecution k, ExecutionRecord r, Instant now, Duration horizon) {
    boolean running = r.state() == ExecutionRecord.State.ACTIVE;
    ExecutionRecord.State state = running ? ExecutionRecord.State.INTERRUPTED : r.state();
    // Its end (the operator's clock), which every window runs from but the hourly budget's, which runs from its
    // creation (the API server's clock): that comes first, and the hour is within the longest window when it is set.
    // An interrupted call may run on until its step's deadline: that is its end, and until then it holds its target.
    Instant deadline = running ? k.deadline() : null;
    Instant completed = running ? (deadline != null && deadline.isAfter(now) ? deadline : now)
        : r.completedAt() == null ? now : r.completedAt();
    return new Kept(k.getMetadata().getUid() == null ? k.getMetadata().getName() : k.getMetadata().getUid(), r.name(),
        r.remediation() + DELETED, r.fingerprint(), r.action(), r.target().kind(), r.target().namespace(),
        r.target().name(), r.parameters(), r.rollbackData(), state, r.startedAt(), completed, r.failedVerification(),
        completed.plus(horizon), r.rollback());
  }

  /** Drops the records that stop counting soonest until the rest fit in {@link #MAX_BYTES}. */
  private static void trim(Map<String, Kept> records) {
    long bytes = records.entrySet().stream().mapToLong(e -> bytes(e.getKey(), e.getValue())).sum();
    if (bytes <= MAX_BYTES) {
      return;
    }
    List<Map.Entry<String, Kept>> soonest = records.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, Kept> e) -> e.getValue().until())).toList();
    int dropped = 0;
    for (Map.Entry<String, Kept> e : soonest) {
      if (bytes <= MAX_BYTES) {
        break;
      }
      bytes -= bytes(e.getKey(), e.getValue());
      records.remove(e.getKey());
      dropped++;
    }
    LOG.warn("ConfigMap {} would exceed {} bytes: dropped the {} kept execution records that stop counting soonest",
        NAME, MAX_BYTES, dropped);
  }

  private static long bytes(String key, Kept k) {
    return key.getBytes(StandardCharsets.UTF_8).length + Serialization.asJson(k).getBytes(StandardCharsets.UTF_8).length;
  }

  /** The version of {@code ns}'s ConfigMap this keeper wrote last, when the cache does not show it yet; else the cache's. */
  private ConfigMap latest(String ns) {
    return configMap.latest(ns, cluster.configMap(ns, NAME));
  }

  /** The records in {@code history}, parsed once per version; unreadable entries are skipped. */
  private Map<String, Kept> recordsOf(String ns, ConfigMap history) {
    if (history == null || history.getData() == null) {
      return Map.of();
    }
    Parsed last = parsed.get(ns);
    if (last != null && last.history() == history) {
      return last.records();
    }
    Map<String, Kept> records = new LinkedHashMap<>();
    history.getData().forEach((key, json) -> {
      try {
        Kept k = Serialization.unmarshal(json, Kept.class);
        if (k.uid() != null && k.execution() != null && k.action() != null && k.kind() != null && k.name() != null
            && k.state() != null && k.startedAt() != null && k.until() != null) {
          records.put(key, k);
        } else {
          LOG.warn("Ignoring incomplete execution record {} in ConfigMap {}", key, NAME);
        }
      } catch (RuntimeException e) {
        LOG.warn("Ignoring unreadable execution record {} in ConfigMap {}: {}", key, NAME, e.getMessage());
      }
    });
    Map<String, Kept> frozen = java.util.Collections.unmodifiableMap(records);
    parsed.put(ns, new Parsed(history, frozen));
    return frozen;
  }

  /** Writes {@code records} over {@code history} with its resourceVersion, or creates it; false on a conflict. */
  private boolean write(String ns, ConfigMap history, Map<String, Kept> records) {
    Map<String, String> data = new TreeMap<>();
    records.forEach((key, k) -> data.put(key, Serialization.asJson(k)));
    return configMap.write(ns, history, data);
  }
}
