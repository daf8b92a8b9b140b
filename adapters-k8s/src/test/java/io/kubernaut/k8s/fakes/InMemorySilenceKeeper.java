package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.ports.verification.Silence;
import io.kubernaut.ports.verification.SilenceRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Silences kept in memory, one active per remediation, as Alertmanager would keep them. */
public final class InMemorySilenceKeeper implements SilenceKeeper {

  public volatile boolean enabled = true;
  public final Map<String, Silence> active = new ConcurrentHashMap<>();
  public final List<SilenceRequest> created = new CopyOnWriteArrayList<>();
  public final List<String> expired = new CopyOnWriteArrayList<>();
  /** Every call to Alertmanager made, to count retries. */
  public final List<String> calls = new CopyOnWriteArrayList<>();
  /** When set, every call throws it, as an unreachable, slow or garbling Alertmanager would. */
  public volatile RuntimeException failure;

  private void call(String what) {
    calls.add(what);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public Optional<Silence> find(String remediation) {
    call("find " + remediation);
    return Optional.ofNullable(active.get(remediation));
  }

  @Override
  public Silence ensure(SilenceRequest request) {
    call("ensure " + request.remediation());
    return active.computeIfAbsent(request.remediation(), r -> {
      created.add(request);
      return new Silence("silence-" + created.size(), r, request.endsAt(), true);
    });
  }

  @Override
  public boolean expire(String remediation) {
    call("expire " + remediation);
    boolean was = active.remove(remediation) != null;
    if (was) {
      expired.add(remediation);
    }
    return was;
  }
}
