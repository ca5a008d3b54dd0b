package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.runtime.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * How far back a replay can reach: the time of the oldest record a topic still holds, on partitions
 * whose older records were removed (their log starts after offset 0). A partition that still holds
 * everything sets no limit.
 */
@ApplicationScoped
public class TopicTimes {

  @Inject KafkaSettings kafka;

  /**
   * The latest of the oldest-record times of the partitions that lost records to retention; empty
   * when no partition did (a replay from any time finds everything since).
   */
  public Optional<Instant> reachableSince(String topic) {
    try (Admin admin =
        Admin.create(
            kafka.with(
                Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)))) {
      Map<TopicPartition, OffsetSpec> first = new HashMap<>();
      Map<TopicPartition, OffsetSpec> start = new HashMap<>();
      for (TopicPartitionInfo p :
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions()) {
        TopicPartition tp = new TopicPartition(topic, p.partition());
        // The first record at or after the epoch: the oldest one the partition still holds.
        first.put(tp, OffsetSpec.forTimestamp(0));
        start.put(tp, OffsetSpec.earliest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
          admin.listOffsets(start).all().get(10, TimeUnit.SECONDS);
      Optional<Instant> oldest = Optional.empty();
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
          admin.listOffsets(first).all().get(10, TimeUnit.SECONDS).entrySet()) {
        ListOffsetsResult.ListOffsetsResultInfo info = e.getValue();
        boolean lostRecords = starts.get(e.getKey()).offset() > 0;
        if (lostRecords && info.offset() >= 0 && info.timestamp() >= 0) {
          Instant at = Instant.ofEpochMilli(info.timestamp());
          if (oldest.isEmpty() || at.isAfter(oldest.get())) {
            oldest = Optional.of(at);
          }
        }
      }
      return oldest;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not say how far back " + topic + " reaches", e);
    }
  }
}
