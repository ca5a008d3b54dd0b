package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.inbound.apply.AuthPause;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.SiteHealth;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;

/**
 * The consumer of one connection's topic for one target site: the Kafka connector's batch channel
 * {@code replicas-<connection>-<site>} (group {@code inbound-<connection>-<site>}), read one batch
 * at a time on this consumer's own thread ({@link ChannelBatches}). A batch is acknowledged (its
 * offsets committed by the connector's {@code latest} strategy) only when every record of it is
 * applied, skipped, parked (in the database) or dead-lettered; until then no further batch is
 * requested, so the connector stops fetching once two are buffered. A 401 from the target keeps the
 * batch in hand and pauses until the token works again; any other failure (Kafka, the database)
 * retries the batch in hand: applying is idempotent. A replay moves the group's committed offsets
 * to a time or to the start and resets the channel to them, on the connector's polling thread.
 */
public final class ConnectionConsumer implements Runnable {

  private static final Duration KAFKA_CALL = Duration.ofSeconds(30);

  private final Connections.View connection;
  private final String site;
  private final Config channel;
  private final String channelName;
  private final InboundConnector connector;
  private final KafkaClientService clients;
  private final BatchHandler handler;
  private final SiteHealth health;
  private final ChannelBatches batches;
  private final AtomicReference<Replay> replay = new AtomicReference<>();
  private volatile boolean running = true;
  private volatile Thread thread;
  private long lagMeasuredAt;
  private volatile boolean lagAsked;
  volatile String state = "STARTING";
  volatile Map<TopicPartition, Long> lag = Map.of();

  private record Replay(Instant from, boolean verify) {}

  ConnectionConsumer(
      Connections.View connection,
      String site,
      Config channel,
      InboundConnector connector,
      KafkaClientService clients,
      ChannelBatches batches,
      BatchHandler handler,
      SiteHealth health) {
    this.connection = connection;
    this.site = site;
    this.channel = channel;
    this.channelName = channel.getValue("channel-name", String.class);
    this.connector = connector;
    this.clients = clients;
    this.batches = batches;
    this.handler = handler;
    this.health = health;
  }

  /** The target site this consumer writes to. */
  public String site() {
    return site;
  }

  public String name() {
    return connection.name() + "/" + site;
  }

  /**
   * Seeks to {@code from} (or the start when null) before the next batch. With {@code verify},
   * every record up to today's end of the topic is applied as if the target may have lost it.
   */
  public void replay(Instant from, boolean verify) {
    replay.set(new Replay(from == null ? Instant.EPOCH : from, verify));
    batches.wake();
    Log.infof(
        "%s: replay asked from %s%s",
        name(), from == null ? "the start" : from, verify ? ", verifying" : "");
  }

  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void run() {
    run(() -> {});
  }

