package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.inbound.apply.AuthPause;
import dev.worklogbridge.inbound.apply.Outcome;
import dev.worklogbridge.inbound.apply.ReplicaApplier;
import dev.worklogbridge.model.InvalidEventException;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer of one connection's topic for one target site (group {@code
 * inbound-<connection>-<site>}): poll, dead-letter what is invalid, apply the rest, commit. Offsets
 * are committed only after every record of a batch is applied, skipped, parked (in the database) or
 * dead-lettered. A 401 from the target rewinds to the batch, pauses, and resumes by itself when the
 * token works again. A replay request seeks every partition to a time or to the start.
 */
public final class ConnectionConsumer implements Runnable {

  private final Connections.View connection;
  private final String site;
  private final String ownSource;
  private final Map<String, Object> kafkaConfig;
  private final ReplicaApplier applier;
  private final DeadLetters deadLetters;
  private final SiteHealth health;
  private final BridgeSpans spans;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicReference<Instant> replayFrom = new AtomicReference<>();
  private volatile boolean replayVerify;
  private Map<TopicPartition, Long> verifyUntil = Map.of();
  private dev.worklogbridge.inbound.apply.Recovery verification;
  final AtomicLong consumed = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  volatile Instant lastAppliedAt;
  volatile String state = "STARTING";
  volatile Map<TopicPartition, Long> lag = Map.of();

  private int maxRecords = 1000;
  private Duration linger = Duration.ZERO;

  /** Batching: at most {@code maxRecords}, collected for up to {@code linger}. */
  ConnectionConsumer batching(int maxRecords, Duration linger) {
    this.maxRecords = maxRecords;
    this.linger = linger;
    return this;
  }

  ConnectionConsumer(
      Connections.View connection,
      String site,
      Map<String, Object> kafkaConfig,
      ReplicaApplier applier,
      DeadLetters deadLetters,
      SiteHealth health,
      BridgeSpans spans) {
    this.connection = connection;
    this.site = site;
    this.ownSource = Topics.ceSource(site);
    this.kafkaConfig = kafkaConfig;
    this.applier = applier;
    this.deadLetters = deadLetters;
    this.health = health;
    this.spans = spans;
  }

  static Map<String, Object> settings(
      Map<String, Object> base,
      String group,
      int maxPollRecords,
      String reset,
      String instanceId,
      Duration sessionTimeout) {
    Map<String, Object> c = new HashMap<>(base);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    // A batch of 5,000 events is a few megabytes; do not let fetches buffer fifty.
    c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
    c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-" + group);
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
    return c;
  }

