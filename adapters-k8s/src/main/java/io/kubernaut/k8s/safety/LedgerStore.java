package io.kubernaut.k8s.safety;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.safety.DisruptionLedger.Reservation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disruption ledger's ConfigMap: read from the informer cache (or the copy this replica wrote
 * last, when that is newer), read fresh after a conflict, created by the first write, and written
 * only with the resourceVersion it was read with.
 */
final class LedgerStore {

  /** The most the reservations may take in the ConfigMap (the API server refuses objects over 1 MiB). */
  static final int MAX_BYTES = 512 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(LedgerStore.class);

  private final SafetyInformers cluster;
  private final GuardedConfigMap configMap;
  /** By namespace, the ledger last parsed and what it holds: it changes once per batch, and is counted per check. */
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  /** A ledger version (the instance the cache or this store holds, which nobody changes) and its reservations. */
  private record Parsed(ConfigMap ledger, Map<String, Reservation> reservations) {}

  LedgerStore(SafetyInformers cluster) {
    this.cluster = cluster;
    this.configMap = new GuardedConfigMap(cluster.client(), DisruptionLedger.NAME,
        "Disruption budget reservations of admitted workflows; do not edit.");
  }

  /**
   * The ledger in {@code ns} as cached, or as this replica last wrote it when the cache has not
   * seen that write yet (so a replica's next admission does not start with a conflict); null when
   * there is none.
   */
  ConfigMap latest(String ns) {
    return configMap.latest(ns, cluster.ledger(ns));
  }

  /** The ledger in {@code ns} read from the API server, or null. */
  ConfigMap fresh(String ns) {
    return cluster.freshLedger(ns);
  }

  /**
   * Writes {@code reserved} over {@code ledger} with the resourceVersion it was read with, or
   * creates the ledger in {@code ns} with them when {@code ledger} is null; false on a conflict
   * (also when another writer created it first), or when the ConfigMap was deleted meanwhile.
   */
  boolean write(String ns, ConfigMap ledger, Map<String, Reservation> reserved) {
    Map<String, String> data = new TreeMap<>();
    reserved.forEach((name, r) -> data.put(name, Serialization.asJson(r)));
    return configMap.write(ns, ledger, data);
  }

  /**
   * The reservations in {@code ledger} as {@link #reservations(ConfigMap)} reads them, parsed once
   * per ledger version: every admission and every execution's budget check counts them, and with
   * a hundred workflows in flight parsing the ledger each time was a tenth of the validation's CPU.
   * The map is the caller's to change.
   */
  Map<String, Reservation> reservationsOf(String ns, ConfigMap ledger) {
    if (ledger == null) {
      return new LinkedHashMap<>();
    }
    Parsed last = parsed.get(ns);
    if (last == null || last.ledger() != ledger) {
      last = new Parsed(ledger, java.util.Collections.unmodifiableMap(reservations(ledger, last)));
      parsed.put(ns, last);
    }
    return new LinkedHashMap<>(last.reservations());
  }

  /** The reservations in {@code ledger} (none when it is null), by execution name; unreadable entries are skipped. */
  static Map<String, Reservation> reservations(ConfigMap ledger) {
    return reservations(ledger, null);
  }

  /**
   * {@link #reservations(ConfigMap)}, reusing the reservations of {@code previous} whose entry
   * holds the same text: each batch writes a new version of the ledger, most of whose entries the
   * version before held already, and parsing them all again was most of the count's remaining CPU.
   * A reservation is a value nobody changes, so a version may share it with the one before.
   */
  private static Map<String, Reservation> reservations(ConfigMap ledger, Parsed previous) {
    Map<String, Reservation> reserved = new LinkedHashMap<>();
    if (ledger == null || ledger.getData() == null) {
      return reserved;
    }
    Map<String, String> before = previous == null || previous.ledger().getData() == null ? Map.of()
        : previous.ledger().getData();
    ledger.getData().forEach((name, json) -> {
      Reservation known = json.equals(before.get(name)) ? previous.reservations().get(name) : null;
      if (known != null) {
        reserved.put(name, known);
        return;
      }
      try {
        reserved.put(name, Serialization.unmarshal(json, Reservation.class));
      } catch (RuntimeException e) {
        LOG.warn("Ignoring unreadable reservation {} in {}: {}", name, DisruptionLedger.NAME, e.getMessage());
      }
    });
    return reserved;
  }

  /** What {@code r} takes in the ConfigMap's data, in bytes. */
  static int bytes(Reservation r) {
    return r.execution().getBytes(StandardCharsets.UTF_8).length
        + Serialization.asJson(r).getBytes(StandardCharsets.UTF_8).length;
  }
}
