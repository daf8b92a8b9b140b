package io.kubernaut.http.api.console;

import io.kubernaut.ports.board.RemediationDossier;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.RemediationBoard;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Rows kept in memory; {@link #unreachable} makes every read fail as an unreachable API server would. */
final class InMemoryRemediationBoard implements RemediationBoard {

  final Map<String, RemediationRow> rows = new ConcurrentHashMap<>();
  volatile boolean unreachable;
  /** Reads that fail before the next one succeeds, as an API server that answers again a moment later. */
  final java.util.concurrent.atomic.AtomicInteger failingReads = new java.util.concurrent.atomic.AtomicInteger();

  void put(RemediationRow row) {
    rows.put(row.name(), row);
  }

  @Override
  public List<RemediationRow> list() {
    if (unreachable || failingReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new RetryableException("connection refused");
    }
    return rows.values().stream().sorted(Comparator.comparing(RemediationRow::createdAt).reversed()).toList();
  }

  @Override
  public Optional<RemediationDossier> dossier(String name) {
    if (unreachable) {
      throw new RetryableException("connection refused");
    }
    return Optional.ofNullable(rows.get(name)).map(row -> new RemediationDossier(row, List.of(
        new RemediationDossier.Resource("AlertRemediation", name, Map.of("kubernaut.io/approval-reason", "why"),
            Map.of("alertName", row.alertName()), Map.of("phase", row.phase())),
        new RemediationDossier.Resource("AIAnalysis", name + "-analysis", Map.of(), Map.of(),
            Map.of("rootCause", "The container exits with code 1.")))));
  }
}
