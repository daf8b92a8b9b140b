package io.kubernaut.k8s.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An interceptor for a fabric8 client that holds its first LIST of one resource (an informer's
 * initial list, say) until released, at most a minute: a start that lists thousands of objects,
 * made to last as long as a test needs. Shared with the app's tests as a test-jar.
 */
public final class ListHold implements Interceptor {

  private final String plural;
  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  /** @param plural the resource whose first LIST is held, e.g. {@code alertprocessings} */
  public ListHold(String plural) {
    this.plural = "/" + plural;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String path = request.uri().getPath();
    // A LIST of the collection only: not a GET of one object, nor of a CRD named after the resource.
    if ("GET".equals(request.method()) && path.endsWith(plural) && !String.valueOf(request.uri().getQuery())
        .contains("watch=true") && reached.getCount() == 1) {
      reached.countDown();
      try {
        released.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the LIST was asked within {@code seconds}. */
  public boolean reached(int seconds) throws InterruptedException {
    return reached.await(seconds, TimeUnit.SECONDS);
  }

  /** Whether the LIST was asked yet. */
  public boolean reached() {
    return reached.getCount() == 0;
  }

  /** Lets the held LIST go on. */
  public void release() {
    released.countDown();
  }

  /** Whether it is still held (or not asked yet). */
  public boolean holding() {
    return released.getCount() == 1;
  }
}
