package io.kubernaut.k8s.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.fakes.RecordedRequests;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

/**
 * An operator that is not sharded counts executions and workflows from its controllers' informers:
 * until a controller has listed, the envelope reads its kind from the API server; from then on from
 * that controller's cache, with the failed-verification index it asked that cache for.
 */
@EnableKubernetesMockClient(crud = true)
class RelayedSafetyInformersTest {

  private static final String NS = "kubernaut-system";

  KubernetesMockServer server;
  KubernetesClient client;

  private final Map<ResourceID, KubernetesExecution> cachedExecutions = new ConcurrentHashMap<>();
  private final Map<ResourceID, WorkflowExecution> cachedWorkflows = new ConcurrentHashMap<>();
  private final Map<String, Function<WorkflowExecution, List<String>>> workflowIndexers = new ConcurrentHashMap<>();
  private PrimaryRelays relays;
  private SafetyInformers informers;

  @BeforeEach
  void setUp() {
    relays = PrimaryRelays.on(client);
    informers = SafetyInformers.relayed(client, NS, relays.executions(), relays.workflows());
    informers.start();
  }

  @AfterEach
  void tearDown() {
    informers.close();
  }

  @Test
  void untilTheControllersHaveListedTheEnvelopeReadsTheApiServerThenTheirCaches() throws Exception {
    client.resource(execution("wf-1-a")).create();
    client.resource(workflow("wf-1", "NotRemediated")).create();
    EventSource<?, ?> executionsListed = publish(relays.executions(), cachedExecutions, Map.of());
    EventSource<?, ?> workflowsListed = publish(relays.workflows(), cachedWorkflows, workflowIndexers);
    drain();

    assertThat(informers.cached()).isFalse();
    assertThat(informers.executions(NS)).extracting(k -> k.getMetadata().getName()).containsExactly("wf-1-a");
    assertThat(informers.failedVerification(NS)).containsExactly("wf-1");
    assertThat(informers.workflow(NS, "wf-1")).isNotNull();
    assertThat(drain()).as("each read went to the API server").hasSize(3);

    executionsListed.start();
    workflowsListed.start();
    assertThat(informers.cached()).isTrue();
    assertThat(informers.executions(NS)).as("the controller's cache holds none yet").isEmpty();
    KubernetesExecution cached = execution("wf-2-a");
    cachedExecutions.put(ResourceID.fromResource(cached), cached);
    WorkflowExecution rolledBack = workflow("wf-2", "RolledBack");
    WorkflowExecution remediated = workflow("wf-3", "Remediated");
    cachedWorkflows.put(ResourceID.fromResource(rolledBack), rolledBack);
    cachedWorkflows.put(ResourceID.fromResource(remediated), remediated);
    assertThat(informers.executions(NS)).containsExactly(cached);
    assertThat(informers.failedVerification(NS)).containsExactly("wf-2");
    assertThat(informers.ended(NS, "wf-3")).isTrue();
    assertThat(informers.ended(NS, "wf-1")).as("not in the cache: counted as running").isFalse();
    assertThat(drain()).as("no read once listed").isEmpty();
    assertThat(informers.workflow(NS, "wf-1")).as("a miss by name is read again").isNotNull();
    assertThat(drain()).hasSize(1);
    assertThat(informers.notWatching()).as("the controllers' watches are JOSDK's to report").isEmpty();
  }

