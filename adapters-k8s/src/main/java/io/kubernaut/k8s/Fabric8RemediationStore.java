package io.kubernaut.k8s;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.failure.AlreadyExistsException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.EscalateStorm;
import io.kubernaut.ports.out.RemediationStore;
import io.kubernaut.ports.remediation.FiringAlerts;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RecordedResolution;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.SourceAlert;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * AlertRemediations in the API server, with {@link CaffeineRecentSignals} as the fast path.
 * Lookups by fingerprint go through the {@code kubernaut.io/fingerprint} label (first 40 hex) and
 * are confirmed against the full fingerprint in spec. Gateway status fields are written with a
 * JSON patch that carries the resourceVersion it was computed from: the API server answers 409
 * when anyone changed the object meanwhile, and the write is recomputed from a fresh read. See
 * DESIGN.md for why this, and not a {@code test} op or a merge patch, is the lock.
 *
 * <p>Duplicates are counted in memory and written by the {@link DuplicateFlusher} at most once per
 * flush interval per remediation, as increments through the same guarded write. Storm crossings are
 * queued the same way and recorded by that write, which escalates those it recorded: a duplicate of a
 * remediation the cache holds costs no API request, whatever it crosses.
 */
final class Fabric8RemediationStore implements RemediationStore, AutoCloseable {

  private static final int WRITE_ATTEMPTS = 30;
  private static final int LOCK_STRIPES = 64;

