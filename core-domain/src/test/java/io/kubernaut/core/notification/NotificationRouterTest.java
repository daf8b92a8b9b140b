package io.kubernaut.core.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.notification.RouteSpec;
import io.kubernaut.ports.notification.RouteTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationRouterTest {

  private static final Set<String> RECEIVERS = Set.of("default", "oncall", "pager", "shop", "staging", "audit");

  private final NotificationRouter router = new NotificationRouter();

  private static RouteSpec route(Map<String, String> match, String receiver, boolean cont, RouteSpec... children) {
    return new RouteSpec(match, Map.of(), receiver, cont, List.of(children));
  }

  private static Notification note(NotificationType type, String env, String severity, String ns, String priority) {
    return Notification.of(type, "ar-1", "", env, severity, ns, "Executing", "t", "", Map.of("priority", priority));
  }

  /** The route tree of the example in docs/notifications.md, close enough to production use. */
  private final RouteTable table = router.compile(route(Map.of(), "default", false,
      route(Map.of("type", "approval_needed"), "oncall", true),
      route(Map.of("environment", "production", "severity", "critical"), "pager", false,
          route(Map.of("namespace", "shop-prod"), "shop", false)),
      route(Map.of("environment", "staging"), "staging", false),
      route(Map.of("priority", "P0"), "pager", false)), RECEIVERS);

  @Test
  void notificationMatchingNoRouteGoesToTheDefaultReceiver() {
    assertThat(table.receiversFor(note(NotificationType.COMPLETED, "development", "info", "dev", "P3")))
        .containsExactly("default");
  }

  @Test
  void firstMatchingRouteWinsAndLaterSiblingsAreNotTried() {
    assertThat(table.receiversFor(note(NotificationType.FAILED, "staging", "warning", "payments-staging", "P0")))
        .containsExactly("staging");
  }

  @Test
  void continueLetsLaterSiblingsMatchToo() {
    assertThat(table.receiversFor(note(NotificationType.APPROVAL_NEEDED, "staging", "warning", "x", "P2")))
        .containsExactly("oncall", "staging");
  }

  @Test
  void continueWithNoLaterMatchStillSkipsTheDefaultReceiver() {
    assertThat(table.receiversFor(note(NotificationType.APPROVAL_NEEDED, "development", "info", "x", "P3")))
        .containsExactly("oncall");
  }

  @Test
  void nestedRouteTakesItsParentsMatchesFurther() {
    assertThat(table.receiversFor(note(NotificationType.FAILED, "production", "critical", "shop-prod", "P0")))
        .containsExactly("shop");
    assertThat(table.receiversFor(note(NotificationType.FAILED, "production", "critical", "other", "P0")))
        .containsExactly("pager");
  }

  @Test
  void allMatchersOfARouteMustHold() {
    assertThat(table.receiversFor(note(NotificationType.FAILED, "production", "warning", "shop-prod", "P2")))
        .containsExactly("default");
  }

  @Test
  void priorityIsMatchedFromTheNotificationDetails() {
    assertThat(table.receiversFor(note(NotificationType.STORM, "development", "info", "x", "P0")))
        .containsExactly("pager");
  }

  @Test
  void regexMatchersMustMatchTheWholeValue() {
    RouteTable t = router.compile(new RouteSpec(Map.of(), Map.of(), "default", false, List.of(
        new RouteSpec(Map.of(), Map.of("namespace", "shop-.*"), "shop", false, List.of()))), RECEIVERS);
    assertThat(t.receiversFor(note(NotificationType.FAILED, "", "", "shop-prod", ""))).containsExactly("shop");
    assertThat(t.receiversFor(note(NotificationType.FAILED, "", "", "myshop-prod", ""))).containsExactly("default");
  }

  @Test
  void childWithoutReceiverInheritsItsParents() {
    RouteTable t = router.compile(route(Map.of(), "default", false,
        route(Map.of("environment", "production"), "pager", false,
            route(Map.of("type", "FAILED"), null, false))), RECEIVERS);
    assertThat(t.receiversFor(note(NotificationType.FAILED, "production", "", "", ""))).containsExactly("pager");
  }

  @Test
  void receiversReachedTwiceAreListedOnce() {
    RouteTable t = router.compile(route(Map.of(), "default", false,
        route(Map.of("environment", "production"), "pager", true),
        route(Map.of("severity", "critical"), "pager", false)), RECEIVERS);
    assertThat(t.receiversFor(note(NotificationType.FAILED, "production", "critical", "", ""))).containsExactly("pager");
  }

  @Test
  void unknownReceiverIsRejectedNamingTheRoutePath() {
    assertThatThrownBy(() -> router.compile(route(Map.of(), "default", false,
        route(Map.of("type", "FAILED"), "nobody", false)), RECEIVERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route.routes[0].receiver").hasMessageContaining("nobody");
  }

  @Test
  void unknownMatcherKeyIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> router.compile(route(Map.of(), "default", false,
        route(Map.of("colour", "red"), "pager", false)), RECEIVERS))
        .hasMessageContaining("colour").hasMessageContaining("environment");
  }

  @Test
  void rootWithoutDefaultReceiverIsRejected() {
    assertThatThrownBy(() -> router.compile(route(Map.of(), null, false), RECEIVERS))
        .hasMessageContaining("default receiver");
  }

  @Test
  void malformedRegexIsRejectedNamingTheField() {
    assertThatThrownBy(() -> router.compile(new RouteSpec(Map.of(), Map.of(), "default", false, List.of(
        new RouteSpec(Map.of(), Map.of("namespace", "shop-("), "shop", false, List.of()))), RECEIVERS))
        .hasMessageContaining("route.routes[0].matchRe.namespace");
  }
}