  /**
   * Subscribes, then runs {@code beforeFirstBatch} (the target's checks) while the connector joins
   * the group and fetches, then applies batches: a start-up's first batch no longer waits for the
   * checks and the group join one after the other.
   */
  public void run(Runnable beforeFirstBatch) {
    thread = Thread.currentThread();
    try {
      open();
      batches.prefetch();
      beforeFirstBatch.run();
      state = "RUNNING";
      while (running && batches.failure() == null) {
        try {
          step();
        } catch (RuntimeException e) {
          // Kafka slow to answer a replay or lag query: the batch in hand stays in hand.
          state = "RETRYING: " + e.getMessage();
          Log.warnf("%s: %s; trying again", name(), e.getMessage());
          Thread.sleep(1000);
        }
      }
      Throwable failure = batches.failure();
      if (failure != null) {
        // The connector gave up on the channel (its health checks say so): not retried here.
        throw new IllegalStateException(
            "the channel " + channelName + " failed: " + failure.getMessage(), failure);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      state = "FAILED: " + e.getMessage();
      Log.errorf(e, "%s: consumer stopped", name());
    } finally {
      if (!running) {
        batches.cancel();
      }
      state = running ? state : "STOPPED";
    }
  }

  /** Subscribes to the connector's channel. */
  private void open() {
    connector.getPublisher(channel).subscribe(batches);
  }

  private void step() throws InterruptedException {
    if (replay.get() != null && seekForReplay()) {
      return;
    }
    if (health.isAuthFailed(site)) {
      state = "PAUSED: AUTH_FAILED";
      Thread.sleep(500);
      return;
    }
    long t0 = System.nanoTime();
    ConsumerRecords<byte[], byte[]> records = batches.inHand(totalLag());
    if (!records.isEmpty()) {
      long t1 = System.nanoTime();
      handle(records);
      Log.debugf(
          "%s: batch of %d collected in %d ms, handled in %d ms",
          name(), records.count(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }
    updateLag();
  }

  private void handle(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
    try {
      handler.handle(records);
    } catch (AuthPause p) {
      health.authFailed(site, p.api(), p.reason());
      state = "PAUSED: AUTH_FAILED";
      Log.warnf("%s: paused, the target rejected the token; no event is lost", name());
      return;
    } catch (RuntimeException e) {
      // The database away, a dead letter not acknowledged: nothing is lost, since applying is
      // idempotent; the batch in hand is applied again.
      state = "RETRYING: " + e.getMessage();
      Log.warnf("%s: %s; applying the batch again", name(), e.getMessage());
      Thread.sleep(1000);
      return;
    }
    if (state.startsWith("PAUSED") || state.startsWith("RETRYING")) {
      Log.infof("%s: %s is over, running", name(), state);
    }
    state = "RUNNING";
    batches.acknowledge();
  }

  /**
   * Commits the replay's starting offsets for the group and resets the channel to them (the
   * connector drops what it had fetched); the batch in hand, fetched before, is dropped too.
   * Nothing is done until the group has partitions.
   */
  private boolean seekForReplay() {
    Replay r = replay.get();
    KafkaConsumer<byte[], byte[]> kafka = clients.getConsumer(channelName);
    if (kafka == null) {
      return false;
    }
    Map<TopicPartition, Long> until =
        kafka
            .runOnPollingThread(onPollingThread(c -> ReplayOffsets.commit(c, r.from())))
            .await()
            .atMost(KAFKA_CALL);
    if (until == null) {
      return false;
    }
    replay.set(null);
    handler.verifyUntil(r.verify() ? until : Map.of());
    kafka.resetToLastCommittedPositions().await().atMost(KAFKA_CALL);
    batches.drop();
    Log.infof(
        "%s: replaying %s from %s",
        name(),
        channel.getValue("topic", String.class),
        r.from().equals(Instant.EPOCH) ? "the start" : r.from());
    return true;
  }

  /**
   * At most once a second, and never waited for: each measurement is two round trips to the broker
   * on the connector's polling thread, between its polls.
   */
  private void updateLag() {
    long now = System.nanoTime();
    if (lagAsked || (now - lagMeasuredAt < 1_000_000_000L && lagMeasuredAt != 0)) {
      return;
    }
    KafkaConsumer<byte[], byte[]> kafka = clients.getConsumer(channelName);
    if (kafka == null) {
      return;
    }
    lagMeasuredAt = now;
    lagAsked = true;
    kafka
        .runOnPollingThread(onPollingThread(ReplayOffsets::lag))
        .ifNoItem()
        .after(Duration.ofSeconds(5))
        .fail()
        .subscribe()
        .with(
            measured -> {
              lag = measured;
              lagAsked = false;
            },
            // Lag is for status and metrics; it will be measured next time.
            failed -> lagAsked = false);
  }

  /**
   * Says which of the connector's two {@code runOnPollingThread} is meant: the one that answers.
   */
  private static <R> Function<Consumer<byte[], byte[]>, R> onPollingThread(
      Function<Consumer<byte[], byte[]>, R> f) {
    return f;
  }

  public String state() {
    return state;
  }

  public long consumed() {
    return handler.consumed();
  }

  public long deadLettered() {
    return handler.deadLettered();
  }

  public Instant lastAppliedAt() {
    return handler.lastAppliedAt();
  }

  /** How many partitions this process held when the lag was last measured (at most 1 s ago). */
  public int partitions() {
    return lag.size();
  }

  public long totalLag() {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }
}
