package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.inbound.apply.ApplyRun;
import dev.worklogbridge.inbound.apply.Outcome;
import dev.worklogbridge.inbound.apply.Recovery;
import dev.worklogbridge.inbound.apply.ReplicaApplier;
import dev.worklogbridge.model.InvalidEventException;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.priority.BacklogThreads;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * What one consumer does with a batch of records: leave out this site's own changes (by {@code
 * ce_source}, before decoding), leave out what this site has already applied (by the record's
 * headers, before decoding: {@link AppliedRecords}), dead-letter what is not a valid replica event
 * (only the consumer of the connection's dead-letter site does, so each invalid record leaves
 * once), and hand the rest to the applier with their traces. Returns normally only when every
 * record is applied, skipped, parked or dead-lettered.
 */
final class BatchHandler {

  private final Connections.View connection;
  private final String site;
  private final String ownSource;
  private final String otherSource;
  private final ReplicaApplier applier;
  private final DeadLetters deadLetters;
  private final BridgeSpans spans;
  private final BacklogThreads threads;
  private final AppliedRecords applied;
  private final AtomicLong consumed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile Instant lastAppliedAt;
  private Map<TopicPartition, Long> verifyUntil = Map.of();
  private Recovery verification;

  BatchHandler(
      Connections.View connection,
      String site,
      ReplicaApplier applier,
      DeadLetters deadLetters,
      BridgeSpans spans,
      BacklogThreads threads) {
    this.connection = connection;
    this.site = site;
    this.ownSource = Topics.ceSource(site);
    this.otherSource = Topics.ceSource(connection.other(site));
    this.applier = applier;
    this.deadLetters = deadLetters;
    this.spans = spans;
    this.threads = threads;
    this.applied = new AppliedRecords(applier);
  }

  /**
   * Handles the batch, a backlog's on the backlog threads (below normal priority), so that the
   * other connections' live changes are not kept waiting for a core by it.
   */
  void handle(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
    threads.run(records.count(), () -> handleHere(records));
  }

  private void handleHere(ConsumerRecords<byte[], byte[]> records) {
    // This site's own changes are never applied here; unless this consumer is the one that
    // dead-letters invalid records, it need not even decode them (half the work in a backfill).
    boolean validatesAll = site.equals(connection.deadLetterSite());
    List<ConsumerRecord<byte[], byte[]>> wanted = new ArrayList<>(records.count());
    // Parallel to wanted: the lineage (record key) of each record from the other site, else null.
    List<String> otherLineages = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String source = header(r, "ce_source");
      if (validatesAll || !ownSource.equals(source)) {
        wanted.add(r);
        otherLineages.add(
            r.key() != null && otherSource.equals(source)
                ? new String(r.key(), StandardCharsets.UTF_8)
                : null);
      }
    }
    Map<String, Context> traces = new HashMap<>();
    ApplyRun run = applier.run(connection, site, verifying(records), traces);
    // A replay or a redelivery of applied changes ends here, undecoded (AppliedRecords).
    wanted = applied.toDecode(run, wanted, otherLineages);
    List<ReplicaEvent> events = new ArrayList<>(wanted.size());
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
    List<Outcome> outcomes = applier.applyBatch(run, events);
    if (outcomes.stream().anyMatch(Outcome::wrote)) {
      lastAppliedAt = Instant.now();
    }
    consumed.addAndGet(records.count());
  }

  /**
   * A verifying replay: every record before these offsets is applied as if the target may have lost
   * it (empty: none).
   */
  void verifyUntil(Map<TopicPartition, Long> until) {
    verifyUntil = until;
    verification = until.isEmpty() ? null : applier.recovery(site);
  }

  /** The verification scope while a verifying replay has not reached the end it started from. */
  private Recovery verifying(ConsumerRecords<byte[], byte[]> records) {
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
      Log.infof("%s/%s: verifying replay done", connection.name(), site);
    }
    return verification;
  }

  /**
   * Decodes (parses and validates against the schema) each record: the event, or the {@link
   * InvalidEventException} saying why not, in record order. A backlog's batch is decoded on every
   * core (the backlog's fork-join threads): in a replay or a catch-up, decoding is most of the
   * consumer's work.
   */
  private Object[] decode(List<ConsumerRecord<byte[], byte[]>> records) {
    Object[] out = new Object[records.size()];
    IntConsumer one =
        i -> {
          try {
            out[i] = ReplicaEventCodec.decode(records.get(i).value());
          } catch (InvalidEventException e) {
            out[i] = e;
          }
        };
    if (BacklogThreads.isBacklog(out.length)) {
      threads.parallel(() -> IntStream.range(0, out.length).parallel().forEach(one));
    } else {
      IntStream.range(0, out.length).forEach(one);
    }
    return out;
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  long consumed() {
    return consumed.get();
  }

  long deadLettered() {
    return deadLettered.get();
  }

  Instant lastAppliedAt() {
    return lastAppliedAt;
  }
}
