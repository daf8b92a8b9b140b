package io.kubernaut.k8s.embedded;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Deployment controller, the ReplicaSet controller, the scheduler and the kubelet for the
 * demo namespaces of the embedded mode, as KWOK does for a real API server: it watches Deployments,
 * pods and nodes through the public API (fabric8 informers, plain reads and writes, nothing of the
 * mock server's internals) and makes the pods follow their Deployment's template.
 *
 * <ul>
 *   <li><b>Deployment → ReplicaSet.</b> The ReplicaSet whose template equals the Deployment's
 *       (ignoring {@code pod-template-hash}) is the current one; when there is none (a rollout
 *       restart, a changed image or limit) a new one is created, named by a hash of the template,
 *       with revision one above the highest, which the Deployment's revision annotation then
 *       shows. A rollback takes the old ReplicaSet back and gives it the next revision, as Kubernetes does.
 *   <li><b>ReplicaSet → pods.</b> The current ReplicaSet gets the Deployment's replicas, the others
 *       zero; pods of old ReplicaSets are deleted, missing pods of the current one created and
 *       surplus ones deleted, all at once (no surge). A deleted pod is replaced.
 *   <li><b>Scheduler.</b> A new pod goes to the Ready, schedulable node with the fewest pods of
 *       the namespace (it is created bound to it); when every node is cordoned or not Ready it
 *       stays Pending (reason Unschedulable) until one is free again.
 *   <li><b>Kubelet.</b> A new pod's container status follows its template: env
 *       {@value #FAULT}={@value #CRASH_LOOP} crash-loops (waiting CrashLoopBackOff, last state
 *       terminated Error, not ready); env {@value #MEMORY_NEED}=Q with a memory limit below Q is
 *       OOMKilled (running after a restart, last state terminated OOMKilled, not ready); any
 *       other container runs ready. Pods the simulator did not create keep the status they have.
 *   <li><b>Deployment status.</b> replicas, updated, ready and available replicas counted from the
 *       pods, written whenever they change.
 * </ul>
 *
 * Like kube-controller-manager it reconciles each Deployment at most once at a time, on several workers
 * ({@link ReconcileQueue}): a Deployment's change reconciles that Deployment, a pod's change the
 * Deployments whose selector matches the pod, a node's change all of them. A reconcile reads the
 * Deployment from its informer and lists only that Deployment's ReplicaSets and pods (by its
 * selector), so its cost does not grow with the number of Deployments in the namespace; the
 * scheduler counts pods per node from the informers. Its writes say only what changes (merge
 * patches, no read before), and the watch events of its own writes (pods: by the resourceVersion
 * it wrote; Deployments: status and revision only) bring no reconcile: a rollout costs it about
 * ten requests. (It used to reconcile a whole namespace per
 * event with a LIST of ReplicaSets and one of pods per Deployment: with 100 Deployments in a
 * namespace one event cost 201 LISTs, and rollouts lagged the operator by seconds.)
 *
 * <p>It runs in embedded mode only, on the namespaces it is given.
 */
public final class DemoSimulator implements AutoCloseable {

  /** The User-Agent of the simulator's requests, so an API server's request log tells them from the operator's. */
  public static final String USER_AGENT = "kubernaut-demo-simulator";

  /** The env var that marks a container of the demo's bad revision. */
  public static final String FAULT = "DEMO_FAULT";
  /** {@link #FAULT}'s value for a container that exits with an error at start. */
  public static final String CRASH_LOOP = "crash-loop";
  /** The env var holding how much memory the demo workload needs; a lower limit is OOMKilled. */
  public static final String MEMORY_NEED = "DEMO_MEMORY_NEED";

  static final String HASH = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final Logger LOG = LoggerFactory.getLogger(DemoSimulator.class);
  private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
  /**
   * Deployments reconciled at once (kube-controller-manager syncs 5 Deployments and 5 ReplicaSets at
   * once): the simulator plays the cluster, which must not be what 100 concurrent remediations wait
   * for, and its requests queue at the one API server with the operator's 50 reconcile threads.
   */
  static final int WORKERS = 16;
  private static final long RETRY_MS = 500;
  private static final int MAX_OWN_WRITES = 10_000;
  /** Writes that say only what changes; on a client.resource(item) no read goes first (one request each). */
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final ReconcileQueue queue;
  private final Map<String, SharedIndexInformer<Deployment>> deployments = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Pod>> pods = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  /** The resourceVersions of the simulator's own pod writes whose watch events have not come yet. */
  private final Set<String> ownWrites = ConcurrentHashMap.newKeySet();
  private SharedIndexInformer<Node> nodes;

  /**
   * @param client a client of the API server to simulate on, owned (and closed) by the simulator
   * @param namespaces the namespaces whose Deployments it plays the controllers for
   */
  public DemoSimulator(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.queue = new ReconcileQueue("embedded-demo-simulator", WORKERS, this::reconcile);
  }

  /**
   * Starts watching. A change of a Deployment reconciles that Deployment; a change of a pod, the
   * Deployments whose selector matches it; a change of a node, every Deployment.
   */
  public DemoSimulator start() {
    for (String ns : namespaces) {
      SharedIndexInformer<Deployment> d = client.apps().deployments().inNamespace(ns).inform(handler(this::keysOf,
          DemoSimulator::specChanged), 0);
      deployments.put(ns, d);
      informers.add(d);
      SharedIndexInformer<Pod> p = client.pods().inNamespace(ns).inform(handler(this::keysOfOthers, (a, b) -> true), 0);
      pods.put(ns, p);
      informers.add(p);
    }
    nodes = client.nodes().inform(new ResourceEventHandler<Node>() {
      @Override
      public void onAdd(Node node) {
        everyDeployment();
      }

      @Override
      public void onUpdate(Node before, Node after) {
        if (!Objects.equals(before.getSpec(), after.getSpec()) || !Objects.equals(before.getStatus(), after.getStatus())) {
          everyDeployment();
        }
      }

      @Override
      public void onDelete(Node node, boolean unknown) {
        everyDeployment();
      }
    }, 0);
    informers.add(nodes);
    LOG.info("Demo simulator plays the controllers and the kubelet for namespaces {}", namespaces);
    return this;
  }

  private <T> ResourceEventHandler<T> handler(java.util.function.Function<T, List<String>> keys,
      java.util.function.BiPredicate<T, T> matters) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        keys.apply(obj).forEach(queue::add);
      }

      @Override
      public void onUpdate(T before, T after) {
        if (matters.test(before, after)) {
          keys.apply(after).forEach(queue::add);
        }
      }

      @Override
      public void onDelete(T obj, boolean unknown) {
        keys.apply(obj).forEach(queue::add);
      }
    };
  }

  /**
   * Whether a Deployment's update asks for work: a change of its spec or labels does; one of its
   * status or annotations alone (the simulator's own status and revision writes) does not.
   */
  static boolean specChanged(Deployment before, Deployment after) {
    return !Objects.equals(before.getSpec(), after.getSpec())
        || !Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
        || !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
        || !Objects.equals(before.getMetadata().getDeletionTimestamp(), after.getMetadata().getDeletionTimestamp());
  }

  /** The Deployments a pod's event concerns; none when the event shows a write of the simulator's own. */
  private List<String> keysOfOthers(Pod p) {
    return ownWrites.remove(p.getMetadata().getResourceVersion()) ? List.of() : keysOf(p);
  }

  /** Notes the version the simulator wrote, so that its watch event brings no reconcile; returns the pod. */
  private Pod own(Pod written) {
    if (ownWrites.size() > MAX_OWN_WRITES) {
      ownWrites.clear(); // events lost (a re-list): at worst a reconcile too many
    }
    ownWrites.add(written.getMetadata().getResourceVersion());
    return written;
  }

  private List<String> keysOf(Deployment d) {
    return List.of(key(d.getMetadata().getNamespace(), d.getMetadata().getName()));
  }

  /** The Deployments (from the cache) whose selector matches the pod's labels: those its change may concern. */
  private List<String> keysOf(Pod p) {
    Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    SharedIndexInformer<Deployment> informer = deployments.get(p.getMetadata().getNamespace());
    if (informer == null) {
      return List.of();
    }
    return informer.getStore().list().stream()
        .filter(d -> d.getSpec() != null && d.getSpec().getSelector() != null
            && d.getSpec().getSelector().getMatchLabels() != null
            && labels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()))
        .map(this::keysOf).flatMap(List::stream).toList();
  }

  private void everyDeployment() {
    deployments.values().forEach(informer -> informer.getStore().list().forEach(d -> keysOf(d).forEach(queue::add)));
  }

  private static String key(String ns, String name) {
    return ns + "/" + name;
  }

  /** Reconciles one Deployment, named {@code namespace/name}, as its informer last saw it. */
  private void reconcile(String key) {
    SharedIndexInformer<Deployment> informer = deployments.get(key.substring(0, key.indexOf('/')));
    Deployment d = informer == null ? null : informer.getStore().getByKey(key);
    if (d == null) {
      return;
    }
    try {
      reconcile(d);
    } catch (KubernetesClientException e) {
      // A conflict or a vanished object: the write's own event brings the next attempt; look again soon anyway.
      LOG.debug("Demo simulator retries Deployment {}: {}", key, e.getMessage());
      queue.addLater(key, RETRY_MS);
    }
  }

  private void reconcile(Deployment d) {
    String ns = d.getMetadata().getNamespace();
    if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getSelector() == null
        || d.getSpec().getSelector().getMatchLabels() == null) {
      return;
    }
    Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    List<ReplicaSet> owned = client.apps().replicaSets().inNamespace(ns).withLabels(selector).list().getItems().stream()
        .filter(rs -> ownedBy(rs.getMetadata().getOwnerReferences(), d.getMetadata().getUid())).toList();
    ReplicaSet current = renumbered(owned.stream()
        .filter(rs -> withoutHash(rs.getSpec().getTemplate()).equals(withoutHash(d.getSpec().getTemplate())))
        .findFirst().orElseGet(() -> rollOut(d, owned)), owned);
    Set<String> ownedUids = new java.util.HashSet<>();
    owned.forEach(rs -> ownedUids.add(rs.getMetadata().getUid()));
    ownedUids.add(current.getMetadata().getUid());
    List<Pod> pods = client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
        .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "ReplicaSet".equals(o.getKind()) && ownedUids.contains(o.getUid())))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
    List<Pod> mine = new ArrayList<>();
    List<Pod> old = new ArrayList<>();
    for (Pod p : pods) {
      (ownedBy(p.getMetadata().getOwnerReferences(), current.getMetadata().getUid()) ? mine : old).add(p);
    }
    mine.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.nullsFirst(Comparator.naturalOrder())));
    while (mine.size() > replicas) {
      delete(mine.remove(mine.size() - 1), "the Deployment wants " + replicas);
    }
    Map<String, Long> placed = new HashMap<>();
    for (Pod p : List.copyOf(mine)) {
      if (p.getSpec() != null && p.getSpec().getNodeName() == null) {
        schedule(p, ns, placed).ifPresent(scheduled -> mine.set(mine.indexOf(p), scheduled));
      } else if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null
          || p.getStatus().getContainerStatuses().isEmpty()) {
        mine.set(mine.indexOf(p), run(p));
      }
    }
    while (mine.size() < replicas) {
      mine.add(create(current, ns, placed));
    }
    writeStatus(d, mine, replicas);
    // What the status does not wait for comes after it: the old ReplicaSets scaled down, their pods deleted, the
    // revision annotated (the status counts only the current ReplicaSet's pods, as a finished rollout does).
    for (ReplicaSet rs : owned) {
      int want = rs.getMetadata().getUid().equals(current.getMetadata().getUid()) ? replicas : 0;
      if (rs.getSpec().getReplicas() == null || rs.getSpec().getReplicas() != want) {
        client.resource(rs).patch(MERGE, "{\"spec\":{\"replicas\":" + want + "}}");
      }
    }
    old.forEach(p -> delete(p, "its ReplicaSet is no longer current"));
    String currentRevision = current.getMetadata().getAnnotations().get(REVISION);
    if (d.getMetadata().getAnnotations() == null || !java.util.Objects.equals(currentRevision,
        d.getMetadata().getAnnotations().get(REVISION))) {
      client.resource(d).patch(MERGE, Serialization.asJson(Map.of("metadata", Map.of("annotations",
          Map.of(REVISION, currentRevision)))));
    }
  }

  /**
   * An older ReplicaSet taken back (a rollback) gets the next revision number, as Kubernetes' Deployment controller
   * gives it: revision 1 taken back after 2 becomes 3 (annotated on the Deployment after the status).
   */
  private ReplicaSet renumbered(ReplicaSet current, List<ReplicaSet> owned) {
    long highest = owned.stream().mapToLong(rs -> revision(rs.getMetadata().getAnnotations())).max().orElse(0);
    if (!owned.contains(current) || revision(current.getMetadata().getAnnotations()) >= highest) {
      return current;
    }
    return client.resource(current).patch(MERGE, Serialization.asJson(Map.of("metadata", Map.of("annotations",
        Map.of(REVISION, Long.toString(highest + 1))))));
  }

  /** A new ReplicaSet for the Deployment's template, one revision above the highest (annotated on the Deployment later). */
  private ReplicaSet rollOut(Deployment d, List<ReplicaSet> owned) {
    String ns = d.getMetadata().getNamespace();
    PodTemplateSpec template = withoutHash(d.getSpec().getTemplate());
    String hash = hash(template);
    long revision = owned.stream().mapToLong(rs -> revision(rs.getMetadata().getAnnotations())).max().orElse(0) + 1;
    PodTemplateSpec labelled = new PodTemplateSpecBuilder(template).editOrNewMetadata().addToLabels(HASH, hash)
        .endMetadata().build();
    ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
        .withNamespace(ns).withLabels(new HashMap<>(labelled.getMetadata().getLabels()))
        .addToAnnotations(REVISION, Long.toString(revision))
        .withOwnerReferences(owner("apps/v1", "Deployment", d.getMetadata().getName(), d.getMetadata().getUid()))
        .endMetadata()
        .withNewSpec().withReplicas(d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
        .withNewSelector().withMatchLabels(Map.of(HASH, hash))
        .addToMatchLabels(d.getSpec().getSelector().getMatchLabels()).endSelector().withTemplate(labelled).endSpec()
        .build();
    ReplicaSet created;
    try {
      created = client.resource(rs).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      created = client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName()).get();
    }
    LOG.info("Demo simulator rolled out ReplicaSet {}/{} (revision {})", ns, created.getMetadata().getName(),
        created.getMetadata().getAnnotations().get(REVISION));
    return created;
  }

  /**
   * A new pod of the ReplicaSet, created already bound to the least loaded schedulable node (the
   * ReplicaSet controller and the scheduler in one write) and started; Pending when no node is free.
   */
  private Pod create(ReplicaSet rs, String ns, Map<String, Long> placed) {
    PodTemplateSpec t = rs.getSpec().getTemplate();
    String name = rs.getMetadata().getName() + "-" + suffix();
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .withLabels(new HashMap<>(t.getMetadata().getLabels()))
        .withAnnotations(t.getMetadata().getAnnotations() == null ? null : new HashMap<>(t.getMetadata().getAnnotations()))
        .withOwnerReferences(owner("apps/v1", "ReplicaSet", rs.getMetadata().getName(), rs.getMetadata().getUid()))
        .endMetadata()
        .withSpec(new io.fabric8.kubernetes.api.model.PodSpecBuilder(t.getSpec()).build())
        .build();
    Optional<String> node = node(ns, placed);
    pod.getSpec().setNodeName(node.orElse(null));
    Pod created = own(client.resource(pod).create());
    if (node.isPresent()) {
      return run(created);
    }
    created.setStatus(new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled")
        .withStatus("False").withReason("Unschedulable")
        .withMessage("0/" + nodes.getStore().list().size() + " nodes are available: every node is cordoned or not Ready.")
        .endCondition().build());
    LOG.info("Demo simulator left pod {}/{} Pending: no schedulable node", ns, name);
    return own(client.resource(created).updateStatus());
  }

  /** Binds a Pending pod to the least loaded schedulable node and lets the kubelet start it; empty when none is free. */
  private Optional<Pod> schedule(Pod pod, String ns, Map<String, Long> placed) {
    Optional<String> node = node(ns, placed);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Pod bound = own(client.resource(pod).patch(MERGE, "{\"spec\":{\"nodeName\":\"" + node.get() + "\"}}"));
    return Optional.of(run(bound));
  }

  /**
   * The Ready, schedulable node with the fewest pods of the namespace (counted from the informer
   * plus the pods placed in this pass, {@code placed}, which it updates); empty when none is free.
   */
  private Optional<String> node(String ns, Map<String, Long> placed) {
    Map<String, Long> load = new HashMap<>(placed);
    pods.get(ns).getStore().list().stream()
        .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null)
        .forEach(p -> load.merge(p.getSpec().getNodeName(), 1L, Long::sum));
    Optional<String> node = nodes.getStore().list().stream()
        .filter(n -> n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .filter(DemoSimulator::ready)
        .map(n -> n.getMetadata().getName())
        .min(Comparator.comparing((String n) -> load.getOrDefault(n, 0L)).thenComparing(Comparator.naturalOrder()));
    node.ifPresent(n -> placed.merge(n, 1L, Long::sum));
    return node;
  }

  /** The kubelet of the pod's node starts it and reports its status. */
  private Pod run(Pod bound) {
    bound.setStatus(kubelet(bound));
    Pod started = own(client.resource(bound).updateStatus());
    LOG.info("Demo simulator started pod {}/{} on {}: {}", bound.getMetadata().getNamespace(),
        started.getMetadata().getName(), bound.getSpec().getNodeName(), describe(started.getStatus()));
    return started;
  }

  /** The status the kubelet reports for a pod just started, by the rule in the class comment. */
  static PodStatus kubelet(Pod pod) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      ContainerStatusBuilder s = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
          .withImageID(c.getImage()).withStarted(true);
      if (CRASH_LOOP.equals(env(c, FAULT))) {
        s.withReady(false).withStarted(false).withRestartCount(1)
            .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
            .withMessage("back-off 10s restarting failed container=" + c.getName()).endWaiting().endState()
            .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1).withFinishedAt(now)
            .endTerminated().endLastState();
      } else if (outOfMemory(c)) {
        s.withReady(false).withRestartCount(1)
            .withNewState().withNewRunning().withStartedAt(now).endRunning().endState()
            .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).withFinishedAt(now)
            .endTerminated().endLastState();
      } else {
        s.withReady(true).withRestartCount(0).withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
      }
      statuses.add(s.build());
    }
    boolean ready = statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
    return new PodStatusBuilder().withPhase("Running").withStartTime(now).withHostIP("10.0.0.1")
        .withPodIP("10.244.0." + ThreadLocalRandom.current().nextInt(2, 250))
        .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .addNewCondition().withType("ContainersReady").withStatus(ready ? "True" : "False").endCondition()
        .withContainerStatuses(statuses).build();
  }

  private static boolean outOfMemory(Container c) {
    String need = env(c, MEMORY_NEED);
    if (need == null) {
      return false;
    }
    Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null
        : c.getResources().getLimits().get("memory");
    try {
      return limit != null && Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(new Quantity(need))) < 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String env(Container c, String name) {
    return c.getEnv() == null ? null : c.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue)
        .filter(Objects::nonNull).findFirst().orElse(null);
  }

  private void writeStatus(Deployment d, List<Pod> pods, int replicas) {
    int ready = (int) pods.stream().filter(DemoSimulator::podReady).count();
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    DeploymentStatus status = new DeploymentStatusBuilder(old).withReplicas(pods.size()).withUpdatedReplicas(pods.size())
        .withReadyReplicas(ready).withAvailableReplicas(ready).withUnavailableReplicas(Math.max(0, replicas - ready))
        .withObservedGeneration(d.getMetadata().getGeneration()).build();
    if (!status.equals(old)) {
      client.resource(d).subresource("status").patch(MERGE, Serialization.asJson(Map.of("status", status)));
      LOG.info("Demo simulator: Deployment {}/{} has {} of {} replicas ready", d.getMetadata().getNamespace(),
          d.getMetadata().getName(), ready, replicas);
    }
  }

  private void delete(Pod p, String why) {
    own(p); // its DELETED event shows the version it had
    client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
    LOG.info("Demo simulator deleted pod {}/{}: {}", p.getMetadata().getNamespace(), p.getMetadata().getName(), why);
  }

  private static boolean podReady(Pod p) {
    return p.getStatus() != null && p.getStatus().getContainerStatuses() != null
        && !p.getStatus().getContainerStatuses().isEmpty()
        && p.getStatus().getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
  }

  private static boolean ready(Node n) {
    return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String describe(PodStatus s) {
    ContainerStatus c = s.getContainerStatuses().get(0);
    if (c.getState().getWaiting() != null) {
      return c.getState().getWaiting().getReason();
    }
    return c.getLastState() != null && c.getLastState().getTerminated() != null
        ? "running after " + c.getLastState().getTerminated().getReason() : "running, ready";
  }

  private static boolean ownedBy(List<OwnerReference> owners, String uid) {
    return owners != null && owners.stream().anyMatch(o -> uid != null && uid.equals(o.getUid()));
  }

  private static OwnerReference owner(String apiVersion, String kind, String name, String uid) {
    return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  /** A copy of a template without the ReplicaSet's {@code pod-template-hash} label. */
  static PodTemplateSpec withoutHash(PodTemplateSpec template) {
    PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
      labels.remove(HASH);
      copy.getMetadata().setLabels(labels);
    }
    return copy;
  }

  /** The template's FNV-1a hash in Kubernetes' vowel-free alphabet, as the Deployment controller names ReplicaSets. */
  static String hash(PodTemplateSpec template) {
    int h = 0x811c9dc5;
    for (byte b : Serialization.asJson(template).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    long value = Integer.toUnsignedLong(h);
    StringBuilder out = new StringBuilder();
    do {
      out.append(SAFE.charAt((int) (value % SAFE.length())));
      value /= SAFE.length();
    } while (value > 0);
    return out.toString();
  }

  private static String suffix() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(SAFE.charAt(ThreadLocalRandom.current().nextInt(SAFE.length())));
    }
    return s.toString();
  }

  private static long revision(Map<String, String> annotations) {
    try {
      return annotations == null || annotations.get(REVISION) == null ? 0 : Long.parseLong(annotations.get(REVISION));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    queue.close();
    informers.forEach(SharedIndexInformer::close);
    client.close();
  }
}
