package io.kubernaut.core.badexample;

import io.kubernaut.http.api.HttpSettings;

/** Deliberately bad: a core class that reaches into an adapter. Only the rules' self-test imports it. */
public final class AdapterReacher {
  public int port(HttpSettings settings) {
    System.out.println("reaching out");
    return settings.port();
  }
}
