package io.kubernaut.http.api.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 7807 problem document, served as {@code application/problem+json}.
 *
 * @param type a URI naming the problem kind
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail a sentence about this occurrence: what was wrong and what to do
 * @param instance the request path
 * @param errors per-field or per-alert errors, when there are several
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {
  static final String CONTENT_TYPE = "application/problem+json";
}
