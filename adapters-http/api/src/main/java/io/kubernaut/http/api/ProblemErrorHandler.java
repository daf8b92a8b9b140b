package io.kubernaut.http.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.route.HttpProblem;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises itself, before any route runs (headers or a URI too large, a request
 * line it cannot parse), as RFC 7807 problem+json like every other error of the API, never Jetty's HTML
 * page. The detail says what to send instead; of the request only its path is shown ({@code instance}).
 */
final class ProblemErrorHandler extends ErrorHandler {

  private final ObjectMapper mapper;
  private final int requestHeaderBytes;

  ProblemErrorHandler(ObjectMapper mapper, int requestHeaderBytes) {
    this.mapper = mapper;
    this.requestHeaderBytes = requestHeaderBytes;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpProblem.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(problem(code, Request.getPathInContext(request))), callback);
  }

  /** Every method gets the problem, not only GET, POST and HEAD (a PUT with headers too large, too). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  /** The problem document for {@code status}. */
  byte[] problem(int status, String path) {
    // RFC 9110's name for 413, as the routes' own problems have it (Jetty still says "Payload Too Large").
    String title = status == HttpStatus.PAYLOAD_TOO_LARGE_413 ? "Content Too Large" : HttpStatus.getMessage(status);
    return new HttpProblem(status, title, detail(status)).document(mapper, path);
  }

  private String detail(int status) {
    return switch (status) {
      case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "The request's headers are larger than the "
          + requestHeaderBytes + " bytes this server reads; send a shorter token or fewer headers.";
      case HttpStatus.URI_TOO_LONG_414 -> "The request's URI is longer than the " + requestHeaderBytes
          + " bytes this server reads with the headers; send shorter query parameters.";
      case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "The request body is larger than this server accepts; send less.";
      default -> status >= 500 ? "The server could not answer the request; retry, or report it if it persists."
          : "The request could not be read as HTTP; check the request line, the headers and their encoding.";
    };
  }
}
