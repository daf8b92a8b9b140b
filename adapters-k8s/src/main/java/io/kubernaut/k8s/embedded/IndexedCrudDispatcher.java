package io.kubernaut.k8s.embedded;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Key;
import io.fabric8.kubernetes.client.utils.ApiVersionUtil;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's CRUD dispatcher with its objects indexed by name. The dispatcher keeps every object in
 * one map and finds one by testing each key in turn: a GET by name and every create, update and
 * patch (each looks its object up first, holding the write lock) cost a pass over every object
 * stored, which with 100 concurrent remediations was half the embedded mode's CPU. Here a lookup
 * by name tests only the objects of that name, with the dispatcher's own matching, so it answers
 * exactly what the pass would; everything else (LISTs, watches, deletes, the writes themselves) is
 * the dispatcher's, unchanged.
 *
 * <p>Every change to the map goes through {@link #processEvent}, which keeps the index. Should the
 * index ever miss an object the dispatcher stored, it is dropped and every lookup scans again.
 *
 * <p>Watches are its own too ({@link Watch}): the dispatcher's listener parsed the stored JSON into
 * an object and wrote it out again as a watch event for every watch that matched every change,
 * holding the write lock (with five watches on AlertRemediations, a fifth of the API server's CPU
 * at N=100). Here a change's event is the stored JSON in a {@code {"type","object"}} envelope, built
 * once per change and event type and sent to the watches it matches, as the dispatcher matches
 * them (the same ADDED, MODIFIED and DELETED, in the order of the changes); a new watch gets every
 * stored object it matches as ADDED first, as the dispatcher's does.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(IndexedCrudDispatcher.class);

  /**
   * Guards {@link #byName}: GETs and dry runs look up outside the dispatcher's private lock; only
   * {@link #processEvent} writes, and it never looks up while holding it.
   */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();
  /** The keys by their plural (the kind), in the order the dispatcher's map holds them: what a LIST tests. */
  private final Map<Attribute, Set<AttributeSet>> byPlural = new HashMap<>();
  /**
   * The keys by each of their labels (one attribute {@code labels:<name>} with its value), kept as
   * {@link #byPlural} is kept, so in the same order: a LIST with a label selector tests only the keys
   * holding one of its labels. Empty when {@link #ATTRIBUTES} cannot be read.
   */
  private final Map<Attribute, Set<AttributeSet>> byLabel = new HashMap<>();
  /** {@link AttributeSet}'s attributes (private to it), or null when they cannot be read. */
  private static final java.lang.reflect.Field ATTRIBUTES = attributesField();
  private static final String LABEL = "labels:";
  /** The dispatcher's resourceVersion counter, which a LIST's metadata shows; null: LISTs are the dispatcher's. */
  private final java.util.concurrent.atomic.AtomicLong resourceVersion = counter();
  private final Set<Watch> watches = new CopyOnWriteArraySet<>();
  /**
   * Watch events sent, by resource (plural), one per event and watch: what the watching clients had
   * to parse. Nothing in the operator reads it; the benchmarks do (by reflection, as they read the
   * request log), to count the watch traffic per remediation.
   */
  private final Map<String, java.util.concurrent.atomic.LongAdder> eventsSent = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Sends the watch events, in the order the changes were made, after the write that made them (as
   * the dispatcher's listeners send from threads of their own): a client then usually has its
   * write's answer before its event, as from a real API server, which the demo simulator relies on
   * to tell its own writes' events. One daemon thread for all watches (the dispatcher had one per watch).
   */
  private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "embedded-api-watch-events");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean indexed = true;
  /** The dispatcher's own lock (private to it), which its writes hold; null: every write is the dispatcher's. */
  private final ReadWriteLock storeLock = storeLock();
  private final Updater updater = new Updater(this);
  private static final int KEYS_KEPT = 4096;
  private final Map<String, AttributeSet> keys = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Boolean> statusSubresources = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Optional<String>> plurals = new java.util.concurrent.ConcurrentHashMap<>();

  IndexedCrudDispatcher() {
    super(List.of());
  }

  /** A PUT, parsed and written once by {@link Updater} (as fabric8's handler would), or by the dispatcher. */
  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    MockResponse answer = updating(() -> updater.replace(request.getPath(), request.getBody().getBytes()));
    return answer != null ? answer : super.handleUpdate(request);
  }

  /** A JSON patch, applied by {@link Updater} (as fabric8's handler would); other patches are the dispatcher's. */
  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    MockResponse answer = type == null || type.startsWith("application/json-patch+json")
        ? updating(() -> updater.jsonPatch(request.getPath(), request.getBody().getBytes()))
        : null;
    return answer != null ? answer : super.handlePatch(request);
  }

  /**
   * A merge or strategic-merge patch of the object at {@code path} (no query), applied by
   * {@link Updater} as the embedded API server applies it ({@link StrategicMerger}, then written as a
   * PUT of the result); null when it should apply it itself.
   */
  MockResponse mergePatch(String path, byte[] patch, boolean strategic) {
    return updating(() -> updater.mergePatch(path, patch, strategic));
  }

  /**
   * The attributes a path asks for, as the dispatcher reads them (a URL parse and a regular
   * expression, a fifth of the server's allocation at N=100), kept per path: a remediation's objects
   * are read and written by the same few paths a dozen times. A pure function of the path; the cache
   * is emptied whenever it holds {@value #KEYS_KEPT} paths.
   */
  @Override
  public AttributeSet getKey(String path) {
    AttributeSet key = keys.get(path);
    if (key == null) {
      key = super.getKey(path);
      if (keys.size() >= KEYS_KEPT) {
        keys.clear();
      }
      keys.put(path, key);
    }
    return key;
  }

  /** Whether the path's kind has a status subresource, kept per kind until a CRD changes. */
  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    AttributeSet key = getKey(path);
    String kind = key.getAttribute(KubernetesAttributesExtractor.API) + " " + key.getAttribute(KubernetesAttributesExtractor.VERSION)
        + " " + key.getAttribute(KubernetesAttributesExtractor.PLURAL);
    Boolean enabled = statusSubresources.get(kind);
    if (enabled == null) {
      enabled = super.isStatusSubresourceEnabledForResource(path);
      statusSubresources.put(kind, enabled);
    }
    return enabled;
  }

  /** How many updates {@link Updater} stored. */
  long updatesWritten() {
    return updater.written();
  }

  private MockResponse updating(java.util.function.Supplier<MockResponse> write) {
    if (storeLock == null || !indexed) {
      return null;
    }
    storeLock.writeLock().lock();
    try {
      return write.get();
    } finally {
      storeLock.writeLock().unlock();
    }
  }

  /**
   * A DELETE of objects by name, found with the index (the dispatcher tests every stored object), then
   * deleted as the dispatcher deletes: removed, or only marked (a deletionTimestamp, a new
   * resourceVersion) while finalizers remain. A DELETE of a collection is the dispatcher's.
   */
  @Override
  public MockResponse handleDelete(String path) {
    AttributeSet query = getKey(path);
    Attribute name = named(query);
    if (name == null || storeLock == null) {
      return super.handleDelete(path);
    }
    storeLock.writeLock().lock();
    try {
      List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
      lock.readLock().lock();
      try {
        for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
          String value = key.matches(query) ? map.get(key) : null;
          if (value != null) {
            found.add(Map.entry(key, value));
          }
        }
      } finally {
        lock.readLock().unlock();
      }
      if (!indexed) {
        return super.handleDelete(path);
      }
      if (found.isEmpty()) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
      }
      for (Map.Entry<AttributeSet, String> entry : found) {
        delete(path, query, entry);
      }
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.get(0).getValue());
    } finally {
      storeLock.writeLock().unlock();
    }
  }

  /** The dispatcher's deletion of one object (its own is private). */
  private void delete(String path, AttributeSet query, Map.Entry<AttributeSet, String> entry) {
    GenericKubernetesResource resource = Serialization.unmarshal(entry.getValue(), GenericKubernetesResource.class);
    if (resource.getFinalizers().isEmpty()) {
      processEvent(path, query, entry.getKey(), null, null);
    } else if (!resource.isMarkedForDeletion()) {
      resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
      processEvent(path, query, entry.getKey(), resource, Serialization.asJson(resource));
    }
  }

  /** The dispatcher's lock (private to it), or null when it cannot be reached. */
  private ReadWriteLock storeLock() {
    try {
      java.lang.reflect.Field f = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      f.setAccessible(true);
      return (ReadWriteLock) f.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The mock server stops: so does the sender thread (one per embedded API server, idle otherwise forever). */
  @Override
  public void shutdown() {
    super.shutdown();
    sender.shutdownNow();
  }

  /** Whether watch events are still sent (until the server shuts down). */
  boolean sending() {
    return !sender.isShutdown();
  }

  @Override
  public MockResponse handleGet(String path) {
    // A plain GET of one object from the name index; a LIST from the kind's keys; watches go to the dispatcher.
    AttributeSet query = path.indexOf('?') < 0 ? getKey(path) : null;
    Attribute name = query == null ? null : named(query);
    if (name == null) {
      MockResponse listed = list(path);
      return listed != null ? listed : super.handleGet(path);
    }
    Map.Entry<AttributeSet, String> found;
    lock.readLock().lock();
    try {
      found = lookUp(query, name);
    } finally {
      lock.readLock().unlock();
    }
    return found == null ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
  }

  /**
   * A LIST answered as the dispatcher answers it, testing only the keys of the query's kind, or of
   * one of its selector's labels when fewer hold it ({@link #candidates}): the dispatcher tests every
   * stored object, so each of the demo simulator's two LISTs per rollout (one Deployment's ReplicaSets
   * and Pods, by label) cost a pass over all of them, then over every Pod and ReplicaSet; null when
   * the dispatcher should answer: a watch, a query without a kind or by name, nothing found (the
   * dispatcher may then answer API discovery), the index off.
   */
  private MockResponse list(String path) {
    if (resourceVersion == null || !indexed || path.contains("watch=true")) {
      return null;
    }
    AttributeSet query = getKey(path);
    Attribute plural = query.getAttribute(KubernetesAttributesExtractor.PLURAL);
    if (plural == null || query.containsKey(KubernetesAttributesExtractor.NAME)) {
      return null;
    }
    List<String> items = new ArrayList<>();
    lock.readLock().lock();
    try {
      for (AttributeSet key : candidates(query, byPlural.getOrDefault(plural, Set.of()))) {
        if (key.matches(query)) {
          String value = map.get(key);
          if (value != null) {
            items.add(value);
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return items.isEmpty() ? null : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
        .setBody(((KubernetesResponseComposer) responseComposer).compose(items, String.valueOf(resourceVersion.get())));
  }

  /**
   * The keys a LIST's query can match, in {@code ofKind}'s order: {@code ofKind}, or, when the query
   * asks for a label's value (a selector {@code name=value}), the fewest keys holding one of those
   * labels. A key matches such a query only if it holds that very attribute (the matching of
   * {@link AttributeSet} for a {@link AttributeType#WITH}), so no key that matches is left out; and
   * both indexes move a key to the end whenever it changes, so the order is {@code ofKind}'s.
   */
  private Set<AttributeSet> candidates(AttributeSet query, Set<AttributeSet> ofKind) {
    Set<AttributeSet> fewest = ofKind;
    for (Attribute attribute : attributes(query)) {
      if (attribute.getType() == AttributeType.WITH && attribute.getKey().toString().startsWith(LABEL)) {
        Set<AttributeSet> labelled = byLabel.getOrDefault(attribute, Set.of());
        if (labelled.size() < fewest.size()) {
          fewest = labelled;
        }
      }
    }
    return fewest;
  }

  /** The attributes of a key or query; none when they cannot be read (then no label index is kept or used). */
  @SuppressWarnings("unchecked")
  private static java.util.Collection<Attribute> attributes(AttributeSet set) {
    try {
      return ATTRIBUTES == null ? List.of() : ((Map<Key, Attribute>) ATTRIBUTES.get(set)).values();
    } catch (IllegalAccessException | RuntimeException e) {
      return List.of();
    }
  }

  private static java.lang.reflect.Field attributesField() {
    try {
      java.lang.reflect.Field f = AttributeSet.class.getDeclaredField("attributes");
      f.setAccessible(true);
      return Map.class.isAssignableFrom(f.getType()) ? f : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The dispatcher's resourceVersion counter (private to it), or null when it cannot be reached. */
  private java.util.concurrent.atomic.AtomicLong counter() {
    try {
      java.lang.reflect.Field f = KubernetesCrudDispatcher.class.getDeclaredField("resourceVersion");
      f.setAccessible(true);
      return (java.util.concurrent.atomic.AtomicLong) f.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Called by the create, update and patch handlers (under the dispatcher's write lock) and by dry runs. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Attribute name = named(attributes);
    if (name == null) {
      return super.findResource(attributes);
    }
    lock.readLock().lock();
    try {
      return lookUp(attributes, name);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    lock.writeLock().lock();
    try {
      String existing = oldAttributes == null ? null : map.get(oldAttributes);
      AttributeSet newKey;
      if (path.contains("/customresourcedefinitions")) {
        // The dispatcher also learns the CRD's kind (its plural, its status subresource) from the change.
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        statusSubresources.clear();
        plurals.clear();
        newKey = newState == null ? null : storedKey(pathAttributes, resource, newState);
      } else {
        // What the dispatcher does with any other change (its watches are these, its CRD list unchanged),
        // with the key computed once.
        map.remove(oldAttributes);
        newKey = newState == null ? null : storedKey(pathAttributes, resource, newState);
        if (newKey != null) {
          map.put(newKey, newState);
        }
      }
      if (oldAttributes != null) {
        unindex(byName, oldAttributes, KubernetesAttributesExtractor.NAME);
        unindex(byPlural, oldAttributes, KubernetesAttributesExtractor.PLURAL);
        unindexLabels(oldAttributes);
      }
      if (newKey != null && indexed) {
        index(newKey);
      }
      if (!Objects.equals(existing, newState)) {
        tell(oldAttributes, existing, newKey, newState);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * A change's events, as the dispatcher decides them per watch: MODIFIED to a watch that matched the
   * object before and after, DELETED (the old state) to one that matched it only before, ADDED to one
   * that matches it only now. Each event's text is built once, on the sender. Called holding the write
   * lock, so the watches get the changes in the order they were made.
   */
  private void tell(AttributeSet oldKey, String existing, AttributeSet newKey, String newState) {
    List<Watch> modified = new ArrayList<>();
    List<Watch> deleted = new ArrayList<>();
    List<Watch> added = new ArrayList<>();
    for (Watch watch : watches) {
      boolean before = oldKey != null && watch.matches(oldKey);
      boolean after = newKey != null && watch.matches(newKey);
      if (before && after) {
        modified.add(watch);
      } else if (before) {
        deleted.add(watch);
      } else if (after) {
        added.add(watch);
      }
    }
    if (!modified.isEmpty() || !deleted.isEmpty() || !added.isEmpty()) {
      sender.execute(() -> {
        sendAll(modified, "MODIFIED", newState);
        sendAll(deleted, "DELETED", existing);
        sendAll(added, "ADDED", newState);
      });
    }
  }

  private static void sendAll(List<Watch> to, String type, String object) {
    if (!to.isEmpty()) {
      String text = event(type, object);
      to.forEach(w -> w.send(text));
    }
  }

  /** A watch event: the stored JSON of the object, as it is served, in the event's envelope. */
  private static String event(String type, String object) {
    return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
  }

  /**
   * A watch of the path's kind, namespace and selectors (and of one name, with a {@code metadata.name}
   * field selector), answered by {@link Watch}.
   */
  @Override
  public MockResponse handleWatch(String path) {
    AttributeSet query = getKey(path);
    String name = fieldSelectorName(path);
    if (name != null) {
      query = query.add(new Attribute(KubernetesAttributesExtractor.NAME, name));
    }
    return new MockResponse().withWebSocketUpgrade(new Watch(query));
  }

  /** The name a watch's {@code metadata.name} field selector asks for, read as the dispatcher reads it; or null. */
  private static String fieldSelectorName(String path) {
    String query;
    try {
      query = new URI(path).getQuery();
    } catch (URISyntaxException e) {
      return null;
    }
    String name = "";
    for (String q : query == null ? new String[0] : query.split("&")) {
      if (q.contains("fieldSelector") && q.contains("metadata.name")) {
        String[] s = q.split("=");
        name = s[s.length - 1];
      }
    }
    return name.isEmpty() ? null : name;
  }

  /**
   * One open watch. Once its socket is open it gets every stored object it matches as ADDED and is
   * registered for the changes, both under the read lock, so that no change falls between the two.
   */
  private final class Watch extends WebSocketListener {

    private final AttributeSet query;
    private final Attribute plural;
    private final java.util.concurrent.atomic.LongAdder sent;
    private volatile WebSocket socket;

    Watch(AttributeSet query) {
      this.query = query;
      this.plural = query.getAttribute(KubernetesAttributesExtractor.PLURAL);
      this.sent = eventsSent.computeIfAbsent(plural == null ? "" : String.valueOf(plural.getValues().get(0)),
          p -> new java.util.concurrent.atomic.LongAdder());
    }

    /**
     * The dispatcher's matching, after a look at the kind: a key holds one attribute per name, so a
     * key matches a query of its kind only (every change is tested against every watch).
     */
    boolean matches(AttributeSet key) {
      return (plural == null || plural.equals(key.getAttribute(KubernetesAttributesExtractor.PLURAL))) && key.matches(query);
    }

    /** Sends an event; a socket that fails is dropped, never the write whose change it tells. */
    void send(String event) {
      try {
        socket.send(event);
        sent.increment();
      } catch (RuntimeException e) {
        watches.remove(this);
        LOG.debug("A watch of the embedded API server failed and was dropped: {}", e.getMessage());
      }
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
      lock.readLock().lock();
      try {
        List<Map.Entry<AttributeSet, String>> stored;
        synchronized (map) {
          stored = new ArrayList<>(map.entrySet());
        }
        List<String> matching = stored.stream().filter(e -> matches(e.getKey())).map(Map.Entry::getValue).toList();
        // Sent here, on the server's thread in onOpen, as fabric8's own dispatcher does: from the sender thread they
        // could be written before the server had finished opening the socket, and be lost (a watch opened while
        // writes went on missed its first ADDED events once in CI, 2026-12-07). Changes go on the sender after them.
        matching.forEach(object -> send(event("ADDED", object)));
        watches.add(this);
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      watches.remove(this);
      webSocket.close(code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      watches.remove(this);
      webSocket.close(1000, error.getMessage());
    }
  }

  @Override
  public void reset() {
    lock.writeLock().lock();
    try {
      super.reset();
      statusSubresources.clear();
      plurals.clear();
      byName.clear();
      byPlural.clear();
      byLabel.clear();
      indexed = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The query's name when it asks for objects of exactly that name and the index can answer it, else null. */
  private Attribute named(AttributeSet query) {
    Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
    return indexed && name != null && name.getType() == AttributeType.WITH ? name : null;
  }

  /** The first object of that name the query matches, tested as the dispatcher tests each key. */
  private Map.Entry<AttributeSet, String> lookUp(AttributeSet query, Attribute name) {
    if (!indexed) {
      return super.findResource(query);
    }
    for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
      if (key.matches(query)) {
        String value = map.get(key);
        if (value != null) {
          return Map.entry(key, value);
        }
      }
    }
    return null;
  }

  /** The key the dispatcher stored {@code newState} under, computed as it computes it. */
  private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    AttributeSet key = resource != null ? keyOf(resource) : attributeExtractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
  }

  /**
   * The key fabric8's extractor makes of an object (apiVersion, name, namespace, labels, the plural of
   * its kind), built in one map: the extractor adds attribute by attribute, copying the set each time,
   * and looks the kind's plural up in its CRD list per object. Here the plural is kept per kind until a
   * CRD changes.
   */
  AttributeSet keyOf(io.fabric8.kubernetes.api.model.HasMetadata object) {
    Map<Key, Attribute> attributes = new HashMap<>();
    String apiVersion = object.getApiVersion();
    String api = null;
    String version = null;
    if (apiVersion != null && !apiVersion.isEmpty()) {
      api = ApiVersionUtil.trimGroup(apiVersion);
      version = ApiVersionUtil.trimVersion(apiVersion);
      if (!api.equals(apiVersion)) {
        put(attributes, new Attribute(KubernetesAttributesExtractor.API, api));
      } else {
        api = null;
      }
      put(attributes, new Attribute(KubernetesAttributesExtractor.VERSION, version));
    }
    String name = object.getMetadata().getName();
    if (name != null && !name.isEmpty()) {
      put(attributes, new Attribute(KubernetesAttributesExtractor.NAME, name));
      put(attributes, new Attribute(KubernetesAttributesExtractor.METADATA_NAME, name));
    }
    String namespace = object.getMetadata().getNamespace();
    if (namespace != null && !namespace.isEmpty()) {
      put(attributes, new Attribute(KubernetesAttributesExtractor.NAMESPACE, namespace));
      put(attributes, new Attribute(KubernetesAttributesExtractor.METADATA_NAMESPACE, namespace));
    }
    if (object.getMetadata().getLabels() != null) {
      object.getMetadata().getLabels().forEach((k, v) -> put(attributes, new Attribute("labels:" + k, v)));
    }
    String plural = object instanceof GenericKubernetesResource ? pluralOf(api, version, apiVersion, object.getKind())
        : object.getPlural();
    if (plural != null) {
      put(attributes, new Attribute(KubernetesAttributesExtractor.PLURAL, plural));
    }
    return new AttributeSet(attributes);
  }

  private static void put(Map<Key, Attribute> attributes, Attribute attribute) {
    attributes.put(attribute.getKey(), attribute);
  }

  /** The plural the extractor finds for a kind without a class (from the CRDs it knows), or null. */
  private String pluralOf(String api, String version, String apiVersion, String kind) {
    return plurals.computeIfAbsent(api + " " + version + " " + kind, k -> {
      GenericKubernetesResource probe = new GenericKubernetesResource();
      probe.setApiVersion(apiVersion);
      probe.setKind(kind);
      probe.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      Attribute found = ((KubernetesAttributesExtractor) attributeExtractor).extract(probe)
          .getAttribute(KubernetesAttributesExtractor.PLURAL);
      return Optional.ofNullable(found == null ? null : found.getValues().get(0).toString());
    }).orElse(null);
  }

  private void index(AttributeSet key) {
    Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
    Attribute plural = key.getAttribute(KubernetesAttributesExtractor.PLURAL);
    if (name == null || plural == null || !map.containsKey(key)) {
      indexed = false;
      byName.clear();
      byPlural.clear();
      byLabel.clear();
      LOG.warn("The embedded API server's index missed an object ({}); lookups scan every object from now on", key);
      return;
    }
    byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
    byPlural.computeIfAbsent(plural, n -> new LinkedHashSet<>()).add(key);
    for (Attribute attribute : attributes(key)) {
      if (attribute.getKey().toString().startsWith(LABEL)) {
        byLabel.computeIfAbsent(attribute, n -> new LinkedHashSet<>()).add(key);
      }
    }
  }

  private void unindexLabels(AttributeSet key) {
    for (Attribute attribute : attributes(key)) {
      Set<AttributeSet> same = byLabel.get(attribute);
      if (same != null && same.remove(key) && same.isEmpty()) {
        byLabel.remove(attribute);
      }
    }
  }

  private static void unindex(Map<Attribute, Set<AttributeSet>> index, AttributeSet key, String attribute) {
    Set<AttributeSet> same = index.get(key.getAttribute(attribute));
    if (same != null && same.remove(key) && same.isEmpty()) {
      index.remove(key.getAttribute(attribute));
    }
  }
}
