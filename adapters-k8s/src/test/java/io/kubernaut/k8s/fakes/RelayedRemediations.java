package io.kubernaut.k8s.fakes;

import static org.mockito.ArgumentMatchers.any;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mockito.Mockito;

/**
 * The AlertRemediation controller's side of a {@link PrimaryRelay}: a primary cache holding what
 * {@link #cache} put there, its watch events sent by {@link #updated}, and the reconciles a
 * subscribed controller's event source asked for in {@link #reconciled}.
 */
public final class RelayedRemediations {

  private final PrimaryRelay<AlertRemediation> relay;
  private final PrimaryRelays relays;
  private final Map<ResourceID, AlertRemediation> cached = new ConcurrentHashMap<>();
  private final ResourceEventAware<AlertRemediation> publisher;
  public final List<ResourceID> reconciled = new CopyOnWriteArrayList<>();

  @SuppressWarnings("unchecked")
  public RelayedRemediations(KubernetesClient client) {
    PrimaryRelays others = PrimaryRelays.on(client, TestSealer.SEALER);
    relay = others.remediations();
    relays = others;
    IndexerResourceCache<AlertRemediation> cache = Mockito.mock(IndexerResourceCache.class);
    Mockito.lenient().when(cache.get(any())).thenAnswer(call -> Optional.ofNullable(cached.get(call.getArgument(0))));
    publisher = (ResourceEventAware<AlertRemediation>) relay.publisher(
        new EventSourceContext<>(cache, null, client, AlertRemediation.class));
    ((EventSource<?, ?>) publisher).start(); // the AlertRemediation controller has listed
  }

  /**
   * The relays for a controller under test: the AlertRemediations through this one; the other kinds'
   * controllers never list, so those are read from the API server.
   */
  public PrimaryRelays relays() {
    return relays;
  }

  /** The AlertRemediation controller's informer holds {@code ar}. */
  public void cache(AlertRemediation ar) {
    cached.put(ResourceID.fromResource(ar), ar);
  }

  /** The AlertRemediation controller's informer saw {@code ar} change from {@code previous}. */
  public void updated(AlertRemediation ar, AlertRemediation previous) {
    cache(ar);
    publisher.onResourceUpdated(ar, previous);
  }

  /**
   * The running event source of AlertRemediations among those {@code reconciler} prepares (with
   * its real configuration), recording the reconciles it asks for.
   */
  @SuppressWarnings("unchecked")
  public <S extends HasMetadata> EventSource<AlertRemediation, S> subscribedBy(Reconciler<S> reconciler, Class<S> kind,
      KubernetesClient client) {
    var configuration = new BaseConfigurationService().getConfigurationFor(reconciler);
    List<EventSource<?, S>> sources = reconciler.prepareEventSources(
        new EventSourceContext<>(Mockito.mock(IndexerResourceCache.class), configuration, client, kind));
    EventSource<AlertRemediation, S> source = (EventSource<AlertRemediation, S>) sources.stream()
        .filter(s -> s.resourceType() == AlertRemediation.class).findFirst().orElseThrow();
    source.setEventHandler(event -> reconciled.add(event.getRelatedCustomResourceID()));
    source.start();
    return source;
  }
}
