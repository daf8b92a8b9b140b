package io.kubernaut.k8s.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.Fabric8ApprovalStore;
import io.kubernaut.k8s.PendingRollbacks;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl kubernaut}: the kubectl plugin for Kubernaut's AlertRemediations. It talks to the
 * cluster of the current kubeconfig context with the fabric8 client, as kubectl would, and writes
 * only the annotations a kubectl user would write ({@code kubernaut.io/approval},
 * {@code kubernaut.io/approval-by}, {@code kubernaut.io/cancel}).
 */
@Command(name = "kubectl-kubernaut", mixinStandardHelpOptions = true, versionProvider = KubectlKubernaut.Version.class,
    description = "Kubernaut's AlertRemediations from kubectl: what it is doing, why, and the decisions it waits for.",
    subcommands = {KubectlKubernaut.Get.class, KubectlKubernaut.Tree.class, KubectlKubernaut.Timeline.class,
        KubectlKubernaut.Why.class, KubectlKubernaut.Approve.class, KubectlKubernaut.Reject.class,
        KubectlKubernaut.Cancel.class})
public final class KubectlKubernaut implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      // stdout is the command's output: the operator's logging setup would print there
      System.setProperty("logback.configurationFile", "kubectl-kubernaut-logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line, with a refusal (exit 1, one sentence on stderr) for every failure a verb reports. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new KubectlKubernaut());
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      String message = e instanceof Refusal ? e.getMessage()
          : e instanceof KubernetesClientException k ? "The API server refused: " + k.getMessage()
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      cmd.getErr().println("Error: " + message);
      cmd.getErr().flush();
      return 1;
    });
    return line;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A verb's refusal: a sentence for stderr, exit code 1. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refusal(String sentence) {
      super(sentence);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KubectlKubernaut.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-kubernaut " + (v == null ? "(development build)" : v)};
    }
  }

  /** What every verb shares: the cluster flags, the output, and finding one AlertRemediation. */
  abstract static class Verb implements Runnable {
    @Mixin ClusterOptions cluster;
    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public final void run() {
      try (KubernetesClient client = cluster.client()) {
        run(client);
      } finally {
        out().flush();
      }
    }

    abstract void run(KubernetesClient client);

    AlertRemediation find(KubernetesClient client, String name) {
      AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(cluster.namespace()).withName(name).get();
      if (ar == null) {
        throw new Refusal("AlertRemediation \"" + name + "\" not found in namespace \"" + cluster.namespace() + "\".");
      }
      return ar;
    }

    /** The AlertRemediation of that name in whichever namespace holds it (-A); refused when none or several do. */
    AlertRemediation findInAnyNamespace(KubernetesClient client, String name) {
      List<AlertRemediation> found = client.resources(AlertRemediation.class).inAnyNamespace()
          .withField("metadata.name", name).list().getItems();
      if (found.isEmpty()) {
        throw new Refusal("AlertRemediation \"" + name + "\" not found in any namespace.");
      }
      if (found.size() > 1) {
        throw new Refusal("AlertRemediation \"" + name + "\" exists in several namespaces ("
            + String.join(", ", found.stream().map(ar -> ar.getMetadata().getNamespace()).sorted().toList())
            + "); name one with -n.");
      }
      return found.get(0);
    }

    /** Prints {@code object} as JSON or YAML when asked; false for a table. */
    boolean printedAsData(Object object) {
      switch (cluster.output) {
        case json -> out().println(Serialization.asJson(object));
        case yaml -> out().print(Serialization.asYaml(object));
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  @Command(name = "get", description = "List AlertRemediations (one, with NAME), as the web console does; -w to watch.")
  static final class Get extends Verb {
    @Parameters(arity = "0..1", paramLabel = "NAME") String name;
    @Option(names = {"-w", "--watch"}, description = "After listing, print each change.") boolean watch;
    @Option(names = "--watch-for", description = "Stop watching after this long (e.g. 30s, 5m); default: until interrupted.",
        converter = DurationConverter.class) Duration watchFor;

    @Override
    void run(KubernetesClient client) {
      var resources = client.resources(AlertRemediation.class);
      List<AlertRemediation> items;
      String listedAt;
      if (name != null) {
        items = List.of(cluster.allNamespaces ? findInAnyNamespace(client, name) : find(client, name));
        // The collection's version now, not the object's own, which may be older than the API server keeps
        // for watches (410 Gone) when the object has not changed for a while.
        listedAt = watch ? listedVersion(cluster.allNamespaces ? resources.inAnyNamespace().withField("metadata.name", name)
            .list() : resources.inNamespace(cluster.namespace()).withField("metadata.name", name).list(),
            items.get(0).getMetadata().getResourceVersion()) : null;
      } else {
        KubernetesResourceList<AlertRemediation> list = cluster.allNamespaces ? resources.inAnyNamespace().list()
            : resources.inNamespace(cluster.namespace()).list();
        listedAt = listedVersion(list, null);
        items = new ArrayList<>(list.getItems());
        items.sort(Comparator.comparing((AlertRemediation ar) -> ar.getMetadata().getNamespace())
            .thenComparing(ar -> ar.getMetadata().getCreationTimestamp()));
      }
      RemediationTable table = new RemediationTable(cluster.allNamespaces);
      if (!watch && printedAsData(name != null ? items.get(0) : Map.of("apiVersion", "v1", "kind", "List", "items", items))) {
        return;
      }
      if (cluster.output == ClusterOptions.Output.table) {
        if (items.isEmpty() && !watch) {
          out().println("No AlertRemediations found in " + (cluster.allNamespaces ? "any namespace" : "namespace "
              + cluster.namespace()) + ".");
          return;
        }
        out().println(table.header());
        items.forEach(ar -> out().println(table.row(ar, Instant.now())));
      } else {
        items.forEach(this::printedAsData);
      }
      out().flush();
      if (watch) {
        Map<String, String> shown = new java.util.concurrent.ConcurrentHashMap<>();
        items.forEach(ar -> shown.put(key(ar), String.valueOf(ar.getMetadata().getResourceVersion())));
        watch(client, listedAt, shown);
      }
    }

    private static String listedVersion(KubernetesResourceList<AlertRemediation> list, String otherwise) {
      return list.getMetadata() == null || list.getMetadata().getResourceVersion() == null ? otherwise
          : list.getMetadata().getResourceVersion();
    }

    private static String key(AlertRemediation ar) {
      return ar.getMetadata().getNamespace() + "/" + ar.getMetadata().getName();
    }

    /**
     * Prints each change after {@code listedAt}, the version the listing showed (from the start, the API
     * server would replay every object as added, each printed twice); an object replayed as it was
     * listed ({@code shown}: its version then) is not printed again, for servers that replay anyway. A
     * watch that ends with an error is a refusal (exit 1), so a script can tell it from an interrupt or
     * the end of {@code --watch-for}.
     */
    private void watch(KubernetesClient client, String listedAt, Map<String, String> shown) {
      RemediationTable table = new RemediationTable(cluster.allNamespaces);
      CountDownLatch closed = new CountDownLatch(1);
      java.util.concurrent.atomic.AtomicReference<WatcherException> failed = new java.util.concurrent.atomic.AtomicReference<>();
      var resources = client.resources(AlertRemediation.class);
      var target = cluster.allNamespaces ? resources.inAnyNamespace() : resources.inNamespace(cluster.namespace());
      Watcher<AlertRemediation> watcher = new Watcher<>() {
        @Override
        public void eventReceived(Action action, AlertRemediation ar) {
          if (name != null && !name.equals(ar.getMetadata().getName())) {
            return;
          }
          if (action == Action.ADDED && String.valueOf(ar.getMetadata().getResourceVersion()).equals(shown.remove(key(ar)))) {
            return;
          }
          synchronized (out()) {
            if (!printedAsData(ar)) {
              out().println(table.row(ar, Instant.now()) + (action == Action.DELETED ? "   (deleted)" : ""));
            }
            out().flush();
          }
        }

        @Override
        public void onClose(WatcherException cause) {
          failed.set(cause);
          closed.countDown();
        }
      };
      var from = new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion(listedAt).build();
      try (var watch = target.watch(from, watcher)) {
        if (watchFor == null) {
          closed.await();
        } else {
          closed.await(watchFor.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      WatcherException cause = failed.get();
      if (cause != null) {
        throw new Refusal("The watch of AlertRemediations ended with an error: " + cause.getMessage());
      }
    }
  }

  @Command(name = "tree", description = "An AlertRemediation and its children, with their phases and durations.")
  static final class Tree extends Verb {
    @Parameters(paramLabel = "NAME") String name;

    @Override
    void run(KubernetesClient client) {
      AlertRemediation ar = find(client, name);
      String ns = cluster.namespace();
      String selector = KubernautLabels.REMEDIATION;
      List<HasMetadata> children = new ArrayList<>();
      for (Class<? extends HasMetadata> kind : List.of(AlertProcessing.class, AIAnalysis.class, WorkflowExecution.class)) {
        children.addAll(client.resources(kind).inNamespace(ns).withLabel(selector, name).list().getItems());
      }
      List<KubernetesExecution> steps = new ArrayList<>(client.resources(KubernetesExecution.class).inNamespace(ns)
          .withLabel(selector, name).list().getItems());
      if (printedAsData(Map.of("remediation", ar, "children", children, "steps", steps))) {
        return;
      }
      new RemediationTree(Instant.now()).print(out(), ar, children, steps);
    }
  }

  @Command(name = "timeline", description = "The phases of an AlertRemediation with when each began and how long it took; "
      + "from the operator's audit API (--server, --token) once the resource is gone.")
  static final class Timeline extends Verb {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--server", description = "The operator's HTTP API, e.g. http://localhost:8080 (default: $KUBECTL_KUBERNAUT_SERVER).",
        defaultValue = "${env:KUBECTL_KUBERNAUT_SERVER}") String server;
    @Option(names = "--token", description = "A viewer token for the operator's API (default: $KUBECTL_KUBERNAUT_TOKEN).",
        defaultValue = "${env:KUBECTL_KUBERNAUT_TOKEN}") String token;

    @Override
    void run(KubernetesClient client) {
      AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(cluster.namespace()).withName(name).get();
      if (ar != null) {
        if (!printedAsData(ar.getStatus() == null ? List.of() : ar.getStatus().phaseHistory())) {
          new RemediationTimeline(Instant.now()).print(out(), ar);
        }
        return;
      }
      if (server == null || server.isBlank()) {
        throw new Refusal("AlertRemediation \"" + name + "\" not found in namespace \"" + cluster.namespace()
            + "\"; to read its timeline from the audit trail, give --server and --token.");
      }
      String body = audit(name);
      if (!printedAsData(Serialization.unmarshal(body, Map.class))) {
        out().println(RemediationTimeline.fromAudit(body));
      }
    }

    private String audit(String remediation) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "")
          + "/api/v1/remediations/" + java.net.URLEncoder.encode(remediation, java.nio.charset.StandardCharsets.UTF_8)
          + "/timeline")).timeout(Duration.ofSeconds(30)).GET();
      if (token != null && !token.isBlank()) {
        request.header("Authorization", "Bearer " + token);
      }
      try {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
          throw new Refusal("The audit trail has no remediation \"" + remediation + "\".");
        }
        if (response.statusCode() != 200) {
          throw new Refusal("The operator's API answered " + response.statusCode() + " for the timeline of \""
              + remediation + "\": " + response.body());
        }
        return response.body();
      } catch (java.io.IOException e) {
        throw new Refusal("Could not reach the operator's API at " + server + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Refusal("Interrupted while reading the timeline.");
      }
    }
  }

  @Command(name = "why", description = "Why an AlertRemediation is blocked, waiting (for approval or for a decision on "
      + "rolling back), or did not act.")
  static final class Why extends Verb {
    @Parameters(paramLabel = "NAME") String name;

    @Override
    void run(KubernetesClient client) {
      AlertRemediation ar = find(client, name);
      Instant now = Instant.now();
      Optional<RemediationRow.PendingRollback> rollback = client.resources(WorkflowExecution.class)
          .inNamespace(cluster.namespace()).withLabel(KubernautLabels.REMEDIATION, name).list().getItems().stream()
          .map(wfe -> PendingRollbacks.of(wfe, now)).flatMap(Optional::stream).findFirst();
      List<String> reasons = RemediationExplainer.explain(ar, rollback, now);
      if (!printedAsData(Map.of("name", name, "phase", String.valueOf(ar.getStatus() == null ? null
          : ar.getStatus().getPhase()), "reasons", reasons))) {
        reasons.forEach(out()::println);
      }
    }
  }

  /** Approve and reject: the annotations a kubectl user writes, with who decided. */
  abstract static class Decision extends Verb {
    @Parameters(paramLabel = "NAME") String name;

    abstract boolean approved();

    String reason() {
      return null;
    }

    @Override
    void run(KubernetesClient client) {
      String user = new IdentityReader(client, cluster).user();
      ApprovalAnswer answer = Fabric8ApprovalStore.forKubectl(client, cluster.namespace())
          .decide(name, approved(), user, reason());
      String verb = approved() ? "approve" : "reject";
      boolean rollback = answer.subject() == ApprovalAnswer.Subject.ROLLBACK;
      switch (answer.outcome()) {
        case NOT_FOUND -> throw new Refusal("AlertRemediation \"" + name + "\" not found in namespace \""
            + cluster.namespace() + "\".");
        case NOT_AWAITING_APPROVAL -> throw new Refusal("AlertRemediation \"" + name + "\" is " + answer.phase()
            + ": it awaits neither approval (AwaitingApproval) nor a decision on rolling back; there is nothing to "
            + verb + ".");
        case EXPIRED -> throw new Refusal(rollback ? "The decision on rolling back AlertRemediation \"" + name
            + "\" expired" + (answer.deadline() == null ? "" : " at " + answer.deadline()) + "; its steps stay in effect."
            : "The approval of AlertRemediation \"" + name + "\" expired" + (answer.deadline() == null ? ""
                : " at " + answer.deadline()) + "; its workflow does not run. Re-send the alert to start again.");
        case ALREADY_DECIDED -> throw new Refusal((rollback ? "The rollback" : "The approval") + " of AlertRemediation \""
            + name + "\" was already decided (" + answer.decidedBy() + ").");
        case RECORDED -> out().println("alertremediation.kubernaut.io/" + name + (rollback
            ? (approved() ? " rollback approved" : " rollback rejected (the steps stay in effect)")
            : (approved() ? " approved" : " rejected")) + " by " + user + ".");
      }
    }
  }

  @Command(name = "approve", description = "Approve what an AlertRemediation waits on: its recommendations "
      + "(AwaitingApproval), or rolling back its steps after a failed verification.")
  static final class Approve extends Decision {
    @Option(names = "--reason", description = "Why, kept on the AlertRemediation (kubernaut.io/approval-reason or "
        + "kubernaut.io/rollback-approval-reason).") String reason;

    @Override
    boolean approved() {
      return true;
    }

    @Override
    String reason() {
      return reason;
    }
  }

  @Command(name = "reject", description = "Reject what an AlertRemediation waits on: its recommendations (it ends "
      + "Cancelled), or rolling back after a failed verification (its steps stay in effect).")
  static final class Reject extends Decision {
    @Option(names = "--reason", required = true, description = "Why, kept on the AlertRemediation as "
        + "kubernaut.io/approval-reason (or kubernaut.io/rollback-approval-reason).") String reason;

    @Override
    boolean approved() {
      return false;
    }

    @Override
    String reason() {
      return reason;
    }
  }

  @Command(name = "cancel", description = "Cancel an AlertRemediation that has not ended (annotation kubernaut.io/cancel=true).")
  static final class Cancel extends Verb {
    @Parameters(paramLabel = "NAME") String name;

    @Override
    void run(KubernetesClient client) {
      AlertRemediation ar = find(client, name);
      RemediationPhase phase = ar.getStatus() == null ? null : ar.getStatus().getPhase();
      if (phase != null && phase.isTerminal()) {
        throw new Refusal("AlertRemediation \"" + name + "\" already ended " + phase + "; there is nothing to cancel.");
      }
      client.resources(AlertRemediation.class).inNamespace(cluster.namespace()).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + KubernautLabels.CANCEL + "\":\"true\"}}}");
      out().println("alertremediation.kubernaut.io/" + name + " cancel requested; the operator ends it Cancelled.");
    }
  }

  /** Durations as kubectl writes them: 30s, 5m, 2h. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
