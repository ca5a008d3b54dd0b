package dev.worklogbridge.outbound.publish;

import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes replica events through the Kafka connector's {@code replicas} channel (configured in
 * application.properties: idempotent producer, acks=all): value validated against the schema, key =
 * lineage (per-lineage order), the connection's topic chosen per record, CloudEvents headers in
 * binary mode. The connector adds the W3C {@code traceparent} of the current span, so the inbound
 * continues the trace of the poll or webhook that saw the change.
 */
@ApplicationScoped
public class ReplicaPublisher {

  /** How long a batch may wait for the broker's acknowledgements before the poll fails. */
  private static final Duration ACKNOWLEDGED_WITHIN = Duration.ofSeconds(40);

  @Inject
  @Channel("replicas")
  @OnOverflow(value = OnOverflow.Strategy.UNBOUNDED_BUFFER)
  Emitter<byte[]> replicas;

  @Inject MeterRegistry metrics;
  @Inject BridgeSpans spans;

  /** Sends every event and waits until the broker has them all (acks=all); throws if any failed. */
  public void publishAll(List<ReplicaEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>(events.size());
    for (ReplicaEvent e : events) {
      sent.add(send(e));
    }
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(ACKNOWLEDGED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not take the replica events: "
              + (e.getCause() == null ? e : e.getCause()).getMessage(),
          e);
    }
    for (ReplicaEvent e : events) {
      metrics
          .counter(
              "worklog_bridge_events_published",
              "connection",
              e.connection(),
              "type",
              e.type().wireName())
          .increment();
    }
  }

  /**
   * Hands one event to the connector, in a trace of its own; the future completes when the broker
   * acknowledged it (the connector acks the message) or fails with the reason (nack). Plain
   * callbacks, not a Uni pipeline: nothing of the caller's context (its transaction) is carried to
   * the producer's thread.
   */
  private CompletableFuture<Void> send(ReplicaEvent e) {
    Span change = spans.change(e);
    Context trace = Context.root().with(change);
    CompletableFuture<Void> acked = new CompletableFuture<>();
    Message<byte[]> m =
        message(e)
            .addMetadata(TracingMetadata.with(trace, trace))
            .withAck(
                () -> {
                  change.end();
                  acked.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                reason -> {
                  BridgeSpans.failed(change, reason);
                  change.end();
                  acked.completeExceptionally(reason);
                  return CompletableFuture.completedFuture(null);
                });
    replicas.send(m);
    return acked;
  }

  static Message<byte[]> message(ReplicaEvent e) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, "ce_specversion", "1.0");
    header(headers, "ce_id", e.eventId());
    header(headers, "ce_source", Topics.ceSource(e.source().site()));
    header(headers, "ce_type", "dev.worklogbridge.worklog." + e.type().wireName());
    header(headers, "ce_subject", e.lineage().id());
    header(headers, "ce_time", e.occurredAt().toString());
    header(
        headers,
        "ce_dataschema",
        "https://worklog-bridge.dev/schemas/replica-event-v1.schema.json");
    header(headers, "content-type", "application/json");
    return Message.of(ReplicaEventCodec.encode(e))
        .addMetadata(
            OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.replica(e.connection()))
                .withKey(e.key())
                .withHeaders(headers)
                .build());
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
