package io.kubernaut.k8s.fakes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The requests a mock API server recorded, taken off its queue. */
public final class RecordedRequests {

  private RecordedRequests() {}

  /** Every request recorded so far (until none comes for 50 ms), in order; the server forgets them. */
  public static List<RecordedRequest> drain(KubernetesMockServer server) throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      requests.add(r);
    }
    return requests;
  }
}