  /**
   * JOSDK starts a controller's event sources, the relay's publisher among them, also when the
   * controller's first LIST failed or outlasted the cache sync timeout (it retries in the background):
   * a relay that took that start for a listing would have the envelope count an empty cache, too few
   * executions for the budget and the concurrency limits. It is listed only once the informer has synced.
   */
  @Test
  void aControllerWhoseFirstListFailedLeavesTheEnvelopeReadingTheApiServer() throws Exception {
    client.resource(execution("running-1")).create();
    KubernetesClient unreachable = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
        new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:9")
            .withRequestRetryBackoffLimit(0).build()).build();
    PrimaryRelays failing = PrimaryRelays.on(unreachable);
    PrimaryRelays listing = PrimaryRelays.on(client);
    try (SafetyInformers failingEnvelope = SafetyInformers.relayed(client, NS, failing.executions(), failing.workflows());
        SafetyInformers listingEnvelope = SafetyInformers.relayed(client, NS, listing.executions(), listing.workflows())) {
      failingEnvelope.start();
      listingEnvelope.start();
      Operator withoutApi = operator(unreachable, failing);
      Operator withApi = operator(client, listing);
      try {
        withoutApi.start();
        withApi.start();

        assertThat(failing.executions().listed()).as("started by JOSDK, but never listed").isFalse();
        assertThat(failingEnvelope.executions(NS)).as("read from the API server, not from the empty cache")
            .extracting(k -> k.getMetadata().getName()).containsExactly("running-1");
        assertThat(listing.executions().listed()).as("a controller that listed").isTrue();
        assertThat(listingEnvelope.executions(NS)).extracting(k -> k.getMetadata().getName()).containsExactly("running-1");
      } finally {
        withoutApi.stop();
        withApi.stop();
        unreachable.close();
      }
    }
  }

  /** A JOSDK operator whose one controller owns the executions' relay, as the execution controller does. */
  private static Operator operator(KubernetesClient client, PrimaryRelays relays) {
    Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withStopOnInformerErrorDuringStartup(false).withCacheSyncTimeout(Duration.ofSeconds(2)));
    operator.register(new ExecutionOwner(relays.executions()), c -> c.settingNamespace(NS));
    return operator;
  }

  @ControllerConfiguration(name = "executions")
  private static final class ExecutionOwner implements Reconciler<KubernetesExecution> {
    private final PrimaryRelay<KubernetesExecution> relay;

    ExecutionOwner(PrimaryRelay<KubernetesExecution> relay) {
      this.relay = relay;
    }

    @Override
    public List<EventSource<?, KubernetesExecution>> prepareEventSources(EventSourceContext<KubernetesExecution> context) {
      return List.of(relay.publisher(context));
    }

    @Override
    public UpdateControl<KubernetesExecution> reconcile(KubernetesExecution resource, Context<KubernetesExecution> context) {
      return UpdateControl.noUpdate();
    }
  }

  @Test
  void anIndexAskedForAfterTheControllerRegisteredIsRefused() {
    publish(relays.workflows(), cachedWorkflows, workflowIndexers);
    assertThatThrownBy(() -> relays.workflows().index("late", w -> List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("comes too late");
  }

  /**
   * The controller of the relay's kind registers it (its publisher, over a cache that holds what
   * {@code cached} holds and indexes by what it was asked to); returns the publisher, which JOSDK
   * starts once that controller has listed.
   */
  @SuppressWarnings("unchecked")
  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> EventSource<?, ?> publish(PrimaryRelay<T> relay,
      Map<ResourceID, T> cached, Map<String, Function<T, List<String>>> indexers) {
    IndexerResourceCache<T> cache = Mockito.mock(IndexerResourceCache.class);
    Mockito.lenient().when(cache.get(any())).thenAnswer(call -> Optional.ofNullable(cached.get(call.getArgument(0))));
    Mockito.lenient().when(cache.list(eq(NS))).thenAnswer(call -> cached.values().stream());
    Mockito.lenient().when(cache.byIndex(anyString(), anyString())).thenAnswer(call -> cached.values().stream()
        .filter(o -> indexers.get(call.<String>getArgument(0)).apply(o).contains(call.<String>getArgument(1))).toList());
    EventSource<?, ?> publisher = relay.publisher(new EventSourceContext<>(cache, null, null, null));
    ArgumentCaptor<Map<String, Function<T, List<String>>>> added = ArgumentCaptor.forClass(Map.class);
    Mockito.verify(cache, Mockito.atMost(1)).addIndexers(added.capture());
    added.getAllValues().forEach(indexers::putAll);
    return publisher;
  }

  private static KubernetesExecution execution(String name) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    return kex;
  }

  private static WorkflowExecution workflow(String name, String outcome) {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    WorkflowExecutionStatus status = new WorkflowExecutionStatus();
    status.setOutcome(outcome);
    status.setPhase(io.kubernaut.ports.pipeline.WorkflowPhase.Completed);
    wfe.setStatus(status);
    return wfe;
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    return RecordedRequests.drain(server);
  }
}
