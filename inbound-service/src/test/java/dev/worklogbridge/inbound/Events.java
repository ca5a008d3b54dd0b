package dev.worklogbridge.inbound;

import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.AuthorRef;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.IssueRef;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.SourceRef;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.model.WorklogState;
import dev.worklogbridge.testkit.TwoSites;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replica events as the outbound service publishes them, and a producer to put them on the topic.
 */
final class Events implements AutoCloseable {

  static final String TOPIC = Topics.replica(TwoSites.CONNECTION);
  private final KafkaProducer<String, byte[]> producer;

  Events(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends each event with the headers the outbound's publisher gives it (source, change). */
  void send(ReplicaEvent... events) {
    for (ReplicaEvent e : events) {
      producer.send(
          record(e.key(), ReplicaEventCodec.encode(e), e.source().site(), e.idempotencyKey()));
    }
    producer.flush();
  }

  /** Sends each event as a record without headers (as an older publisher wrote them). */
  void sendBare(ReplicaEvent... events) {
    for (ReplicaEvent e : events) {
      producer.send(new ProducerRecord<>(TOPIC, e.key(), ReplicaEventCodec.encode(e)));
    }
    producer.flush();
  }

  /** Sends {@code value} with a publisher's headers naming {@code source} and the change. */
  void raw(String key, byte[] value, String source, String idempotencyKey) {
    try {
      producer.send(record(key, value, source, idempotencyKey)).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ProducerRecord<String, byte[]> record(
      String key, byte[] value, String source, String idempotencyKey) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(TOPIC, key, value);
    r.headers().add("ce_source", Topics.ceSource(source).getBytes(StandardCharsets.UTF_8));
    r.headers().add(Topics.IDEMPOTENCY_KEY_HEADER, idempotencyKey.getBytes(StandardCharsets.UTF_8));
    return r;
  }

  void raw(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  /** A worklog logged on {@code site} as {@code originId} by {@code author}. */
  static ReplicaEvent created(
      String site,
      long originId,
      int issue,
      AuthorRef author,
      String date,
      String time,
      long seconds,
      String description,
      Instant version) {
    return event(
        EventType.CREATED,
        new Lineage(site, originId),
        site,
        originId,
        issue,
        author,
        date,
        time,
        seconds,
        description,
        version,
        List.of());
  }

  static ReplicaEvent updated(
      ReplicaEvent base, long seconds, String description, Instant version) {
    WorklogState w = base.worklog();
    return event(
        EventType.UPDATED,
        base.lineage(),
        base.source().site(),
        base.source().tempoWorklogId(),
        (int) base.issue().id() - 10000,
        base.author(),
        w.startDate().toString(),
        hhmmss(w.startTime()),
        seconds,
        description,
        version,
        w.attributes());
  }

  /** The same event with another worklog state (and the content hash that goes with it). */
  static ReplicaEvent withState(ReplicaEvent e, WorklogState state) {
    return new ReplicaEvent(
        e.schemaVersion(),
        e.eventId(),
        e.type(),
        e.connection(),
        e.lineage(),
        e.source(),
        e.sourceVersion(),
        e.occurredAt(),
        e.issue(),
        e.author(),
        state,
        WorklogContent.of(e.author().accountId(), state).hash());
  }

  static ReplicaEvent deleted(ReplicaEvent base, Instant version) {
    return new ReplicaEvent(
        ReplicaEvent.SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        EventType.DELETED,
        TwoSites.CONNECTION,
        base.lineage(),
        base.source(),
        version,
        Instant.now(),
        base.issue(),
        null,
        null,
        null);
  }

  static ReplicaEvent event(
      EventType type,
      Lineage lineage,
      String site,
      long sourceId,
      int issue,
      AuthorRef author,
      String date,
      String time,
      long seconds,
      String description,
      Instant version,
      List<Attribute> attributes) {
    String prefix = site.equals(TwoSites.A) ? "ESC-" : "SUP-";
    WorklogState state =
        new WorklogState(
            LocalDate.parse(date),
            LocalTime.parse(time),
            seconds,
            seconds,
            description,
            null,
            attributes,
            version,
            version);
    return new ReplicaEvent(
        ReplicaEvent.SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        type,
        TwoSites.CONNECTION,
        lineage,
        new SourceRef(site, sourceId, null),
        version,
        Instant.now(),
        new IssueRef(10000 + issue, prefix + issue),
        author,
        state,
        WorklogContent.of(author.accountId(), state).hash());
  }

  static String hhmmss(LocalTime t) {
    return String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
  }

  static final AuthorRef ADA = new AuthorRef(TwoSites.ADA, "Ada Lovelace", "ada@customer.example");
  static final AuthorRef BOB = new AuthorRef(TwoSites.BOB_A, "Bob Builder", "bob@shared.example");
  static final AuthorRef GRACE = new AuthorRef(TwoSites.GRACE, "Grace Hopper", null);
  static final AuthorRef ZED = new AuthorRef(TwoSites.ZED, "Zed Zero", null);
}
