package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.inbound.apply.AuthPause;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.SiteHealth;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The consumer of one connection's topic for one target site: the Kafka connector's batch channel
 * {@code replicas-<connection>-<site>} (group {@code inbound-<connection>-<site>}), read one batch
 * at a time on this consumer's own thread. A batch is acknowledged (its offsets committed by the
 * connector's {@code latest} strategy) only when every record of it is applied, skipped, parked (in
 * the database) or dead-lettered; until then no further batch is requested, so the connector stops
 * fetching once one batch is buffered. A 401 from the target keeps the batch in hand and pauses
 * until the token works again; any other failure (Kafka, the database) retries the batch in hand:
 * applying is idempotent. A replay moves the group's committed offsets to a time or to the start
 * and resets the channel to them, on the connector's polling thread.
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
  private final BlockingQueue<Message<?>> delivered = new ArrayBlockingQueue<>(4);
  private final AtomicReference<Replay> replay = new AtomicReference<>();

  /** Given by the connector once it has subscribed to the topic (on its polling thread). */
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

  private volatile Throwable failure;
  private volatile boolean running = true;
  private volatile Thread thread;

  /** The batches being applied (several when a backlog was collected into one). */
  private final List<Message<?>> inHand = new ArrayList<>();

  /** One batch asked of the connector and not yet received. */
  private boolean awaiting;

  private int maxRecords = 1000;
  private Duration linger = Duration.ZERO;
  private long lagMeasuredAt;
  volatile String state = "STARTING";
  volatile Map<TopicPartition, Long> lag = Map.of();

  private record Replay(Instant from, boolean verify) {}

  ConnectionConsumer(
      Connections.View connection,
      String site,
      Config channel,
      InboundConnector connector,
      KafkaClientService clients,
      BatchHandler handler,
      SiteHealth health) {
    this.connection = connection;
    this.site = site;
    this.channel = channel;
    this.channelName = channel.getValue("channel-name", String.class);
    this.connector = connector;
    this.clients = clients;
    this.handler = handler;
    this.health = health;
  }

  /**
   * Batching: the connector's batches are collected into one of at most {@code maxRecords} for up
   * to {@code linger}, and beyond it (up to two seconds) for as long as a backlog keeps delivering
   * (a gap of 500 ms ends it), so that piled-up creates meet in big batches (full bulk calls).
   */
  ConnectionConsumer batching(int maxRecords, Duration linger) {
    this.maxRecords = maxRecords;
    this.linger = linger;
    return this;
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
    thread = Thread.currentThread();
    try {
      open();
      state = "RUNNING";
      while (running && failure == null) {
        try {
          step();
        } catch (RuntimeException e) {
          // Kafka slow to answer a replay or lag query: the batch in hand stays in hand.
          state = "RETRYING: " + e.getMessage();
          Log.warnf("%s: %s; trying again", name(), e.getMessage());
          Thread.sleep(1000);
        }
      }
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
        subscription.thenAccept(Flow.Subscription::cancel);
      }
      state = running ? state : "STOPPED";
    }
  }

  /** Subscribes to the connector's channel and asks for the first batch. */
  private void open() {
    Flow.Publisher<? extends Message<?>> publisher = connector.getPublisher(channel);
    publisher.subscribe(
        new Flow.Subscriber<Message<?>>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
          }

          @Override
          public void onNext(Message<?> batch) {
            delivered.add(batch);
          }

          @Override
          public void onError(Throwable t) {
            failure = t;
          }

          @Override
          public void onComplete() {
            failure = new IllegalStateException("the channel " + channelName + " completed");
          }
        });
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
    if (inHand.isEmpty()) {
      collect();
    }
    if (!inHand.isEmpty()) {
      long t1 = System.nanoTime();
      int size = inHand.stream().mapToInt(m -> records(m).count()).sum();
      handle();
      Log.debugf(
          "%s: batch of %d collected in %d ms, handled in %d ms",
          name(), size, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }
    updateLag();
  }

  /** The next batch from the connector within {@code timeout}, or null. */
  private Message<?> next(long timeoutNanos) throws InterruptedException {
    if (!awaiting) {
      Flow.Subscription s;
      try {
        s = subscription.get(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return null;
      }
      awaiting = true;
      s.request(1);
    }
    Message<?> m = delivered.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    if (m != null) {
      awaiting = false;
    }
    return m;
  }

  /**
   * A batch this big says a backlog is being read: keep collecting while the connector keeps
   * delivering (each of its batches is one fetch, often a few hundred records).
   */
  private static final int BACKLOG = 256;

  /** How long a backlog may pause between two of the connector's batches before we apply. */
  private static final long BACKLOG_GAP = 500_000_000L;

  private void collect() throws InterruptedException {
    Message<?> first = next(500_000_000L);
    if (first == null) {
      return;
    }
    inHand.add(first);
    int count = records(first).count();
    long start = System.nanoTime();
    long lingerEnd = start + linger.toNanos();
    long hardEnd = start + 2_000_000_000L;
    while (count < maxRecords && !linger.isZero()) {
      long now = System.nanoTime();
      if (now >= hardEnd) {
        break;
      }
      boolean backlog = count >= BACKLOG;
      long wait = backlog ? BACKLOG_GAP : Math.max(lingerEnd - now, 10_000_000L);
      Message<?> more = next(Math.min(wait, hardEnd - now));
      if (more != null) {
        inHand.add(more);
        count += records(more).count();
      } else if (backlog || System.nanoTime() >= lingerEnd) {
        break;
      }
    }
  }

  private void handle() throws InterruptedException {
    ConsumerRecords<byte[], byte[]> records = merged();
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
    inHand.forEach(Message::ack);
    inHand.clear();
  }

  private ConsumerRecords<byte[], byte[]> merged() {
    if (inHand.size() == 1) {
      return records(inHand.get(0));
    }
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> all = new HashMap<>();
    for (Message<?> m : inHand) {
      ConsumerRecords<byte[], byte[]> part = records(m);
      for (TopicPartition tp : part.partitions()) {
        all.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(part.records(tp));
      }
    }
    return new ConsumerRecords<>(all, Map.of());
  }

  @SuppressWarnings("unchecked")
  private static ConsumerRecords<byte[], byte[]> records(Message<?> batch) {
    return batch
        .getMetadata(IncomingKafkaRecordBatchMetadata.class)
        .map(m -> (ConsumerRecords<byte[], byte[]>) m.getRecords())
        .orElseThrow(() -> new IllegalStateException("not a Kafka batch: " + batch));
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
    inHand.clear();
    Log.infof(
        "%s: replaying %s from %s",
        name(),
        channel.getValue("topic", String.class),
        r.from().equals(Instant.EPOCH) ? "the start" : r.from());
    return true;
  }

  /** At most once a second: each measurement is a round trip to the broker. */
  private void updateLag() {
    long now = System.nanoTime();
    if (now - lagMeasuredAt < 1_000_000_000L && lagMeasuredAt != 0) {
      return;
    }
    lagMeasuredAt = now;
    KafkaConsumer<byte[], byte[]> kafka = clients.getConsumer(channelName);
    if (kafka == null) {
      return;
    }
    try {
      lag =
          kafka
              .runOnPollingThread(onPollingThread(ReplayOffsets::lag))
              .await()
              .atMost(Duration.ofSeconds(3));
    } catch (RuntimeException e) {
      // Lag is for status and metrics; it will be measured next time.
    }
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

  public long totalLag() {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }
}
