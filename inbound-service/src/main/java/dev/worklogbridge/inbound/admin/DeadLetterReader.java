package dev.worklogbridge.inbound.admin;

import dev.worklogbridge.inbound.consume.DeadLetters;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The newest dead letters of a connection, read from its dead-letter topic with a consumer of its
 * own (assigned, no group, nothing committed): each with its reason, where it came from (topic,
 * partition, offset), when, its key and the start of its body, for the console and the API.
 */
@ApplicationScoped
public class DeadLetterReader {

  private static final int BODY_SHOWN = 300;

  @Inject KafkaSettings kafka;

  /** At most {@code max} of the newest dead letters, newest first. */
  public List<Map<String, Object>> newest(String connection, int max) {
    String topic = Topics.deadLetter(connection);
    Map<String, Object> config =
        kafka.with(
            Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (partitions == null || partitions.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> tps =
          partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(tps);
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(10));
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(tps, Duration.ofSeconds(10));
      long wanted = 0;
      for (TopicPartition tp : tps) {
        long from = Math.max(begins.get(tp), ends.get(tp) - max);
        consumer.seek(tp, from);
        wanted += ends.get(tp) - from;
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (found.size() < wanted && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
            found.add(r);
          }
        }
      }
    }
    return found.stream()
        .sorted(Comparator.comparingLong(ConsumerRecord<byte[], byte[]>::timestamp).reversed())
        .limit(max)
        .map(DeadLetterReader::view)
        .toList();
  }

  private static Map<String, Object> view(ConsumerRecord<byte[], byte[]> r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("reason", header(r, DeadLetters.REASON));
    v.put("originalTopic", header(r, DeadLetters.TOPIC));
    v.put("originalPartition", header(r, DeadLetters.PARTITION));
    v.put("originalOffset", header(r, DeadLetters.OFFSET));
    v.put("failedAt", header(r, DeadLetters.AT));
    v.put("at", Instant.ofEpochMilli(r.timestamp()).toString());
    v.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
    String body = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
    v.put("body", body.length() > BODY_SHOWN ? body.substring(0, BODY_SHOWN) + "..." : body);
    v.put("dlqPartition", r.partition());
    v.put("dlqOffset", r.offset());
    return v;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
