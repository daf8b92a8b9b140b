package io.kubernaut.http.api.route;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/** Reads and parses JSON request bodies, answering every bad input with a precise problem. */
public final class RequestBodies {

  private final ObjectMapper mapper;
  private final int maxBytes;

  /** A reader of bodies of at most {@code maxBytes} bytes. */
  public RequestBodies(ObjectMapper mapper, int maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  /** The body parsed as {@code type}; 413, 415 or 400 when it is too large, not JSON, or malformed. */
  public <T> T parse(Context ctx, Class<T> type) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(declared);
    }
    String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("application/json") && !contentType.matches("application/[a-z.+-]*\\+json.*")) {
      throw new HttpProblem(415, "Unsupported Media Type",
          "The body must be JSON sent as Content-Type: application/json, got \"" + ctx.contentType() + "\".");
    }
    byte[] body = read(ctx);
    if (body.length > maxBytes) {
      throw tooLarge(body.length);
    }
    if (body.length == 0) {
      throw HttpProblem.badRequest("The request body is empty; send a JSON document.");
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw HttpProblem.badRequest("The request body is JSON null; send a JSON object.");
      }
      return value;
    } catch (JsonMappingException e) {
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
        throw HttpProblem.badRequest("The body is not valid JSON: it ends early (truncated?)" + at(e) + ".");
      }
      throw HttpProblem.badRequest("Field '" + path(e) + "' has the wrong type or shape: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest("The body is not valid JSON" + at(e) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw HttpProblem.badRequest("The body could not be read: " + e.getMessage());
    }
  }

  /**
   * The body's bytes, read once per request (the signature check and the parse share them): exactly
   * the declared {@code Content-Length} when there is one (Javalin's own read copies through an
   * 8 KiB chunk and a growing buffer, about 10 KiB of garbage per request), else Javalin's read,
   * which enforces the server's size limit on a chunked body. 413 when the declared length is over
   * the limit, 400 when the body ends before it.
   */
  public byte[] read(Context ctx) {
    byte[] cached = ctx.attribute(BODY_ATTRIBUTE);
    if (cached != null) {
      return cached;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(declared);
    }
    byte[] body;
    if (declared < 0) {
      body = ctx.bodyAsBytes();
    } else {
      body = new byte[(int) declared];
      int read;
      try {
        read = ctx.req().getInputStream().readNBytes(body, 0, body.length);
      } catch (IOException e) {
        throw HttpProblem.badRequest("The body could not be read: " + e.getMessage());
      }
      if (read < body.length) {
        throw HttpProblem.badRequest("The body ended after " + read + " of the " + declared + " bytes its "
            + "Content-Length declares.");
      }
    }
    ctx.attribute(BODY_ATTRIBUTE, body);
    return body;
  }

  private static final String BODY_ATTRIBUTE = "kubernaut.body";

  /** Where the parser stopped; some failures, such as a nesting limit, carry no location. */
  private static String at(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private HttpProblem tooLarge(long size) {
    return new HttpProblem(413, "Content Too Large",
        "The body has " + size + " bytes; at most " + maxBytes + " bytes are accepted; send less (for Alertmanager: "
            + "split the group with a finer group_by, or raise KUBERNAUT_MAX_BODY_BYTES; a lower max_alerts drops the "
            + "alerts past it for good).");
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(root)" : sb.toString();
  }
}
