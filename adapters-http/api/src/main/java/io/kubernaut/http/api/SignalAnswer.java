package io.kubernaut.http.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.in.IntakeOutcome.Result;
import io.kubernaut.ports.remediation.StormThreshold;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's answer to one request (docs/api.md): a summary counting the results by kind, then
 * each alert's result in the order of the request. 201 if anything was created, else 202 if
 * anything was accepted, else 200 if anything was ignored (nothing to persist), else 400 with every
 * rejection. A duplicate is answered thousands of times a second, so the answer is written field by
 * field with a JSON generator (no maps to build and serialise) into a buffer each request thread
 * reuses and, when small, from there straight to the response with its length.
 */
final class SignalAnswer {

  private static final Logger LOG = LoggerFactory.getLogger(SignalAnswer.class);

  /** One alert's outcome at its position in the request. */
  record Item(int index, IntakeOutcome outcome) {}

  /**
   * From this many bytes an answer goes out as a Javalin result, which gzips it for a sender that
   * accepts it (Javalin's {@code CompressionStrategy.defaultMinSizeForCompression}: below a packet
   * compression gains nothing). A smaller answer, such as every single alert's, is written straight
   * to the response with its {@code Content-Length}: Javalin would copy it through a fresh 32 KiB
   * buffer and a compression wrapper that leaves it as it is.
   */
  static final int COMPRESSED_FROM = 1500;

  /** Each kind of result as the answer names it, by ordinal; the summary lists them in this order. */
  private static final String[] KINDS = kinds();

  private final JsonFactory json;

  SignalAnswer(JsonFactory json) {
    this.json = json;
  }

  private static String[] kinds() {
    Result[] results = Result.values();
    String[] kinds = new String[results.length];
    for (Result r : results) {
      kinds[r.ordinal()] = r.name().toLowerCase(Locale.ROOT);
    }
    return kinds;
  }

  /** Answers the request with these results, or throws the 400 problem when every alert was rejected. */
  void send(Context ctx, List<Item> items) {
    long[] counts = new long[KINDS.length];
    for (Item item : items) {
      counts[item.outcome().result().ordinal()]++;
    }
    if (counts[Result.REJECTED.ordinal()] == items.size()) {
      throw HttpProblem.of(400, "Bad Request", items.size() == 1 ? items.get(0).outcome().message()
          : "None of the " + items.size() + " alerts could be accepted.",
          items.stream().map(item -> item.outcome().message()).toList());
    }
    long accepted = counts[Result.DUPLICATE.ordinal()] + counts[Result.RESOLVED.ordinal()]
        + counts[Result.AGGREGATED.ordinal()];
    ctx.status(counts[Result.CREATED.ordinal()] > 0 ? 201 : accepted > 0 ? 202 : 200)
        .contentType(ContentType.APPLICATION_JSON);
    AnswerBuffer answer = BUFFER.get();
    answer.reset();
    write(answer, items, counts);
    if (answer.size() >= COMPRESSED_FROM) {
      ctx.result(answer.toByteArray());
      answer.shrink();
      return;
    }
    ctx.res().setContentLength(answer.size());
    try {
      answer.writeTo(ctx.res().getOutputStream());
    } catch (IOException e) {
      LOG.debug("The answer could not be sent; the sender went away: {}", e.getMessage());
    }
  }

  /**
   * Each request thread's buffer for its answers, reused: a duplicate's answer is written into it and
   * from it to the response, without a buffer and a copy per request. One that a large answer grew is
   * let go of afterwards.
   */
  private static final ThreadLocal<AnswerBuffer> BUFFER = ThreadLocal.withInitial(AnswerBuffer::new);

  /** A byte buffer for one answer at a time, which keeps its array between answers unless a large one grew it. */
  private static final class AnswerBuffer extends ByteArrayOutputStream {
    private static final int KEPT = 4096;

    AnswerBuffer() {
      super(1024);
    }

    /** Lets go of an array grown past what a small answer needs. */
    void shrink() {
      if (buf.length > KEPT) {
        buf = new byte[1024];
      }
    }
  }

  private void write(ByteArrayOutputStream out, List<Item> items, long[] counts) {
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("total", items.size());
      for (int i = 0; i < KINDS.length; i++) {
        g.writeNumberField(KINDS[i], counts[i]);
      }
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      for (Item item : items) {
        write(g, item.index(), item.outcome());
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing JSON to memory does not fail.", e);
    }
  }

  /** One result: index, result, then remediation, fingerprint, duplicates, reason, stormQueued when they apply, and the message. */
  private static void write(JsonGenerator g, int index, IntakeOutcome outcome) throws IOException {
    g.writeStartObject();
    g.writeNumberField("index", index);
    g.writeStringField("result", KINDS[outcome.result().ordinal()]);
    if (!outcome.remediationName().isEmpty()) {
      g.writeStringField("remediation", outcome.remediationName());
    }
    if (!outcome.fingerprint().isEmpty()) {
      g.writeStringField("fingerprint", outcome.fingerprint());
    }
    if (outcome.result() == Result.DUPLICATE || outcome.result() == Result.AGGREGATED) {
      g.writeNumberField("duplicates", outcome.duplicateCount());
    }
    if (outcome.ignoredBecause() != null) {
      g.writeStringField("reason", outcome.ignoredBecause().name());
    }
    if (!outcome.stormsQueued().isEmpty()) {
      // Queued, not yet sent: the store records the crossing with its next write and escalates it from there.
      g.writeArrayFieldStart("stormQueued");
      for (StormThreshold threshold : outcome.stormsQueued()) {
        g.writeString(threshold.wireName());
      }
      g.writeEndArray();
    }
    g.writeStringField("message", outcome.message());
    g.writeEndObject();
  }
}
