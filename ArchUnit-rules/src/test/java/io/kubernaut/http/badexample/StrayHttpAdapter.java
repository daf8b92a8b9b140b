package io.kubernaut.http.badexample;

/** Deliberately bad: an HTTP adapter class outside every sub-module. Only the rules' self-test imports it. */
public final class StrayHttpAdapter {
  public String role() {
    return "none";
  }
}