  private final KubernetesClient client;
  private final String namespace;
  /**
   * Where a new AlertRemediation is POSTed, resolved once: fabric8's create builds this URL again for
   * every call (joining its segments with regular expressions and parsing a URI each time), which was
   * about a sixth of the gateway's CPU per new alert.
   */
  private final String createUrl;
  private final Shard shard;
  /** How long after an episode's resolution a firing of it is late, no news: the same as the intake's. */
  private final Duration lateFiringWindow;
  private final CaffeineRecentSignals recent;
  private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];
  private final DuplicateFlusher duplicates;
  /**
   * Storm crossings ({@code <remediation>/<threshold>}) this process has queued or recorded: later
   * duplicates that cross the same threshold (before the flush, or while the watch has not shown the
   * record yet) queue nothing. Bounded; a forgotten claim only costs a crossing queued again, which the
   * flush finds recorded and drops.
   */
  /**
   * The summary of each AlertRemediation object the cache hands out, by identity: a duplicate reads its
   * remediation twice (dedup, then count), and mapping parses every recent arrival time. The cache
   * replaces an object whenever the remediation changes, so an entry never goes stale.
   */
  private final Cache<AlertRemediation, RemediationSummary> summaries = Caffeine.newBuilder().weakKeys()
      .executor(CaffeineRecentSignals.UPKEEP).maximumSize(20_000).build();
  /**
   * Sources this process recorded (or found recorded) as firing on a remediation, by name, newline and
   * source, for a few seconds: while the watch has not shown that write yet, their duplicates write
   * nothing. Short, so that a source struck off by another replica's resolution and firing again is
   * recorded again.
   */
  private final Cache<String, Boolean> firingRecorded = Caffeine.newBuilder().executor(CaffeineRecentSignals.UPKEEP)
      .maximumSize(100_000).expireAfterWrite(java.time.Duration.ofSeconds(10)).build();
  private final Cache<String, Boolean> stormClaims = Caffeine.newBuilder().executor(CaffeineRecentSignals.UPKEEP).maximumSize(100_000)
      .expireAfterWrite(Duration.ofHours(6)).build();

  /** @param storms escalates the storm crossings this store's flushes record */
  Fabric8RemediationStore(KubernetesClient client, KubernetesSettings settings, CaffeineRecentSignals recent,
      EscalateStorm storms) {
    this(client, settings, recent, storms, DuplicateFlusher.INTERVAL);
  }

  /** @param flushInterval how often duplicates counted and storm crossings queued in memory are written to status */
  Fabric8RemediationStore(KubernetesClient client, KubernetesSettings settings, CaffeineRecentSignals recent,
      EscalateStorm storms, java.time.Duration flushInterval) {
    this.client = client;
    this.namespace = settings.namespace();
    this.createUrl = io.fabric8.kubernetes.client.utils.URLUtils.join(client.getMasterUrl().toString(), "apis",
        io.fabric8.kubernetes.api.model.HasMetadata.getGroup(AlertRemediation.class),
        io.fabric8.kubernetes.api.model.HasMetadata.getVersion(AlertRemediation.class), "namespaces", namespace,
        io.fabric8.kubernetes.api.model.HasMetadata.getPlural(AlertRemediation.class));
    this.shard = settings.shard();
    this.lateFiringWindow = settings.lateFiringWindow();
    this.recent = recent;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    this.duplicates = new DuplicateFlusher((name, change) -> write(name, summary -> true, change), storms,
        flushInterval);
  }

  /**
   * Starts the dedup cache's informer (the operator does as its controllers start, after the HTTP
   * server, so that listing thousands of remediations does not slow the start; the first lookup does
   * on a replica whose controllers have not started); until it has listed, lookups read the API server.
   */
  void watch() {
    recent.start();
  }

  @Override
  public List<RemediationSummary> findByFingerprint(Fingerprint fingerprint) {
    watch();
    List<AlertRemediation> found = recent.byFingerprint(fingerprint.hex()).orElseGet(() -> {
      Optional<List<AlertRemediation>> watched = recent.fromWatch(fingerprint.hex());
      List<AlertRemediation> read = watched.orElseGet(() -> list(fingerprint));
      recent.remember(fingerprint.hex(), read, watched.isEmpty());
      return read;
    });
    // A loop, not a stream: every signal asks, and nearly always for one remediation.
    List<RemediationSummary> summaries = new ArrayList<>(found.size());
    for (AlertRemediation ar : found) {
      summaries.add(summary(ar));
    }
    return List.copyOf(summaries);
  }

  private List<AlertRemediation> list(Fingerprint fingerprint) {
    try {
      return client.resources(AlertRemediation.class).inNamespace(namespace)
          .withLabel(KubernautLabels.FINGERPRINT, fingerprint.labelValue())
          .list().getItems().stream()
          .filter(ar -> ar.getSpec() != null && fingerprint.hex().equals(ar.getSpec().getFingerprint()))
          .toList();
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("list AlertRemediations by fingerprint", e);
    }
  }

  @Override
  public Optional<RemediationSummary> findByName(String name) {
    return Optional.ofNullable(get(name)).map(RemediationSummaries::of);
  }

  @Override
  public void create(NewRemediation remediation) {
    AlertRemediation ar = new AlertRemediation();
    // The metadata the resource made for itself, filled in: a builder copies every list and map it is given.
    ObjectMeta metadata = ar.getMetadata();
    metadata.setName(remediation.name());
    metadata.setNamespace(namespace);
    metadata.setLabels(labels(remediation, shard));
    metadata.setFinalizers(List.of(KubernautLabels.REMEDIATION_FINALIZER)); // in the create: the controller need not add it
    ar.setSpec(spec(remediation));
    try {
      AlertRemediation created = post(ar);
      if (created != null) {
        recent.created(created);
      }
    } catch (KubernetesClientException e) {
      RuntimeException failure = KubernetesFailures.translateCreate("AlertRemediation " + remediation.name(), e);
      if (failure instanceof AlreadyExistsException) {
        recent.invalidate(remediation.fingerprint().hex());
      }
      throw failure;
    }
  }

  /**
   * Creates {@code ar} as fabric8's create does (the client's HTTP client, so its authentication,
   * retries and timeouts; the API server's Status as a {@link KubernetesClientException} on a refusal),
   * to the URL resolved once. Answers {@code ar} under the metadata of the API server's answer (uid,
   * resourceVersion, creation time, the labels and finalizers as stored), or null when the answer has
   * none. Of the answer only the metadata is parsed: its spec is the one sent (the CRDs declare no
   * defaults), and the informer delivers the API server's own copy a moment later; parsing the whole
   * answer cost the gateway as much as that watch event does, for every new alert.
   */
  private AlertRemediation post(AlertRemediation ar) {
    io.fabric8.kubernetes.client.utils.KubernetesSerialization json = client.getKubernetesSerialization();
    io.fabric8.kubernetes.client.http.HttpRequest.Builder builder = client.getHttpClient().newHttpRequestBuilder()
        .uri(createUrl).post("application/json", json.asJson(ar).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    int timeoutMs = client.getConfiguration().getRequestTimeout();
    if (timeoutMs > 0) {
      builder.timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    io.fabric8.kubernetes.client.http.HttpRequest request = builder.build();
    io.fabric8.kubernetes.client.http.HttpResponse<byte[]> response;
    try {
      response = client.getHttpClient().sendAsync(request, byte[].class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestException(request, e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k) {
        throw k;
      }
      throw io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestException(request,
          e.getCause() instanceof Exception cause ? cause : e);
    }
    if (!response.isSuccessful()) {
      throw io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(request,
          io.fabric8.kubernetes.client.dsl.internal.OperationSupport.createStatus(response, json));
    }
    CreateAnswer answer = json.unmarshal(new java.io.ByteArrayInputStream(response.body()), CreateAnswer.class);
    if (answer == null || answer.metadata == null || answer.metadata.getResourceVersion() == null) {
      return null; // created, but nothing to cache: the watch delivers it
    }
    answer.metadata.setManagedFields(null); // as the informers' copies: no reader uses them
    ar.setMetadata(answer.metadata);
    return ar;
  }

  /** The part of a create's answer the gateway reads. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  static final class CreateAnswer {
    public ObjectMeta metadata;
  }

  /**
   * Counts the duplicate in memory against the remediation as last seen (the watch keeps it fresh);
   * the flusher writes it to status within the flush interval. Nothing is counted when it no longer
   * absorbs signals at {@code at}: the fingerprint is re-read then.
   */
  @Override
  public Optional<RemediationSummary> recordDuplicate(String name, Instant at) {
    AlertRemediation current = recent.byName(name).orElseGet(() -> get(name));
    if (current == null) {
      return Optional.empty();
    }
    RemediationSummary stored = summary(current);
    if (!stored.absorbsAt(at)) {
      recent.invalidate(current.getSpec().getFingerprint());
      return Optional.empty();
    }
    return Optional.of(duplicates.count(stored, at));
  }

  private RemediationSummary summary(AlertRemediation ar) {
    return summaries.get(ar, RemediationSummaries::of);
  }

  /** Writes every duplicate counted and storm crossing queued so far to status now (tests, and a graceful stop). */
  void flushDuplicates() {
    duplicates.flushAll();
  }

  /** Flushes the duplicates counted so far, stops the flusher and the dedup cache's watch. */
  @Override
  public void close() {
    duplicates.close();
    recent.close();
  }

  /** Queues the crossing for the next flush, which records it (once, across replicas) and escalates it. */
  @Override
  public boolean queueStorm(String name, StormCrossing crossing) {
    String claim = name + "/" + crossing.threshold().wireName();
    if (stormClaims.asMap().putIfAbsent(claim, Boolean.TRUE) != null) {
      return false; // this process queued it (or recorded it) already
    }
    return duplicates.queueStorm(name, crossing);
  }

  /** As for a delivery of one, with no allocation for a source already known (every later duplicate's). */
  @Override
  public void recordFiring(String name, String source, Instant startsAt, Instant at) {
    if (source == null || source.isBlank() || firingRecorded.getIfPresent(name + "\n" + source) != null) {
      return;
    }
    recordFiring(name, List.of(new SourceAlert(source, startsAt)), at);
  }

  /**
   * Adds the alerts' sources to the remediation's firing alerts with one status write, only for those the
   * remediation (as cached, else as read) does not hold yet: once per alert, not per duplicate, and one
   * write for a delivery's alerts of one problem.
   */
  @Override
  public void recordFiring(String name, List<SourceAlert> alerts, Instant at) {
    List<SourceAlert> unknown = alerts.stream().filter(SourceAlert::named)
        .filter(a -> firingRecorded.getIfPresent(name + "\n" + a.source()) == null).toList();
    if (unknown.isEmpty()) {
      return;
    }
    AlertRemediation known = recent.byName(name).orElseGet(() -> get(name));
    if (known == null) {
      return;
    }
    FiringAlerts cached = firing(known);
    Map<String, Instant> news = new LinkedHashMap<>(); // source -> its episode's start (null when not said)
    unknown.stream().filter(a -> cached.with(a.source()).isPresent())
        .filter(a -> !news.containsKey(a.source())) // the first mention wins, as the search it replaces found it
        .forEach(a -> news.put(a.source(), a.startsAt()));
    if (news.isEmpty()) {
      return;
    }
    // Read again with the status written: a late firing (its episode resolved meanwhile, by this replica or another)
    // records nothing, and one past FiringAlerts.MAX is not held.
    AtomicReference<Set<String>> held = new AtomicReference<>(); // stays null when the remediation no longer absorbs
    write(name, summary -> summary.absorbsAt(at), status -> {
      List<String> onTime = news.entrySet().stream().filter(alert -> !GatewayStatus.lateFiring(status, alert.getKey(),
          alert.getValue(), at, lateFiringWindow)).map(Map.Entry::getKey).toList();
      FiringAlerts before = firing(known.getSpec(), status);
      Optional<Map<String, Object>> fields = GatewayStatus.recordFiring(before, onTime);
      List<?> after = fields.<List<?>>map(f -> (List<?>) f.get("firingAlerts")).orElse(before.sources());
      held.set(onTime.stream().filter(after::contains).collect(Collectors.toSet()));
      return fields;
    });
    // Written, or found written (by another replica: this one's cache may lag), or on a remediation that no longer
    // absorbs them: later duplicates write nothing.
    news.keySet().stream().filter(source -> held.get() == null || held.get().contains(source))
        .forEach(source -> firingRecorded.put(name + "\n" + source, Boolean.TRUE));
  }

  @Override
  public RecordedResolution recordResolution(String name, Instant at, String source, Instant startsAt,
      boolean othersFire) {
    AlertRemediation known = recent.byName(name).orElseGet(() -> get(name));
    if (known == null) {
      throw new io.kubernaut.ports.failure.GoneException("AlertRemediation " + name + " no longer exists.");
    }
    int[] stillFiring = {0};
    List<String> struckOff = new ArrayList<>(List.of(source));
    forgetFiring(name, struckOff);
    RemediationSummary recorded = write(name, summary -> true, status -> {
      FiringAlerts before = firing(known.getSpec(), status);
      FiringAlerts.Resolution resolution = othersFire ? new FiringAlerts.Resolution(before.without(source), false)
          : before.resolve(source);
      stillFiring[0] = resolution.stillFiring();
      before.sources().stream().filter(s -> !resolution.remaining().contains(s)).forEach(struckOff::add);
      return GatewayStatus.recordResolution(status, at, before, resolution, source, startsAt, lateFiringWindow);
    }).or(() -> othersFire ? Optional.of(summary(known)) : findByName(name)) // the caller of a strike-off reads nothing
        .orElseThrow(() -> new io.kubernaut.ports.failure.GoneException("AlertRemediation " + name
            + " no longer exists."));
    // Every source struck off fires anew when it next fires: a firing recorded a moment ago is not taken as known.
    forgetFiring(name, struckOff);
    return new RecordedResolution(recorded, stillFiring[0]);
  }

  @Override
  public void recordResolutions(String name, List<SourceAlert> alerts, Instant at) {
    List<SourceAlert> named = alerts.stream().filter(SourceAlert::named).toList();
    if (named.isEmpty()) {
      return;
    }
    AlertRemediation known = recent.byName(name).orElseGet(() -> get(name));
    if (known == null) {
      return;
    }
    List<String> struckOff = new ArrayList<>(named.stream().map(SourceAlert::source).toList());
    forgetFiring(name, struckOff);
    write(name, summary -> true, status -> {
      FiringAlerts before = firing(known.getSpec(), status);
      FiringAlerts.Resolution resolution = GatewayStatus.resolveAll(before, named);
      before.sources().stream().filter(s -> !resolution.remaining().contains(s)).forEach(struckOff::add);
      return GatewayStatus.recordResolutions(status, at, before, resolution, named, lateFiringWindow);
    });
    // Every source struck off fires anew when it next fires: a firing recorded a moment ago is not taken as known.
    forgetFiring(name, struckOff);
  }

  /**
   * From the cache, and, where the cache's copy does not track it, read fresh: another replica may have
   * recorded it a moment ago, and a resolution answered "not tracked" would leave it firing there for ever.
   */
  @Override
  public boolean tracksFiring(String name, String source) {
    Optional<AlertRemediation> cached = recent.byName(name);
    if (cached.isPresent() && firing(cached.get()).contains(source)) {
      return true;
    }
    AlertRemediation fresh = get(name);
    return fresh != null && firing(fresh).contains(source);
  }

  @Override
  public void recordResolvedEpisode(String name, Instant at, String source, Instant startsAt) {
    write(name, summary -> true, status -> GatewayStatus.recordEpisode(status, source, startsAt, at, lateFiringWindow));
  }

  private void forgetFiring(String name, List<String> sources) {
    sources.forEach(source -> firingRecorded.invalidate(name + "\n" + source));
  }

  /** The source alerts the remediation tracks as firing ({@link FiringAlerts}). */
  private static FiringAlerts firing(AlertRemediation ar) {
    return firing(ar.getSpec(), ar.getStatus() == null ? new AlertRemediationStatus() : ar.getStatus());
  }

  private static FiringAlerts firing(AlertRemediationSpec spec, AlertRemediationStatus status) {
    return FiringAlerts.of(spec == null ? null : spec.getSourceFingerprint(), status.getFiringAlerts());
  }

  private AlertRemediation get(String name) {
    try {
      return client.resources(AlertRemediation.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("read AlertRemediation " + name, e);
    }
  }

  /**
   * Optimistic read-modify-write of gateway status fields. {@code change} answers the fields to
   * set for the status it is shown, or empty when there is nothing to write; the answer is empty
   * then, as it is when the remediation is gone or {@code writable} refuses it (a duplicate is only
   * counted on a remediation that absorbs it).
   * Writers in this process take turns per name; other replicas are held off by the 409.
   */
  private Optional<RemediationSummary> write(String name, Predicate<RemediationSummary> writable,
      GatewayStatus.Change change) {
    ReentrantLock lock = stripes[Math.floorMod(name.hashCode(), LOCK_STRIPES)];
    lock.lock();
    try {
      AlertRemediation current = recent.byName(name).orElseGet(() -> get(name));
      for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
        if (current == null || !writable.test(summary(current))) {
          if (current != null) {
            recent.invalidate(current.getSpec().getFingerprint());
          }
          return Optional.empty();
        }
        AlertRemediationStatus status = current.getStatus() == null ? new AlertRemediationStatus() : current.getStatus();
        Optional<Map<String, Object>> patch = change.apply(status);
        if (patch.isEmpty()) {
          return Optional.empty();
        }
        Optional<AlertRemediation> written = patchStatus(current, patch.get());
        if (written.isPresent()) {
          // The cache now hands this object out: its summary, made here, is the one the next duplicate reads.
          recent.observed(written.get());
          return written.map(this::summary);
        }
        backOff(attempt);
        current = get(name);
      }
    } finally {
      lock.unlock();
    }
    throw new RetryableException("AlertRemediation " + name + " changed " + WRITE_ATTEMPTS
        + " times while the gateway was recording on it; retry later.");
  }

  /**
   * The patched object, or empty on a 409 (someone wrote since {@code current} was read) or a 404
   * (deleted since: the caller's fresh read then finds it gone, the cached copy being stale). The JSON
   * patch sets metadata.resourceVersion to the version read, which the API server turns into a
   * precondition; {@code add} on each status field replaces it whole (arrays included).
   */
  private Optional<AlertRemediation> patchStatus(AlertRemediation current, Map<String, Object> statusFields) {
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(Map.of("op", "replace", "path", "/metadata/resourceVersion", "value", current.getMetadata().getResourceVersion()));
    if (current.getStatus() == null) {
      ops.add(Map.of("op", "add", "path", "/status", "value", Map.of()));
    }
    statusFields.forEach((field, value) -> ops.add(Map.of("op", "add", "path", "/status/" + field, "value", value)));
    try {
      // Addressed through an object: fabric8 reads the object first when a patch names it only. Through a stub that
      // holds only the address, not the remediation read: fabric8 clones the object it is handed (serialises and
      // parses it whole) to learn its name, and the JSON patch carries all it sends, the resourceVersion included.
      return Optional.of(client.resource(StatusPatches.address(current)).subresource("status")
          .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops)));
    } catch (KubernetesClientException e) {
      if (KubernetesFailures.isConflict(e) || KubernetesFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw KubernetesFailures.translate("update the status of AlertRemediation " + current.getMetadata().getName(), e);
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 10) * 5L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("Interrupted while retrying a status write.", e);
    }
  }

  private static Map<String, String> labels(NewRemediation r, Shard shard) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(KubernautLabels.FINGERPRINT, r.fingerprint().labelValue());
    labels.put(KubernautLabels.ALERTNAME, KubernautLabels.sanitize(r.signal().name()));
    labels.put(KubernautLabels.ENVIRONMENT, r.environment().wireName());
    labels.put(KubernautLabels.SEVERITY, r.severity().wireName());
    labels.put(KubernautLabels.MANAGED_BY, "kubernaut");
    String target = r.target().namespace().isEmpty() ? r.target().name() : r.target().namespace();
    labels.put(KubernautLabels.SHARD, Integer.toString(shard.of(target)));
    return labels;
  }

  private static AlertRemediationSpec spec(NewRemediation r) {
    AlertRemediationSpec spec = new AlertRemediationSpec();
    spec.setFingerprint(r.fingerprint().hex());
    spec.setAlertName(r.signal().name());
    spec.setSource(r.signal().source().wireName());
    spec.setSeverity(r.severity().wireName());
    spec.setRawSeverity(r.signal().severity());
    spec.setEnvironment(r.environment().wireName());
    spec.setTarget(ObjectRef.of(r.target()));
    TargetRef signalTarget = r.signal().target();
    if (signalTarget != null && !signalTarget.equals(r.target())) {
      spec.setSignalTarget(ObjectRef.of(signalTarget));
    }
    spec.setLabels(r.signal().labels());
    spec.setAnnotations(r.signal().annotations());
    spec.setStartsAt(r.signal().startsAt() == null ? null : r.signal().startsAt().toString());
    spec.setReceivedAt(r.receivedAt().toString());
    spec.setSourceFingerprint(r.signal().sourceFingerprint().isEmpty() ? null : r.signal().sourceFingerprint());
    if (!r.affectedResources().isEmpty()) {
      spec.setAffectedResources(r.affectedResources().stream().map(ObjectRef::of).toList());
    }
    return spec;
  }
}
