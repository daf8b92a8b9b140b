package io.kubernaut.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SPEC §13's new-alert baseline as a program of its own: Javalin doing only a fabric8 create of an
 * AlertRemediation per {@code POST /create}, against the API server at {@code args[0]}, on port
 * {@code args[1]} ({@code GET /ready} answers once it listens), in namespace {@code args[2]}
 * (kubernaut-system, the operator's, when not given). {@link SplitGatewayBenchmark} runs it
 * from the operator's jar (which holds Javalin and fabric8) with the operator's JVM options, so the
 * two are compared process to process.
 */
public final class BareCreateServer {

  private BareCreateServer() {}

  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(args[0]).build()).build();
    Javalin server = endpoint(client, "bare-", args.length > 2 ? args[2] : "kubernaut-system");
    server.start("127.0.0.1", Integer.parseInt(args[1]));
  }

  /** The endpoint: each POST creates an AlertRemediation named {@code <namePrefix><n>} in kubernaut-system. */
  static Javalin endpoint(KubernetesClient client, String namePrefix) {
    return endpoint(client, namePrefix, "kubernaut-system");
  }

  /** The endpoint: each POST creates an AlertRemediation named {@code <namePrefix><n>} in {@code namespace}. */
  static Javalin endpoint(KubernetesClient client, String namePrefix, String namespace) {
    String spec = "{\"fingerprint\":\"" + "a".repeat(64) + "\",\"alertName\":\"Bare\",\"source\":\"prometheus\","
        + "\"severity\":\"warning\",\"target\":{\"kind\":\"Deployment\",\"namespace\":\"shop-prod\",\"name\":\"app\"},"
        + "\"receivedAt\":\"2026-11-20T10:00:00Z\"}";
    return endpoint(client, n -> "{\"apiVersion\":\"kubernaut.io/v1alpha1\",\"kind\":\"AlertRemediation\",\"metadata\":"
        + "{\"name\":\"" + namePrefix + n + "\",\"namespace\":\"" + namespace + "\"},\"spec\":" + spec + "}");
  }

  /** The endpoint: the n-th POST (from 1) creates the AlertRemediation {@code object.apply(n)}, JSON. */
  static Javalin endpoint(KubernetesClient client, java.util.function.IntFunction<String> object) {
    AtomicInteger seq = new AtomicInteger();
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.get("/ready", ctx -> ctx.result("ok"));
      cfg.routes.post("/create", ctx -> {
        ctx.bodyAsBytes();
        String json = object.apply(seq.incrementAndGet());
        client.resources(AlertRemediation.class).load(new java.io.ByteArrayInputStream(
            json.getBytes(StandardCharsets.UTF_8))).create();
        ctx.status(201).result("{}");
      });
    });
  }
}
