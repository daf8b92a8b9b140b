package io.kubernaut.k8s.embedded;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceDefinitionProcessor;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherHandler;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudPersistence;
import io.fabric8.kubernetes.client.server.mock.crud.PatchHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PostHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;

/**
 * Answers a write with {@code dryRun=All} as a real API server does: the mock's own create, update
 * and patch handlers (merge, strategic-merge and JSON patch) compute the object the write would
 * produce, validated as the real write would be, against a view of the store that drops every
 * change. A dry-run delete answers with the object it would delete. Nothing is stored and no watch
 * event is sent.
 */
final class DryRunner {

  private final KubernetesCrudDispatcher store;
  private final KubernetesCrudPersistence discarding;
  private final KubernetesCrudDispatcherHandler create;
  private final KubernetesCrudDispatcherHandler update;
  private final KubernetesCrudDispatcherHandler patch;

  DryRunner(KubernetesCrudDispatcher store, List<CustomResourceDefinition> crds) {
    this.store = store;
    this.discarding = new Discarding(store);
    CustomResourceDefinitionProcessor kinds = new CustomResourceDefinitionProcessor();
    crds.forEach(crd -> kinds.addCrdContext(CustomResourceDefinitionContext.fromCrd(crd)));
    KubernetesAttributesExtractor extractor = new KubernetesAttributesExtractor();
    extractor.setCustomResourceDefinitionProcessor(kinds);
    this.create = new PostHandler(extractor, discarding);
    this.update = new PutHandler(discarding);
    this.patch = new PatchHandler(discarding);
  }

  /** The answer to a dry-run write: the object as it would be, or the refusal the real write would get. */
  MockResponse answer(RecordedRequest request, ResourcePath path) {
    try {
      return switch (request.getMethod()) {
        case "POST" -> create.handle(request);
        case "PUT" -> update.handle(request);
        case "PATCH" -> patch.handle(request);
        case "DELETE" -> store.handleGet(path.objectPath());
        default -> store.handleGet(path.objectPath());
      };
    } catch (KubernetesCrudDispatcherException e) {
      return new MockResponse().setResponseCode(e.getCode()).addHeader("Content-Type", "application/json")
          .setBody(e.toStatusBody());
    }
  }

  /** The store for reads; every write is dropped. */
  private record Discarding(KubernetesCrudPersistence store) implements KubernetesCrudPersistence {
    @Override public long requestResourceVersion() { return store.requestResourceVersion(); }
    @Override public AttributeSet getKey(String path) { return store.getKey(path); }
    @Override public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) { return store.findResource(attributes); }
    @Override public boolean isStatusSubresourceEnabledForResource(String path) { return store.isStatusSubresourceEnabledForResource(path); }
    @Override public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
        GenericKubernetesResource resource, String newState) {
      // a dry run stores nothing
    }
    @Override public void reset() {
      // nothing of its own
    }
  }
}
