package dev.worklogbridge.outbound;

import dev.worklogbridge.model.InvalidEventException;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the service published on a topic from the moment the reader was made. */
final class ReplicaTopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  ReplicaTopicReader(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /** Everything published so far (waits up to {@code wait} for more). */
  List<ReplicaEvent> events(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    do {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    } while (System.nanoTime() < deadline);
    return decoded();
  }

  /**
   * Waits until at least {@code n} events arrived (or the timeout), then a little longer for
   * strays.
   */
  List<ReplicaEvent> atLeast(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < n && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return events(Duration.ofMillis(700));
  }

  private List<ReplicaEvent> decoded() {
    List<ReplicaEvent> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        out.add(ReplicaEventCodec.decode(r.value()));
      } catch (InvalidEventException e) {
        throw new AssertionError("the service published an invalid event: " + e.getMessage());
      }
    }
    return out;
  }

  Map<String, String> headers(int index) {
    Map<String, String> h = new java.util.LinkedHashMap<>();
    records
        .get(index)
        .headers()
        .forEach(
            x -> h.put(x.key(), new String(x.value(), java.nio.charset.StandardCharsets.UTF_8)));
    return h;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
