package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.kafka.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a record that is not a valid replica event to the connection's dead-letter topic, as it
 * came (key, value, headers) plus the reason and where it came from, and waits for the broker.
 */
@ApplicationScoped
public class DeadLetters {

  /** Headers added to every dead letter. */
  public static final String REASON = "dlq-reason";

  public static final String TOPIC = "dlq-original-topic";
  public static final String PARTITION = "dlq-original-partition";
  public static final String OFFSET = "dlq-original-offset";
  public static final String AT = "dlq-failed-at";

  @Inject KafkaSettings kafka;
  @Inject MeterRegistry metrics;

  private volatile KafkaProducer<byte[], byte[]> producer;

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      synchronized (this) {
        if (producer == null) {
          producer =
              new KafkaProducer<>(
                  kafka.with(
                      Map.of(
                          ProducerConfig.ACKS_CONFIG,
                          "all",
                          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                          true,
                          ProducerConfig.CLIENT_ID_CONFIG,
                          "worklog-bridge-inbound-dlq")),
                  new ByteArraySerializer(),
                  new ByteArraySerializer());
        }
      }
    }
    return producer;
  }

  void stop(@Observes ShutdownEvent event) {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }

  public void send(String connection, ConsumerRecord<byte[], byte[]> record, String reason) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    put(headers, REASON, reason);
    put(headers, TOPIC, record.topic());
    put(headers, PARTITION, Integer.toString(record.partition()));
    put(headers, OFFSET, Long.toString(record.offset()));
    put(headers, AT, Instant.now().toString());
    try {
      producer()
          .send(
              new ProducerRecord<>(
                  Topics.deadLetter(connection), null, record.key(), record.value(), headers))
          .get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not dead-letter a record of " + record.topic() + ": " + e.getMessage(), e);
    }
    metrics.counter("worklog_bridge_events_dead_lettered", "connection", connection).increment();
    Log.warnf(
        "%s: record %s-%d@%d dead-lettered: %s",
        connection, record.topic(), record.partition(), record.offset(), reason);
  }

  private static void put(RecordHeaders headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
