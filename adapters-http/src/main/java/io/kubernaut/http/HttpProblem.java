package io.kubernaut.http;

import java.util.List;

/** Thrown by handlers to answer with a problem document; the server renders it. */
public final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String title;
  final transient List<String> errors;
  final String retryAfterSeconds;

  HttpProblem(int status, String title, String detail) {
    this(status, title, detail, List.of(), null);
  }

  HttpProblem(int status, String title, String detail, List<String> errors, String retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static HttpProblem badRequest(String detail) {
    return new HttpProblem(400, "Bad Request", detail);
  }

  /** A problem with the given status, title and detail sentence, and per-field errors (possibly none). */
  public static HttpProblem of(int status, String title, String detail, List<String> errors) {
    return new HttpProblem(status, title, detail, errors, null);
  }

  /** 503 with {@code Retry-After}: the caller should retry after that many seconds. */
  public static HttpProblem unavailable(String detail, int retryAfterSeconds) {
    return new HttpProblem(503, "Service Unavailable", detail, List.of(), String.valueOf(retryAfterSeconds));
  }

  Problem toProblem(String path) {
    return new Problem("https://kubernaut.io/problems/" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'),
        title, status, getMessage(), path, errors);
  }
}
