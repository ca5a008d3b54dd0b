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

/** When a topic's oldest retained record was written: how far back a replay can reach. */
@ApplicationScoped
public class TopicTimes {

  @Inject KafkaSettings kafka;

  /** The oldest record's time over all partitions; empty when the topic holds none. */
  public Optional<Instant> oldest(String topic) {
    try (Admin admin =
        Admin.create(
            kafka.with(
                Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)))) {
      Map<TopicPartition, OffsetSpec> query = new HashMap<>();
      for (TopicPartitionInfo p :
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions()) {
        // The first record at or after the epoch: the oldest one the partition still holds.
        query.put(new TopicPartition(topic, p.partition()), OffsetSpec.forTimestamp(0));
      }
      Optional<Instant> oldest = Optional.empty();
      for (ListOffsetsResult.ListOffsetsResultInfo info :
          admin.listOffsets(query).all().get(10, TimeUnit.SECONDS).values()) {
        if (info.offset() >= 0 && info.timestamp() >= 0) {
          Instant at = Instant.ofEpochMilli(info.timestamp());
          if (oldest.isEmpty() || at.isBefore(oldest.get())) {
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
