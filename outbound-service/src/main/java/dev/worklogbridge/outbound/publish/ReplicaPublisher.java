package dev.worklogbridge.outbound.publish;

import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.kafka.Acknowledged;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes replica events through the Kafka connector's {@code replicas} channel (configured in
 * application.properties: idempotent producer, acks=all): value validated against the schema, key =
 * lineage (per-lineage order), the connection's topic chosen per record, CloudEvents headers in
 * binary mode, with the event's idempotency key as the extension {@code ce_idempotencykey}. The
 * connector adds the W3C {@code traceparent} of the current span, so the inbound continues the
 * trace of the poll or webhook that saw the change.
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
    Acknowledged.await(sent, ACKNOWLEDGED_WITHIN, "the replica events");
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

  /** Hands one event to the connector, in a trace of its own that ends with the broker's ack. */
  private CompletableFuture<Void> send(ReplicaEvent e) {
    Span change = spans.change(e);
    Context trace = Context.root().with(change);
    return Acknowledged.send(replicas, message(e).addMetadata(TracingMetadata.with(trace, trace)))
        .whenComplete(
            (done, failed) -> {
              if (failed != null) {
                BridgeSpans.failed(change, failed);
              }
              change.end();
            });
  }

  static Message<byte[]> message(ReplicaEvent e) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, "ce_specversion", "1.0");
    header(headers, "ce_id", e.eventId());
    header(headers, "ce_source", Topics.ceSource(e.source().site()));
    header(headers, "ce_type", "dev.worklogbridge.worklog." + e.type().wireName());
    header(headers, "ce_subject", e.lineage().id());
    header(headers, "ce_time", e.occurredAt().toString());
    header(headers, Topics.IDEMPOTENCY_KEY_HEADER, e.idempotencyKey());
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
