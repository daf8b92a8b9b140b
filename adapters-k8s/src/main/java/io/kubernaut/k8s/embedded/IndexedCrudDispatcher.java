package io.kubernaut.k8s.embedded;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(IndexedCrudDispatcher.class);

  /**
   * Guards {@link #byName}: GETs and dry runs look up outside the dispatcher's private lock; only
   * {@link #processEvent} writes, and it never looks up while holding it.
   */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();
  private volatile boolean indexed = true;

  IndexedCrudDispatcher() {
    super(List.of());
  }

  @Override
  public MockResponse handleGet(String path) {
    // Only a plain GET of one object: queries (watches, selectors) go to the dispatcher.
    AttributeSet query = path.indexOf('?') < 0 ? attributeExtractor.fromPath(path) : null;
    Attribute name = query == null ? null : named(query);
    if (name == null) {
      return super.handleGet(path);
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
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (oldAttributes != null) {
        Set<AttributeSet> same = byName.get(oldAttributes.getAttribute(KubernetesAttributesExtractor.NAME));
        if (same != null && same.remove(oldAttributes) && same.isEmpty()) {
          byName.remove(oldAttributes.getAttribute(KubernetesAttributesExtractor.NAME));
        }
      }
      if (newState != null && indexed) {
        index(storedKey(pathAttributes, resource, newState));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void reset() {
    lock.writeLock().lock();
    try {
      super.reset();
      byName.clear();
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
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
  }

  private void index(AttributeSet key) {
    Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name == null || !map.containsKey(key)) {
      indexed = false;
      byName.clear();
      LOG.warn("The embedded API server's name index missed an object ({}); lookups scan every object from now on", key);
      return;
    }
    byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
  }
}
