package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.runtime.priority.BacklogThreads;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import java.time.Duration;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The batches of one connector channel, as its consumer's thread takes them: asked for one at a
 * time (the connector fetches at most two ahead and pauses the partitions beyond), and collected
 * into one batch of at most {@code maxRecords} for up to {@code linger}, or, when a backlog is
 * being read (a big batch, or the channel's lag), until {@code maxRecords}, two seconds, or a
 * quarter of a second without a new batch, whatever the sizes of the connector's batches (one poll
 * each): piled-up creates meet in big batches (full bulk calls). What is in hand stays in hand
 * until it is acknowledged or dropped.
 */
final class ChannelBatches implements Flow.Subscriber<Message<?>> {

  private static final long HARD_END = 2_000_000_000L;

  /**
   * While a backlog is collected, this long without a new batch means the connector has handed over
   * what there is (its polls follow each other within the poll timeout, 100 ms, it fetches ahead,
   * and an empty fetch waits at most 100 ms at the broker): the batch goes out instead of waiting
   * for the hard end (a replay's last batch waited two seconds, then a quarter of one).
   */
  private static final long BACKLOG_QUIET = 150_000_000L;

  private final String channel;
  private final int maxRecords;
  private final Duration linger;
  private final BlockingQueue<Message<?>> delivered = new ArrayBlockingQueue<>(4);

  /** Given by the connector once it has subscribed to the topic (on its polling thread). */
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

  private volatile Throwable failure;

  /** Put in the queue by {@link #wake()}: ends a wait for batches early. */
  private static final Message<?> WAKE = Message.of("wake");

  /** The batches being applied (several when a backlog was collected into one). */
  private final List<Message<?>> inHand = new ArrayList<>();

  /** One batch asked of the connector and not yet received. */
  private boolean awaiting;

  /** The current collection was cut short by {@link #wake()}. */
  private boolean woken;

  ChannelBatches(String channel, int maxRecords, Duration linger) {
    this.channel = channel;
    this.maxRecords = maxRecords;
    this.linger = linger;
  }

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
    failure = new IllegalStateException("the channel " + channel + " completed");
  }

  /** Ends the consumer thread's wait for a batch now (a replay asked for). */
  void wake() {
    delivered.offer(WAKE);
  }

  /** Why the connector gave up on the channel, or null. */
  Throwable failure() {
    return failure;
  }

  void cancel() {
    subscription.thenAccept(Flow.Subscription::cancel);
  }

  /**
   * The records in hand, collecting new ones first when nothing is (empty: none came).
   *
   * @param lag how far behind the channel was when last measured: a backlog is collected up to
   *     {@code maxRecords} (or two seconds) whatever the sizes of the connector's batches
   */
  ConsumerRecords<byte[], byte[]> inHand(long lag) throws InterruptedException {
    if (inHand.isEmpty()) {
      collect(lag);
    }
    return merged();
  }

  /** The records in hand are done with: the connector commits their offsets. */
  void acknowledge() {
    inHand.forEach(Message::ack);
    inHand.clear();
  }

  /** The records in hand are forgotten (a replay moved the channel's position). */
  void drop() {
    inHand.clear();
  }

  private void collect(long lag) throws InterruptedException {
    woken = false;
    Message<?> first = next(500_000_000L);
    if (first == null) {
      return;
    }
    inHand.add(first);
    int count = records(first).count();
    long start = System.nanoTime();
    long lingerEnd = start + linger.toNanos();
    long hardEnd = start + HARD_END;
    while (count < maxRecords && !linger.isZero()) {
      long now = System.nanoTime();
      if (now >= hardEnd) {
        break;
      }
      // A backlog's batch (BacklogThreads) says a backlog is being read: keep collecting while the
      // connector keeps delivering (each of its batches is one poll: what the fetches brought).
      boolean backlog = BacklogThreads.isBacklog(count) || lag >= BacklogThreads.BACKLOG;
      long wait = backlog ? BACKLOG_QUIET : Math.max(lingerEnd - now, 10_000_000L);
      Message<?> more = next(Math.min(wait, hardEnd - now));
      if (more != null) {
        inHand.add(more);
        count += records(more).count();
      } else if (backlog || woken || System.nanoTime() >= lingerEnd) {
        break;
      }
    }
  }

  /**
   * Asks the connector for the first batch without waiting for it: it starts polling on demand, so
   * the group join and the first fetch run while the consumer's thread does something else (the
   * target's checks at start-up).
   */
  void prefetch() {
    Flow.Subscription s = subscription.getNow(null);
    if (!awaiting && s != null) {
      awaiting = true;
      s.request(1);
    }
  }

  /** The next batch from the connector within {@code timeoutNanos}, or null. */
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
    if (m == WAKE) {
      woken = true;
      return null;
    }
    if (m != null) {
      awaiting = false;
    }
    return m;
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
}
