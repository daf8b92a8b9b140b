package io.kubernaut.http.api.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Thrown by handlers to answer with a problem document; the server renders it. */
public final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The media type of a problem document. */
  public static final String CONTENT_TYPE = Problem.CONTENT_TYPE;

  private final int status;
  private final String title;
  private final transient List<String> errors;
  private final String retryAfterSeconds;

  /** A problem with the given status, title and detail sentence. */
  public HttpProblem(int status, String title, String detail) {
    this(status, title, detail, List.of(), null);
  }

  private HttpProblem(int status, String title, String detail, List<String> errors, String retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400 with the detail sentence. */
  public static HttpProblem badRequest(String detail) {
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

  /** Answers the request with this problem: status, {@code Retry-After} when set, and the document. */
  public void writeTo(Context ctx, ObjectMapper mapper) {
    if (retryAfterSeconds != null) {
      ctx.header("Retry-After", retryAfterSeconds);
    }
    ctx.status(status);
    ctx.contentType(CONTENT_TYPE);
    ctx.result(document(mapper, ctx.path()));
  }

  /** The problem document of this problem about the request to {@code path} (none when null), as JSON bytes. */
  public byte[] document(ObjectMapper mapper, String path) {
    try {
      return mapper.writeValueAsBytes(toProblem(path));
    } catch (JsonProcessingException e) {
      return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
    }
  }

  Problem toProblem(String path) {
    return new Problem("https://kubernaut.io/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-'),
        title, status, getMessage(), path, errors);
  }
}
