package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.AccessReviewer;
import io.kubernaut.ports.out.TokenReviewer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * TokenReview with an audience and SubjectAccessReview on {@code kubernaut.io}'s virtual
 * resources against the mock API server, and the brief memory in front of both.
 */
@EnableKubernetesMockClient
class Fabric8AccessReviewTest {

  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  private static final Caller ALERTMANAGER = new Caller("system:serviceaccount:monitoring:alertmanager", "uid-7",
      List.of("system:serviceaccounts", "system:authenticated"));

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void aTokenReviewAsksForTheAudienceAndYieldsTheUserWithUidAndGroups() throws Exception {
    AtomicReference<String> body = new AtomicReference<>();
    server.expect().post().withPath(TOKEN_REVIEWS).andReply(201, r -> {
      body.set(r.getUtf8Body());
      return authenticated(body.get(), "kubernaut");
    }).once();

    Optional<Caller> caller = new Fabric8TokenReviewer(client).authenticate("t0ken", "kubernaut");

    assertThat(caller).contains(ALERTMANAGER);
    TokenReview sent = Serialization.unmarshal(body.get(), TokenReview.class);
    assertThat(sent.getSpec().getToken()).isEqualTo("t0ken");
    assertThat(sent.getSpec().getAudiences()).containsExactly("kubernaut");
  }

  @Test
  void aTokenValidOnlyForAnotherAudienceIsRefused() {
    server.expect().post().withPath(TOKEN_REVIEWS).andReply(201, r -> authenticated(r.getUtf8Body(), "https://kubernetes"))
        .once();

    assertThat(new Fabric8TokenReviewer(client).authenticate("pod-default-token", "kubernaut")).isEmpty();
  }

  @Test
  void anUnauthenticatedTokenIsRefused() {
    server.expect().post().withPath(TOKEN_REVIEWS).andReply(201, r -> new TokenReviewBuilder(
        Serialization.unmarshal(r.getUtf8Body(), TokenReview.class)).withNewStatus().withAuthenticated(false)
        .withError("token has expired").endStatus().build()).once();

    assertThat(new Fabric8TokenReviewer(client).authenticate("expired", "kubernaut")).isEmpty();
  }

  @Test
  void aSubjectAccessReviewAsksForTheVirtualResourceOfKubernautIoAsTheCaller() throws Exception {
    AtomicReference<String> body = new AtomicReference<>();
    server.expect().post().withPath(ACCESS_REVIEWS).andReply(201, r -> {
      body.set(r.getUtf8Body());
      return access(body.get(), true);
    }).once();

    boolean allowed = new Fabric8AccessReviewer(client).permits(ALERTMANAGER, Permission.APPROVAL_UPDATE);

    assertThat(allowed).isTrue();
    SubjectAccessReview sent = Serialization.unmarshal(body.get(), SubjectAccessReview.class);
    assertThat(sent.getSpec().getUser()).isEqualTo(ALERTMANAGER.username());
    assertThat(sent.getSpec().getUid()).isEqualTo("uid-7");
    assertThat(sent.getSpec().getGroups()).containsExactlyElementsOf(ALERTMANAGER.groups());
    assertThat(sent.getSpec().getResourceAttributes()).satisfies(asked -> {
      assertThat(asked.getGroup()).isEqualTo("kubernaut.io");
      assertThat(asked.getResource()).isEqualTo("remediations");
      assertThat(asked.getSubresource()).isEqualTo("approval");
      assertThat(asked.getVerb()).isEqualTo("update");
      assertThat(asked.getNamespace()).isNull();
    });
  }

  @Test
  void aDeniedSubjectAccessReviewIsARefusal() {
    server.expect().post().withPath(ACCESS_REVIEWS).andReply(201, r -> access(r.getUtf8Body(), false)).once();

    assertThat(new Fabric8AccessReviewer(client).permits(ALERTMANAGER, Permission.AUDIT_CREATE)).isFalse();
  }

