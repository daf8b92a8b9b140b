package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.RouteSpec;
import java.util.List;

/** A parsed and resolved notification config: the route tree, the receivers and the delivery policy. */
record NotifyConfig(RouteSpec route, List<ReceiverConfig> receivers, DeliveryPolicy delivery) {}
