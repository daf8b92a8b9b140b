package io.kubernaut.http.api.investigation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import io.kubernaut.ports.failure.ConflictException;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.ApprovalStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/remediations/{name}/approve|reject}: records the authenticated user's
 * decision as the same annotations {@code kubectl annotate} sets, with the optional reason of the
 * body {@code {"reason": "..."}} (at most {@value #MAX_REASON} characters, one line), on whichever
 * decision is pending: the remediation's approval (approve runs the workflow) or the rollback after
 * a failed verification (approve rolls back, reject keeps the change). 404 for an unknown
 * remediation; 409 when nothing awaits a decision, when the rollback's decision expired, or was
 * already taken, or when the AlertRemediation kept changing while the decision was recorded; 502
 * when the API server refused the write for another reason, 503 when it could not be reached.
 */
final class ApprovalRoutes implements RouteGroup {

  /** Where the API authenticator leaves the authenticated user. */
  static final String USER_ATTRIBUTE = "kubernaut.user";
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /** The longest reason accepted. */
  static final int MAX_REASON = 1024;

  private final ApprovalStore store;
  private final ObjectMapper json;

  ApprovalRoutes(ApprovalStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/remediations/{name}/approve", ctx -> decide(ctx, true), RequiredPermission.of(Permission.APPROVAL_UPDATE));
    routes.post("/api/v1/remediations/{name}/reject", ctx -> decide(ctx, false), RequiredPermission.of(Permission.APPROVAL_UPDATE));
  }

  private void decide(Context ctx, boolean approved) {
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) {
      throw HttpProblem.of(400, "Bad Request", "'" + name + "' is not an AlertRemediation name.", List.of());
    }
    String reason = reason(ctx);
    Object attribute = ctx.attribute(USER_ATTRIBUTE);
    String user = attribute == null ? "unknown" : attribute.toString();
    ApprovalAnswer answer;
    try {
      answer = store.decide(name, approved, user, reason);
    } catch (RetryableException e) {
      throw HttpProblem.of(503, "Service Unavailable", "The decision could not be recorded because the Kubernetes API "
          + "server is unavailable; retry.", List.of());
    } catch (ConflictException e) {
      throw HttpProblem.of(409, "Conflict", "AlertRemediation " + name + " kept changing while the decision was "
          + "recorded; read it again and retry: " + e.getMessage(), List.of());
    } catch (PermanentException e) {
      throw HttpProblem.of(502, "Bad Gateway", "The Kubernetes API server refused to record the decision on "
          + "AlertRemediation " + name + " (check that the operator's service account may patch AlertRemediations): "
          + e.getMessage(), List.of());
    }
    String verb = approved ? "approved" : "rejected";
    boolean rollback = answer.subject() == ApprovalAnswer.Subject.ROLLBACK;
    switch (answer.outcome()) {
      case NOT_FOUND -> throw HttpProblem.of(404, "Not Found", "There is no AlertRemediation named " + name + ".", List.of());
      case NOT_AWAITING_APPROVAL -> throw HttpProblem.of(409, "Conflict", "AlertRemediation " + name + " is "
          + answer.phase() + ": it awaits neither approval of its workflow (AwaitingApproval) nor a decision on rolling "
          + "back after a failed verification, so there is nothing to be " + verb + ".", List.of());
      case EXPIRED -> throw HttpProblem.of(409, "Conflict", rollback ? "The decision on rolling back AlertRemediation "
          + name + " expired" + (answer.deadline() == null ? "" : " at " + answer.deadline()) + ": nobody decided in "
          + "time, so its steps stay in effect and it ends NotRemediated; undo them by hand if needed."
          : "The approval of AlertRemediation " + name + " expired" + (answer.deadline() == null ? ""
              : " at " + answer.deadline()) + ": nobody decided in time, so its workflow does not run and it ends"
              + " without acting; re-send the alert to start again.", List.of());
      case ALREADY_DECIDED -> throw HttpProblem.of(409, "Conflict", (rollback ? "The rollback of AlertRemediation "
          : "The approval of AlertRemediation ") + name + " was already decided (" + answer.decidedBy()
          + "); a decision is not changed afterwards.", List.of());
      case RECORDED -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("remediation", name);
        body.put("subject", rollback ? "rollback" : "workflow");
        body.put("decision", verb);
        body.put("decidedBy", user);
        if (!reason.isEmpty()) {
          body.put("reason", reason);
        }
        body.put("message", "Recorded; the controller " + next(approved, rollback) + " on its next reconcile. Watch it "
            + "with kubectl get ar " + name + ".");
        ctx.status(202).json(body);
      }
    }
  }

  /** What the controller does with the decision. */
  private static String next(boolean approved, boolean rollback) {
    if (rollback) {
      return approved ? "rolls the workflow's steps back in reverse order"
          : "keeps the steps in effect and ends the remediation NotRemediated";
    }
    return approved ? "starts the workflow" : "fails the remediation";
  }

  /** The body's reason: empty when there is no body or no reason; 400 when it is not one line of text. */
  private String reason(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      return "";
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw HttpProblem.of(400, "Bad Request", "The body must be a JSON object such as {\"reason\": \"...\"}: "
          + e.getOriginalMessage(), List.of());
    }
    JsonNode reason = node == null ? null : node.get("reason");
    if (node == null || !node.isObject() || (reason != null && !reason.isNull() && !reason.isTextual())) {
      throw HttpProblem.of(400, "Bad Request", "The body must be a JSON object whose optional 'reason' is a string.",
          List.of());
    }
    String text = reason == null || reason.isNull() ? "" : reason.asText().strip();
    if (text.length() > MAX_REASON || text.chars().anyMatch(Character::isISOControl)) {
      throw HttpProblem.of(400, "Bad Request", "The reason must be one line of at most " + MAX_REASON
          + " characters.", List.of());
    }
    return text;
  }
}