  @Test
  void anApiServerThatCannotAnswerIsARetryableFailure() {
    server.expect().post().withPath(ACCESS_REVIEWS).andReturn(503, "unavailable").always();

    KubernetesClient noRetries = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withRequestRetryBackoffLimit(0).build()).build();

    assertThatThrownBy(() -> new Fabric8AccessReviewer(noRetries).permits(ALERTMANAGER, Permission.AUDIT_GET))
        .isInstanceOf(RetryableException.class);
  }

  @Test
  void anAcceptedTokenIsRememberedForThirtySecondsAndARefusedOneForTen() {
    AtomicLong nanos = new AtomicLong();
    Ticker ticker = nanos::get;
    AtomicInteger reviews = new AtomicInteger();
    TokenReviewer cached = CaffeineAccessCache.tokenReviewer((token, audience) -> {
      reviews.incrementAndGet();
      return token.equals("good") ? Optional.of(ALERTMANAGER) : Optional.empty();
    }, ticker);

    assertThat(cached.authenticate("good", "kubernaut")).contains(ALERTMANAGER);
    assertThat(cached.authenticate("bad", "kubernaut")).isEmpty();
    assertThat(cached.authenticate("good", "kubernaut")).contains(ALERTMANAGER);
    assertThat(cached.authenticate("bad", "kubernaut")).isEmpty();
    assertThat(reviews).hasValue(2);

    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    cached.authenticate("good", "kubernaut");
    cached.authenticate("bad", "kubernaut");
    assertThat(reviews).hasValue(3);

    nanos.addAndGet(Duration.ofSeconds(20).toNanos());
    cached.authenticate("good", "kubernaut");
    assertThat(reviews).hasValue(4);
  }

  @Test
  void theSameTokenForAnotherAudienceIsReviewedAgain() {
    AtomicInteger reviews = new AtomicInteger();
    TokenReviewer cached = CaffeineAccessCache.tokenReviewer((token, audience) -> {
      reviews.incrementAndGet();
      return audience.equals("kubernaut") ? Optional.of(ALERTMANAGER) : Optional.empty();
    }, Ticker.systemTicker());

    assertThat(cached.authenticate("t", "kubernaut")).isPresent();
    assertThat(cached.authenticate("t", "other")).isEmpty();
    assertThat(reviews).hasValue(2);
  }

  @Test
  void aGrantIsRememberedPerCallerAndPermissionAndAFailedReviewIsNotRemembered() {
    AtomicInteger reviews = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger(1);
    AccessReviewer cached = CaffeineAccessCache.accessReviewer((caller, permission) -> {
      reviews.incrementAndGet();
      if (failures.getAndDecrement() > 0) {
        throw new RetryableException("The API server is away.");
      }
      return permission == Permission.SIGNALS_CREATE;
    }, Ticker.systemTicker());

    assertThatThrownBy(() -> cached.permits(ALERTMANAGER, Permission.SIGNALS_CREATE))
        .isInstanceOf(RetryableException.class);
    assertThat(cached.permits(ALERTMANAGER, Permission.SIGNALS_CREATE)).isTrue();
    assertThat(cached.permits(ALERTMANAGER, Permission.SIGNALS_CREATE)).isTrue();
    assertThat(cached.permits(ALERTMANAGER, Permission.AUDIT_CREATE)).isFalse();
    assertThat(cached.permits(Caller.named("someone-else"), Permission.SIGNALS_CREATE)).isTrue();
    assertThat(reviews).hasValue(4);
  }

  private static TokenReview authenticated(String body, String audience) {
    TokenReview review = Serialization.unmarshal(body, TokenReview.class);
    return new TokenReviewBuilder(review).withNewStatus().withAuthenticated(true).withAudiences(audience)
        .withNewUser().withUsername(ALERTMANAGER.username()).withUid(ALERTMANAGER.uid())
        .withGroups(ALERTMANAGER.groups()).endUser().endStatus().build();
  }

  private static SubjectAccessReview access(String body, boolean allowed) {
    return new SubjectAccessReviewBuilder(Serialization.unmarshal(body, SubjectAccessReview.class)).withNewStatus()
        .withAllowed(allowed).endStatus().build();
  }
}
