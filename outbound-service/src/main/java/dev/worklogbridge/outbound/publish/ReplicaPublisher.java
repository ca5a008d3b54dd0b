package dev.worklogbridge.outbound.publish;

import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.kafka.KafkaSettings;
import dev.worklogbridge.runtime.kafka.TopicSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes replica events: value validated against the schema, key = lineage (per-lineage order),
 * acks=all with the idempotent producer, CloudEvents headers (binary mode) and a W3C traceparent so
 * that the inbound side can continue the trace.
 */
@ApplicationScoped
public class ReplicaPublisher {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject KafkaSettings kafka;
  @Inject Connections connections;
  @Inject MeterRegistry metrics;

  @Inject BridgeConfig config;

  private KafkaProducer<String, byte[]> producer;

  void start(@Observes @Priority(10) StartupEvent event) {
    if (config.kafka().createTopics()) {
      TopicSetup.ensure(kafka, connections, config.kafka().replicationFactor());
    }
    producer =
        new KafkaProducer<>(
            kafka.with(
                Map.of(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                    5,
                    ProducerConfig.LINGER_MS_CONFIG,
                    2,
                    ProducerConfig.BUFFER_MEMORY_CONFIG,
                    8L * 1024 * 1024,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    30_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    10_000,
                    // Fail fast while Kafka is away: the poll tries again, inside a short
                    // transaction.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    20_000,
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "worklog-bridge-outbound")),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  void stop(@Observes ShutdownEvent event) {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(10));
    }
  }

  /** Sends every event and waits until the broker has them all (acks=all); throws if any failed. */
  public void publishAll(List<ReplicaEvent> events) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
    for (ReplicaEvent e : events) {
      sent.add(producer.send(record(e)));
    }
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(40, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not take the replica events: " + e.getMessage(), e);
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

  static ProducerRecord<String, byte[]> record(ReplicaEvent e) {
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
    header(headers, "traceparent", traceparent());
    return new ProducerRecord<>(
        Topics.replica(e.connection()), null, e.key(), ReplicaEventCodec.encode(e), headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A new trace for each change: {@code 00-<trace id>-<span id>-01}. */
  static String traceparent() {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    RANDOM.nextBytes(trace);
    RANDOM.nextBytes(span);
    return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
  }
}