  /**
   * Decodes (parses and validates against the schema) each record: the event, or the {@link
   * InvalidEventException} saying why not, in record order. A backlog's batch is decoded on every
   * core: in a replay or a catch-up, decoding is most of the consumer's work.
   */
  private static Object[] decode(List<ConsumerRecord<byte[], byte[]>> records) {
    Object[] out = new Object[records.size()];
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, out.length);
    (out.length >= 256 ? range.parallel() : range)
        .forEach(
            i -> {
              try {
                out[i] = ReplicaEventCodec.decode(records.get(i).value());
              } catch (InvalidEventException e) {
                out[i] = e;
              }
            });
    return out;
  }

  /** The target site this consumer writes to. */
  public String site() {
    return site;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    org.apache.kafka.common.header.Header h = r.headers().lastHeader(key);
    return h == null || h.value() == null
        ? null
        : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  public String name() {
    return connection.name() + "/" + site;
  }

  /**
   * Seeks to {@code from} (or the start when null) at the next poll. With {@code verify}, every
   * record up to today's end of the topic is applied as if the target may have lost it.
   */
  public void replay(Instant from, boolean verify) {
    replayVerify = verify;
    replayFrom.set(from == null ? Instant.EPOCH : from);
  }

  public void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  @Override
  public void run() {
    String topic = Topics.replica(connection.name());
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            kafkaConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      c.subscribe(List.of(topic));
      state = "RUNNING";
      while (running) {
        try {
          step(c, topic);
        } catch (WakeupException e) {
          if (!running) {
            break;
          }
        } catch (RuntimeException e) {
          // Kafka unreachable, a rebalance during a commit, the database away: nothing is lost,
          // since
          // applying is idempotent; go back to the last committed offsets and try again.
          state = "RETRYING: " + e.getMessage();
          Log.warnf(
              "%s: %s; going back to the last committed offsets and retrying",
              name(), e.getMessage());
          sleep(1000);
          rewindToCommitted(c);
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      state = "FAILED: " + e.getMessage();
      Log.errorf(e, "%s: consumer stopped", name());
    } finally {
      state = running ? state : "STOPPED";
    }
  }

  private void step(KafkaConsumer<byte[], byte[]> c, String topic) {
    if (health.isAuthFailed(site)) {
      pausedPoll(c);
      return;
    }
    if (!c.paused().isEmpty()) {
      c.resume(c.paused());
      Log.infof("%s: token works again, resuming", name());
    }
    state = "RUNNING";
    seekIfReplaying(c, topic);
    long t0 = System.nanoTime();
    ConsumerRecords<byte[], byte[]> records = collect(c);
    if (!records.isEmpty()) {
      long t1 = System.nanoTime();
      handle(c, records);
      Log.debugf(
          "%s: batch of %d collected in %d ms, handled in %d ms",
          name(), records.count(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }
    updateLag(c);
  }

  /**
   * One poll, then more: for up to the linger time, and beyond it (up to two seconds) for as long
   * as a backlog keeps delivering, so that piled-up creates meet in big batches (full bulk calls).
   */
  private ConsumerRecords<byte[], byte[]> collect(KafkaConsumer<byte[], byte[]> c) {
    ConsumerRecords<byte[], byte[]> first = c.poll(Duration.ofMillis(500));
    if (first.isEmpty() || first.count() >= maxRecords || linger.isZero()) {
      return first;
    }
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> all = new HashMap<>();
    int count = add(all, first);
    long start = System.nanoTime();
    long lingerEnd = start + linger.toNanos();
    long hardEnd = start + 2_000_000_000L;
    while (count < maxRecords) {
      long now = System.nanoTime();
      long wait = Math.max(lingerEnd - now, 10_000_000L);
      if (now >= hardEnd) {
        break;
      }
      int got = add(all, c.poll(Duration.ofNanos(Math.min(wait, hardEnd - now))));
      count += got;
      if (got == 0 && System.nanoTime() >= lingerEnd) {
        break;
      }
    }
    return new ConsumerRecords<>(all, Map.of());
  }

  private static int add(
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> all,
      ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      all.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records.records(tp));
    }
    return records.count();
  }

  private void rewindToCommitted(KafkaConsumer<byte[], byte[]> c) {
    try {
      Set<TopicPartition> assigned = c.assignment();
      Map<TopicPartition, OffsetAndMetadata> committed =
          c.committed(assigned, Duration.ofSeconds(5));
      for (TopicPartition tp : assigned) {
        OffsetAndMetadata o = committed.get(tp);
        if (o != null) {
          c.seek(tp, o.offset());
        } else {
          c.seekToBeginning(List.of(tp));
        }
      }
    } catch (RuntimeException e) {
      Log.debugf("%s: could not rewind yet: %s", name(), e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
    // This site's own changes are never applied here; unless this consumer is the one that
    // dead-letters invalid records, it need not even decode them (half the work in a backfill).
    boolean validatesAll = site.equals(connection.deadLetterSite());
    List<ConsumerRecord<byte[], byte[]>> wanted = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (validatesAll || !ownSource.equals(header(r, "ce_source"))) {
        wanted.add(r);
      }
    }
    List<ReplicaEvent> events = new ArrayList<>(wanted.size());
    Map<String, Context> traces = new HashMap<>();
    Object[] decoded = decode(wanted);
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] instanceof ReplicaEvent e) {
        events.add(e);
        Context trace = spans.extract(wanted.get(i).headers());
        if (trace != Context.root()) {
          traces.put(e.eventId(), trace);
        }
      } else if (validatesAll) {
        deadLetters.send(connection.name(), wanted.get(i), ((Exception) decoded[i]).getMessage());
        deadLettered.incrementAndGet();
      }
    }
    try {
      List<Outcome> outcomes =
          applier.applyBatch(connection, site, events, verifying(records), traces);
      if (outcomes.stream().anyMatch(Outcome::wrote)) {
        lastAppliedAt = Instant.now();
      }
    } catch (AuthPause p) {
      health.authFailed(site, p.api(), p.reason());
      rewind(c, records);
      Log.warnf("%s: paused, the target rejected the token; no event is lost", name());
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
      commit.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
    }
    c.commitSync(commit);
    consumed.addAndGet(records.count());
  }

  /** The verification scope while a verifying replay has not reached the end it started from. */
  private dev.worklogbridge.inbound.apply.Recovery verifying(
      ConsumerRecords<byte[], byte[]> records) {
    if (verification == null) {
      return null;
    }
    boolean inside = false;
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
      if (part.get(0).offset() < verifyUntil.getOrDefault(tp, 0L)) {
        inside = true;
      }
    }
    if (!inside) {
      verification = null;
      Log.infof("%s: verifying replay done", name());
    }
    return verification;
  }

  private void rewind(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      c.seek(tp, records.records(tp).get(0).offset());
    }
    c.pause(c.assignment());
    state = "PAUSED: AUTH_FAILED";
  }

  private void pausedPoll(KafkaConsumer<byte[], byte[]> c) {
    state = "PAUSED: AUTH_FAILED";
    c.pause(c.assignment());
    c.poll(Duration.ofMillis(500));
  }

  private void seekIfReplaying(KafkaConsumer<byte[], byte[]> c, String topic) {
    Instant from = replayFrom.get();
    if (from == null) {
      return;
    }
    Set<TopicPartition> assigned = c.assignment();
    if (assigned.isEmpty()) {
      c.poll(Duration.ofMillis(100));
      assigned = c.assignment();
      if (assigned.isEmpty()) {
        return;
      }
    }
    replayFrom.set(null);
    if (replayVerify) {
      verifyUntil = c.endOffsets(assigned);
      verification = applier.recovery(site);
    }
    if (from.equals(Instant.EPOCH)) {
      c.seekToBeginning(assigned);
    } else {
      Map<TopicPartition, Long> query = new HashMap<>();
      assigned.forEach(tp -> query.put(tp, from.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
      Map<TopicPartition, Long> ends = c.endOffsets(assigned);
      for (TopicPartition tp : assigned) {
        OffsetAndTimestamp o = offsets.get(tp);
        c.seek(tp, o != null ? o.offset() : ends.get(tp));
      }
    }
    Log.infof(
        "%s: replaying %s from %s", name(), topic, from.equals(Instant.EPOCH) ? "the start" : from);
  }

  private long lagMeasuredAt;

  /** At most once a second: each measurement is a round trip to the broker. */
  private void updateLag(KafkaConsumer<byte[], byte[]> c) {
    long now = System.nanoTime();
    if (now - lagMeasuredAt < 1_000_000_000L && lagMeasuredAt != 0) {
      return;
    }
    lagMeasuredAt = now;
    try {
      measureLag(c);
    } catch (RuntimeException e) {
      // Lag is for status and metrics; it will be measured next time.
    }
  }

  private void measureLag(KafkaConsumer<byte[], byte[]> c) {
    Set<TopicPartition> assigned = c.assignment();
    if (assigned.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> ends = c.endOffsets(assigned, Duration.ofSeconds(2));
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : assigned) {
      out.put(tp, Math.max(0, ends.getOrDefault(tp, 0L) - c.position(tp, Duration.ofSeconds(2))));
    }
    lag = out;
  }

  public String state() {
    return state;
  }

  public long consumed() {
    return consumed.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public Instant lastAppliedAt() {
    return lastAppliedAt;
  }

  public long totalLag() {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }
}
