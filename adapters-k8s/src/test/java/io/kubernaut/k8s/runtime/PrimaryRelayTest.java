package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.fakes.RecordedRequests;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * A relay answers the subscribers' reads from the owning controller's cache, and passes on the
 * owning controller's events as the subscribers' filters decide. Until the owning controller has
 * listed (its publisher started), an object not cached is read from the API server; from then on
 * the cache is the answer, with no read per miss.
 */
@EnableKubernetesMockClient(crud = true)
class PrimaryRelayTest {

  private static final String NS = "kubernaut-system";

  KubernetesMockServer server;
  KubernetesClient client;

  private final Map<ResourceID, KubernetesExecution> cached = new ConcurrentHashMap<>();
  private final List<ResourceID> reconciled = new CopyOnWriteArrayList<>();
  private PrimaryRelay<KubernetesExecution> relay;
  private ResourceEventAware<KubernetesExecution> publisher;
  private EventSource<KubernetesExecution, WorkflowExecution> subscriber;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void setUp() {
    relay = new PrimaryRelay<>(KubernetesExecution.class, client, Duration.ZERO);
    IndexerResourceCache<KubernetesExecution> cache = Mockito.mock(IndexerResourceCache.class);
    Mockito.lenient().when(cache.get(any())).thenAnswer(call -> Optional.ofNullable(cached.get(call.getArgument(0))));
    publisher = (ResourceEventAware<KubernetesExecution>) relay.publisher(
        new EventSourceContext<>(cache, null, client, KubernetesExecution.class));
    subscriber = relay.subscriber("workflow-executions",
        wfe -> Set.of(new ResourceID(wfe.getMetadata().getName() + "-a", NS),
            new ResourceID(wfe.getMetadata().getName() + "-a-rollback", NS)),
        kex -> Children.controller(kex, WorkflowExecution.class.getSimpleName()),
        kex -> kex.getStatus() != null,
        (updated, previous) -> !updated.getStatus().getPhase().equals(previous.getStatus().getPhase()));
    subscriber.setEventHandler(event -> reconciled.add(event.getRelatedCustomResourceID()));
    subscriber.start();
  }

  @Test
  void beforeTheOwnerHasListedAMissIsReadFromTheApiServerAfterwardsTheCacheIsTheAnswer() throws Exception {
    WorkflowExecution wfe = workflow("wf-1");
    KubernetesExecution onServer = execution(wfe, "wf-1-a", "Executing");
    client.resource(onServer).create();
    drain();

    assertThat(subscriber.getSecondaryResources(wfe)).extracting(k -> k.getMetadata().getName()).containsExactly("wf-1-a");
    assertThat(drain()).extracting(RecordedRequest::getPath).containsExactlyInAnyOrder(
        "/apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/kubernetesexecutions/wf-1-a",
        "/apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/kubernetesexecutions/wf-1-a-rollback");

    ((EventSource<?, ?>) publisher).start();
    assertThat(subscriber.getSecondaryResources(wfe)).as("listed, and the cache holds neither").isEmpty();
    cached.put(ResourceID.fromResource(onServer), onServer);
    assertThat(subscriber.getSecondaryResources(wfe)).containsExactly(onServer);
    assertThat(drain()).as("no read once the owner has listed").isEmpty();
  }

  @Test
  void aChildThisProcessCreatedIsReadUntilTheCacheShowsItAndNoLongerOnceItIsDeleted() throws Exception {
    WorkflowExecution wfe = workflow("wf-4");
    KubernetesExecution created = client.resource(execution(wfe, "wf-4-a", null)).create();
    relay.created(created);
    drain();
    assertThat(subscriber.getSecondaryResources(wfe)).extracting(k -> k.getMetadata().getName()).containsExactly("wf-4-a");
    assertThat(drain()).as("not listed yet: read from the API server, not the copy created").hasSize(2);

    ((EventSource<?, ?>) publisher).start();
    assertThat(subscriber.getSecondaryResources(wfe)).as("as the create answered").containsExactly(created);
    assertThat(relay.cached(ResourceID.fromResource(created))).contains(created);

    KubernetesExecution running = execution(wfe, "wf-4-a", "Executing");
    cached.put(ResourceID.fromResource(running), running);
    publisher.onResourceCreated(running);
    assertThat(subscriber.getSecondaryResources(wfe)).as("the cache's copy once it has one").containsExactly(running);

    cached.remove(ResourceID.fromResource(running));
    publisher.onResourceDeleted(running);
    assertThat(subscriber.getSecondaryResources(wfe)).as("deleted: not the created copy again").isEmpty();

    KubernetesExecution other = client.resource(execution(wfe, "wf-4-a-rollback", null)).create();
    drain();
    relay.created(other);
    publisher.onResourceDeleted(other);
    assertThat(relay.cached(ResourceID.fromResource(other))).as("a deletion's event drops it, the cache never had it")
        .isEmpty();
    assertThat(drain()).as("nothing read from the API server").isEmpty();
  }

