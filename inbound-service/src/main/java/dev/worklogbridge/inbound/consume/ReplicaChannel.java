package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.model.Topics;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The Kafka connector's configuration of one inbound channel: connection {@code c}'s topic read for
 * target site {@code s} in batches, consumer group {@code inbound-<c>-<s>} (KEDA's lag trigger
 * watches it), channel {@code replicas-<c>-<s>}. The connections are configuration ({@code
 * bridge.connections.*}), so the channels are opened from code through the connector's own API
 * ({@code InboundConnector.getPublisher}), with exactly the keys an {@code
 * mp.messaging.incoming.<channel>.*} block would hold; the broker settings ({@code kafka.*}) come
 * from the connector's defaults as for every other channel.
 */
final class ReplicaChannel {

  private ReplicaChannel() {}

  static String name(String connection, String site) {
    return "replicas-" + connection + "-" + site;
  }

  /**
   * @param maxRecords the largest batch the connector hands over
   */
  static Config config(
      String connection,
      String site,
      int maxRecords,
      String reset,
      String instanceId,
      Duration sessionTimeout) {
    String group = Topics.inboundGroup(connection, site);
    Map<String, String> c = new HashMap<>();
    c.put("channel-name", name(connection, site));
    c.put("connector", "smallrye-kafka");
    c.put("topic", Topics.replica(connection));
    c.put("group.id", group);
    c.put("client.id", group);
    c.put("group.instance.id", instanceId + "-" + group);
    c.put("session.timeout.ms", Long.toString(sessionTimeout.toMillis()));
    c.put("auto.offset.reset", reset);
    c.put("isolation.level", "read_committed");
    c.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    c.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    c.put("batch", "true");
    // The connector's batches are one poll each, collected by ChannelBatches into batches of about
    // maxRecords. A poll takes whatever the fetches brought, up to maxRecords: every partition's
    // share of one fetch, so that a batch covers the same stretch of each partition.
    c.put("max.poll.records", Integer.toString(maxRecords));
    // A batch of 5,000 events is a few megabytes; do not let fetches buffer fifty.
    c.put("fetch.max.bytes", Integer.toString(8 * 1024 * 1024));
    // Each partition's share of a fetch stays at the client's default (1 MiB, about a thousand
    // events), so a batch holds the oldest part of every partition, and an issue's creates (spread
    // over the partitions by lineage) meet in one batch. With 4 MiB a fetch brought whole
    // partitions: a batch of 5,000 was two partitions of four, and every issue's creates went out
    // in two bulk calls (measured: 400 instead of 206 for 10,000 creates on 200 issues).
    c.put("max.partition.fetch.bytes", Integer.toString(1024 * 1024));
    // Up to two polls fetched ahead (2 x maxRecords at most): the connector pauses the partitions
    // when that many wait and resumes only when none does.
    c.put("max-queue-size-factor", "2");
    // Replay seeks, lag queries and commits run on the polling thread between polls: a short poll
    // lets them run within 100 ms instead of waiting up to a second behind an idle poll.
    c.put("poll-timeout", "100");
    // A fetch of a caught-up partition waits at the broker for new records (500 ms by default),
    // and a replay's seek is served only after it: its first batch came half a second late. An
    // idle consumer now asks ten times a second instead of twice.
    c.put("fetch.max.wait.ms", "100");
    // Each batch's last offsets are committed once every record of it is applied, skipped,
    // parked (in the database) or dead-lettered: at least once, and applying is idempotent.
    c.put("commit-strategy", "latest");
    // Nothing is ever nacked: failures are parked per lineage or retried with the batch in hand.
    c.put("failure-strategy", "fail");
    // The apply span continues the producer's trace from the record's header (BridgeSpans): a
    // connector span per record would cost a replay of 10,000 events as many spans.
    c.put("tracing-enabled", "false");
    return new SmallRyeConfigBuilder()
        .withSources(
            new PropertiesConfigSource(c, "worklog-bridge channel " + c.get("channel-name")))
        .build();
  }
}
