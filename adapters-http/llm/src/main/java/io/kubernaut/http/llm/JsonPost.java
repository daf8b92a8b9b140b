package io.kubernaut.http.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one JSON body and reads a JSON answer, classifying failures for the chain: timeouts,
 * connection errors, 429 and 5xx are retryable; other statuses, unparsable bodies and answers larger
 * than {@link #MAX_ANSWER_BYTES} permanent.
 *
 * <p>The timeout bounds the whole exchange, the answer's body included: the JDK client's own request
 * timeout ends once the headers arrive, so an endpoint that sent its headers and then trickled (or
 * streamed without end) held an analysis thread for as long as it liked, and a body read without a
 * limit could fill the heap.
 */
final class JsonPost {

  /** The largest answer read: an investigation's JSON is kilobytes; more is refused, not buffered. */
  static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

  private final HttpClient client;
  private final ObjectMapper json;
  private final Duration timeout;

  JsonPost(HttpClient client, ObjectMapper json, Duration timeout) {
    this.client = client;
    this.json = json;
    this.timeout = timeout;
  }

  /** Posts {@code body} to {@code url}; {@code who} names the service in error messages. */
  JsonNode post(String who, String url, String body, Optional<String> bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    bearer.filter(k -> !k.isBlank()).ifPresent(k -> request.header("Authorization", "Bearer " + k));
    CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request.build(),
        answer -> new CappedBody(MAX_ANSWER_BYTES));
    HttpResponse<byte[]> response;
    try {
      response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw late(who, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AnswerTooLarge) {
        throw new PermanentException(who + " answered more than " + MAX_ANSWER_BYTES / (1024 * 1024)
            + " MiB; the answer was not read.", cause);
      }
      if (cause instanceof HttpTimeoutException) {
        throw late(who, cause);
      }
      throw new RetryableException(who + " could not be reached: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new RetryableException(who + " call was interrupted.", e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw new RetryableException(who + " answered HTTP " + status + (status == 429 ? " (rate limited)." : "."));
    }
    if (status < 200 || status >= 300) {
      throw new PermanentException(who + " answered HTTP " + status + "; check its URL, model and key.");
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new PermanentException(who + " answered with a body that is not JSON.", e);
    }
  }

  private RetryableException late(String who, Throwable cause) {
    return new RetryableException(who + " did not answer within " + (timeout.toMillis() < 1000
        ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s") + ".", cause);
  }

  /** The answer was larger than the cap. */
  static final class AnswerTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLarge(int cap) {
      super("The answer is larger than " + cap + " bytes.");
    }
  }

  /** Buffers an answer's body up to a cap; past it, stops reading and fails with {@link AnswerTooLarge}. */
  static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int cap;
    private Flow.Subscription subscription;

    CappedBody(int cap) {
      this.cap = cap;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (result.isDone()) {
          return;
        }
        if (bytes.size() + (long) item.remaining() > cap) {
          subscription.cancel();
          result.completeExceptionally(new AnswerTooLarge(cap));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
