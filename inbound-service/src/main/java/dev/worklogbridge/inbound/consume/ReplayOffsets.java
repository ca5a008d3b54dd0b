package dev.worklogbridge.inbound.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** What a channel's consumer is asked on the connector's polling thread: replay offsets, lag. */
final class ReplayOffsets {

  private static final Duration BROKER = Duration.ofSeconds(10);

  private ReplayOffsets() {}

  /**
   * Commits, for every partition the consumer holds, the first offset at or after {@code from} (the
   * start for {@link Instant#EPOCH}; the end when nothing is that recent).
   *
   * @return today's end offsets (how far a verifying replay reaches), or null when the consumer
   *     holds no partition yet
   */
  static Map<TopicPartition, Long> commit(Consumer<byte[], byte[]> c, Instant from) {
    Set<TopicPartition> assigned = c.assignment();
    if (assigned.isEmpty()) {
      return null;
    }
    Map<TopicPartition, Long> ends = c.endOffsets(assigned, BROKER);
    Map<TopicPartition, Long> starts;
    if (from.equals(Instant.EPOCH)) {
      starts = c.beginningOffsets(assigned, BROKER);
    } else {
      Map<TopicPartition, Long> query = new HashMap<>();
      assigned.forEach(tp -> query.put(tp, from.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, BROKER);
      starts = new HashMap<>();
      for (TopicPartition tp : assigned) {
        OffsetAndTimestamp o = found.get(tp);
        starts.put(tp, o != null ? o.offset() : ends.get(tp));
      }
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    starts.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
    c.commitSync(commit, BROKER);
    return ends;
  }

  /** Records behind the end of each partition the consumer holds. */
  static Map<TopicPartition, Long> lag(Consumer<byte[], byte[]> c) {
    Set<TopicPartition> assigned = c.assignment();
    if (assigned.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Long> ends = c.endOffsets(assigned, Duration.ofSeconds(2));
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : assigned) {
      out.put(tp, Math.max(0, ends.getOrDefault(tp, 0L) - c.position(tp, Duration.ofSeconds(2))));
    }
    return out;
  }
}