  @Test
  void listenersSeeEveryAdditionUpdateAndDeletionAndOneThatThrowsKeepsNothingFromTheOthers() {
    List<String> seen = new CopyOnWriteArrayList<>();
    relay.whenSeen(kex -> {
      throw new IllegalStateException("a listener's bug");
    });
    relay.whenSeen(kex -> seen.add(kex.getMetadata().getName() + ":"
        + (kex.getStatus() == null ? "new" : kex.getStatus().getPhase().name())));
    WorkflowExecution wfe = workflow("wf-5");
    KubernetesExecution running = execution(wfe, "wf-5-a", "Executing");
    publisher.onResourceCreated(running);
    publisher.onResourceUpdated(execution(wfe, "wf-5-a", "Completed"), running);
    publisher.onResourceDeleted(execution(wfe, "wf-5-a", "Completed"));

    assertThat(seen).containsExactly("wf-5-a:Executing", "wf-5-a:Completed", "wf-5-a:Completed");
    assertThat(reconciled).as("the subscribers heard of them all the same").hasSize(3);
  }

  @Test
  void eventsReachTheControllingObjectAsTheSubscribersFiltersDecide() {
    WorkflowExecution wfe = workflow("wf-2");
    KubernetesExecution justCreated = execution(wfe, "wf-2-a", null);
    publisher.onResourceCreated(justCreated);
    assertThat(reconciled).as("an addition without status is filtered out").isEmpty();

    KubernetesExecution running = execution(wfe, "wf-2-a", "Executing");
    publisher.onResourceCreated(running);
    publisher.onResourceUpdated(execution(wfe, "wf-2-a", "Executing"), running);
    assertThat(reconciled).as("an update that changes no phase is filtered out").containsExactly(ResourceID.fromResource(wfe));

    publisher.onResourceUpdated(execution(wfe, "wf-2-a", "Completed"), running);
    publisher.onResourceDeleted(running);
    KubernetesExecution orphan = execution(wfe, "wf-2-b", "Executing");
    orphan.getMetadata().setOwnerReferences(null);
    publisher.onResourceCreated(orphan);
    assertThat(reconciled).as("an object no workflow controls reconciles none").containsExactly(
        ResourceID.fromResource(wfe), ResourceID.fromResource(wfe), ResourceID.fromResource(wfe));
  }

  @Test
  void aSubscribersControllerStartsOnceTheOwningControllerHasListed() throws Exception {
    PrimaryRelay<KubernetesExecution> waiting = new PrimaryRelay<>(KubernetesExecution.class, client, Duration.ofSeconds(20));
    @SuppressWarnings("unchecked")
    EventSource<KubernetesExecution, KubernetesExecution> owner = waiting.publisher(
        new EventSourceContext<>(Mockito.mock(IndexerResourceCache.class), null, client, KubernetesExecution.class));
    EventSource<KubernetesExecution, WorkflowExecution> source = waiting.subscriber("workflow-executions",
        wfe -> Set.of(), kex -> Optional.empty(), kex -> true, (updated, previous) -> true);
    java.util.concurrent.CompletableFuture<Void> started = java.util.concurrent.CompletableFuture.runAsync(source::start);

    Thread.sleep(300);
    assertThat(started).as("waits while the owner lists").isNotDone();
    owner.start();
    started.get(5, TimeUnit.SECONDS);
    assertThat(waiting.listed()).isTrue();
  }

  private static WorkflowExecution workflow(String name) {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid(name + "-uid").build());
    return wfe;
  }

  private static KubernetesExecution execution(WorkflowExecution wfe, String name, String phase) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(Children.ownedBy(wfe, name));
    if (phase != null) {
      KubernetesExecutionStatus status = new KubernetesExecutionStatus();
      status.setPhase(ExecutionPhase.valueOf(phase));
      kex.setStatus(status);
    }
    return kex;
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    return RecordedRequests.drain(server);
  }
}
