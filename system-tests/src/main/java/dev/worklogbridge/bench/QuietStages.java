package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.testkit.SimulatorClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a quiet tenant's live worklog spent its time, read from the simulator's own records: the
 * webhook delivered to the outbound, the outbound's next poll of the source answered, the replica
 * event published (its Kafka timestamp), the inbound's create received by the target, answered, and
 * seen by the benchmark.
 */
final class QuietStages {

  /** One live worklog: its tenant, when it was logged (wall clock) and when it was seen. */
  record Sample(int tenant, Instant logged, double latencyMs) {}

  private static final String[] STAGES = {
    "loggedToDelivered",
    "deliveredToPolled",
    "polledToPublished",
    "publishedToCreateReceived",
    "createAnswered",
    "seen"
  };

  private QuietStages() {}

  /** Writes p50, p99 and the mean over the slowest 5 % of each stage into {@code out}. */
  static void report(
      SimulatorClient sim, String bootstrapServers, List<Sample> samples, ObjectNode out) {
    Map<Integer, List<Sample>> byTenant =
        samples.stream().collect(Collectors.groupingBy(Sample::tenant));
    List<double[]> rows = new ArrayList<>();
    byTenant.forEach(
        (t, list) -> rows.addAll(stages(sim, published(bootstrapServers, t), t, list)));
    out.put("traced", rows.size());
    List<double[]> slowest = new ArrayList<>(rows);
    slowest.sort(Comparator.comparingDouble((double[] r) -> total(r)).reversed());
    slowest = slowest.subList(0, Math.max(1, Math.min(slowest.size(), rows.size() / 20)));
    Instant first = samples.stream().map(Sample::logged).min(Instant::compareTo).orElse(null);
    for (double[] r : slowest.subList(0, Math.min(8, slowest.size()))) {
      ObjectNode o = out.withArray("slowest").addObject();
      o.put("loggedAfterSeconds", Bench.round(r[STAGES.length] - ms(Instant.EPOCH, first) / 1e3));
      for (int s = 0; s < STAGES.length; s++) {
        o.put(STAGES[s], Bench.round(r[s]));
      }
    }
    for (int s = 0; s < STAGES.length; s++) {
      int stage = s;
      List<Double> values = new ArrayList<>();
      rows.forEach(r -> values.add(r[stage]));
      Collections.sort(values);
      ObjectNode o = out.putObject(STAGES[s]);
      o.put("p50Ms", Bench.round(Bench.pct(values, 0.5)));
      o.put("p99Ms", Bench.round(Bench.pct(values, 0.99)));
      o.put(
          "meanOfSlowest5PercentMs",
          Bench.round(slowest.stream().mapToDouble(r -> r[stage]).average().orElse(-1)));
    }
  }

  private static double total(double[] r) {
    double sum = 0;
    for (int s = 0; s < STAGES.length; s++) {
      sum += r[s];
    }
    return sum;
  }

  /** When each record of the tenant's connection topic was published (the producer's timestamp). */
  private static List<Instant> published(String bootstrapServers, int tenant) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<Instant> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      String topic = Topics.replica(Tenants.connection(tenant));
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(Instant.ofEpochMilli(r.timestamp()));
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  private static List<double[]> stages(
      SimulatorClient sim, List<Instant> published, int tenant, List<Sample> samples) {
    List<Instant> delivered =
        times(
            sim.webhookDeliveries(Tenants.source(tenant)),
            d -> d.path("eventType").asText().endsWith("created"));
    List<JsonNode> sourceCalls = sim.requests(Tenants.source(tenant), 0);
    List<Instant> polled = times(sourceCalls, r -> isTempo(r, "GET"));
    List<JsonNode> targetCalls = sim.requests(Tenants.target(tenant), 0);
    List<JsonNode> creates =
        targetCalls.stream()
            .filter(r -> isTempo(r, "POST") && r.path("path").asText().startsWith("/4/worklogs"))
            .toList();
    List<double[]> rows = new ArrayList<>();
    for (Sample s : samples) {
      // Each stage is anchored on the worklog's own time, not on the stage before it: the
      // simulator records a delivery once the outbound has answered it, sometimes after the poll
      // it set off was answered, and a poll found from the delivery was then the next periodic one.
      // A quiet topic holds one record per live worklog: the first after it was logged is its own;
      // its poll is the last one answered before it was published (Kafka's timestamps are whole
      // milliseconds).
      Instant d = firstAtOrAfter(delivered, s.logged());
      Instant k = firstAtOrAfter(published, s.logged().truncatedTo(ChronoUnit.MILLIS));
      Instant p = k == null ? null : lastBefore(polled, k.plusMillis(1));
      JsonNode c =
          creates.stream()
              .filter(r -> !Instant.parse(r.path("receivedAt").asText()).isBefore(s.logged()))
              .findFirst()
              .orElse(null);
      if (d == null || p == null || k == null || c == null) {
        continue;
      }
      Instant received = Instant.parse(c.path("receivedAt").asText());
      Instant answered = Instant.parse(c.path("at").asText());
      Instant seen = s.logged().plusNanos((long) (s.latencyMs() * 1e6));
      rows.add(
          new double[] {
            ms(s.logged(), d),
            ms(d, p),
            ms(p, k),
            ms(k, received),
            ms(received, answered),
            ms(answered, seen),
            ms(Instant.EPOCH, s.logged()) / 1e3
          });
    }
    return rows;
  }

  private static boolean isTempo(JsonNode r, String method) {
    return "tempo".equals(r.path("api").asText()) && method.equals(r.path("method").asText());
  }

  /** The answer times ({@code at}) of the entries {@code wanted}, in order. */
  private static List<Instant> times(Iterable<JsonNode> entries, Predicate<JsonNode> wanted) {
    List<Instant> out = new ArrayList<>();
    for (JsonNode n : entries) {
      if (wanted.test(n)) {
        out.add(Instant.parse(n.path("at").asText()));
      }
    }
    Collections.sort(out);
    return out;
  }

  private static Instant firstAtOrAfter(List<Instant> sorted, Instant t) {
    for (Instant i : sorted) {
      if (!i.isBefore(t)) {
        return i;
      }
    }
    return null;
  }

  private static Instant lastBefore(List<Instant> sorted, Instant t) {
    Instant last = null;
    for (Instant i : sorted) {
      if (!i.isBefore(t)) {
        break;
      }
      last = i;
    }
    return last;
  }

  private static double ms(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
