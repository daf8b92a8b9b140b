package io.kubernaut.http.notify;

import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.notification.RenderedMessage;
import io.kubernaut.ports.notification.RenderedMessage.Fact;
import java.util.List;

/** Sample rendered messages for channel tests. */
final class Messages {
  static final String FP = "3f1a9c0e5b7d2e4f6a8c0b1d3e5f7a9c1b3d5e7f9a1c3e5b7d9f1a3c5e7b9d1f";
  static final String AR = "kubepodcrashlooping-125bbce990";

  private Messages() {}

  static RenderedMessage of(NotificationType type) {
    return new RenderedMessage(type, AR, FP, "production", "critical", "shop-prod", "AwaitingApproval",
        "Approval Required: KubePodCrashLooping", "Remediation " + AR + " is waiting for approval <now> & here.",
        List.of(new Fact("Tracking id", AR), new Fact("Fingerprint", FP), new Fact("Environment", "production"),
            new Fact("Phase", "AwaitingApproval")),
        "kubectl describe ar " + AR + " -n kubernaut-system", type + ":" + AR);
  }
}
