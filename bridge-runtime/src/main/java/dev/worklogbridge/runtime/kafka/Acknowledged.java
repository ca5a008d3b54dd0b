package dev.worklogbridge.runtime.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends through a Kafka connector channel and knows when the broker has the record: the connector
 * acks the message once the write is acknowledged (acks=all) and nacks it with the reason. Plain
 * callbacks, not a Uni pipeline, so nothing of the sender's context (its transaction) is carried to
 * the producer's thread.
 */
public final class Acknowledged {

  private Acknowledged() {}

  /** Hands {@code message} to the channel; the future completes when the broker has it. */
  public static <T> CompletableFuture<Void> send(Emitter<T> channel, Message<T> message) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    channel.send(
        message
            .withAck(
                () -> {
                  acked.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                reason -> {
                  acked.completeExceptionally(reason);
                  return CompletableFuture.completedFuture(null);
                }));
    return acked;
  }

  /**
   * Waits until every send is acknowledged, at most {@code within}; throws naming {@code what} and
   * the broker's reason otherwise.
   */
  public static void await(List<CompletableFuture<Void>> sent, Duration within, String what) {
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("Kafka did not take " + what + ": " + cause.getMessage(), e);
    }
  }
}
