package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.kafka.Acknowledged;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends a record that is not a valid replica event to the connection's dead-letter topic, as it
 * came (key, value, headers) plus the reason and where it came from, through the Kafka connector's
 * {@code dead-letters} channel (idempotent, acks=all), and waits for the broker.
 */
@ApplicationScoped
public class DeadLetters {

  /** Headers added to every dead letter. */
  public static final String REASON = "dlq-reason";

  public static final String TOPIC = "dlq-original-topic";
  public static final String PARTITION = "dlq-original-partition";
  public static final String OFFSET = "dlq-original-offset";
  public static final String AT = "dlq-failed-at";

  /** How long a dead letter may wait for the broker before the batch is read again. */
  private static final Duration ACKNOWLEDGED_WITHIN = Duration.ofSeconds(60);

  @Inject
  @Channel("dead-letters")
  @OnOverflow(value = OnOverflow.Strategy.UNBOUNDED_BUFFER)
  Emitter<byte[]> deadLetters;

  @Inject MeterRegistry metrics;

  public void send(String connection, ConsumerRecord<byte[], byte[]> record, String reason) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    put(headers, REASON, reason);
    put(headers, TOPIC, record.topic());
    put(headers, PARTITION, Integer.toString(record.partition()));
    put(headers, OFFSET, Long.toString(record.offset()));
    put(headers, AT, Instant.now().toString());
    Acknowledged.await(
        List.of(
            Acknowledged.send(
                deadLetters,
                Message.of(record.value())
                    .addMetadata(
                        OutgoingKafkaRecordMetadata.<byte[]>builder()
                            .withTopic(Topics.deadLetter(connection))
                            .withKey(record.key())
                            .withHeaders(headers)
                            .build()))),
        ACKNOWLEDGED_WITHIN,
        "a dead letter of " + record.topic());
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
