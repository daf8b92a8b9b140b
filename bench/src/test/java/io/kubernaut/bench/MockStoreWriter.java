package io.kubernaut.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.Utils;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.lang.reflect.Field;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Writes objects straight into the embedded API server's store, as its create handler would have
 * stored them (uid, creation time and resourceVersion from the server, keyed by the server's own
 * attribute extractor, watchers told), but without an HTTP request each and with the status kept.
 * The split benchmark uses it to put 10,000 waiting remediations in place in seconds: through the
 * API, a create and a status write per object on fabric8's mock, which scans its whole store on
 * every request, took 43 minutes. The server is reached by reflection (benchmark code, like
 * {@link ApiRequestLog}); the operator is stopped meanwhile, so nothing but this writes.
 */
final class MockStoreWriter {

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_INSTANT;

  private final KubernetesCrudDispatcher store;
  private final Lock writeLock;

  MockStoreWriter(EmbeddedApiServer api) {
    Object server = field(api, "server");
    Object discovery = field(server, "dispatcher");
    this.store = (KubernetesCrudDispatcher) field(discovery, "delegate");
    this.writeLock = ((ReadWriteLock) field(store, "lock")).writeLock();
  }

  /**
   * Stores {@code json} (an object of {@code kind} with a name and namespace, status included) as a
   * new object and returns its uid.
   */
  String create(Class<? extends HasMetadata> kind, String json) {
    GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
    var meta = resource.getMetadata();
    String path = "/apis/" + HasMetadata.getGroup(kind) + "/" + HasMetadata.getVersion(kind) + "/namespaces/"
        + meta.getNamespace() + "/" + HasMetadata.getPlural(kind);
    String uid = Utils.generateId().toString();
    meta.setUid(uid);
    meta.setCreationTimestamp(TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)));
    meta.setGeneration(1L);
    meta.setManagedFields(null);
    writeLock.lock();
    try {
      meta.setResourceVersion(String.valueOf(store.requestResourceVersion()));
      AttributeSet key = store.getKey(path).add(new Attribute("name", meta.getName()));
      store.processEvent(path, key, null, resource, Serialization.asJson(resource));
    } finally {
      writeLock.unlock();
    }
    return uid;
  }

  private static Object field(Object owner, String name) {
    for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
      } catch (NoSuchFieldException next) {
        // declared higher up
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("The benchmark writes into " + owner.getClass().getSimpleName() + "." + name
        + " to seed the embedded API server; it has moved, update MockStoreWriter.");
  }
}
