package dev.worklogbridge.inbound;

import static dev.worklogbridge.inbound.Events.ADA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.inbound.consume.DeadLetters;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.site.SharedTokenBudget;
import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Limits, faults, parking, pauses and poison: nothing lost, nothing duplicated, nothing stalled.
 */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class InboundResilienceTest extends InboundTestBase {

  @Inject MeterRegistry metrics;
  @Inject DataSource db;

  static final Duration WAIT = Duration.ofSeconds(60);

  private static Instant t(int seconds) {
    return Instant.parse("2026-08-24T10:00:00Z").plusSeconds(seconds);
  }

  private static List<ReplicaEvent> creates(long firstId, int count, String date) {
    List<ReplicaEvent> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          Events.created(
              "jca",
              firstId + i,
              1 + i % TwoSites.PAIRS,
              ADA,
              date,
              String.format("%02d:%02d:00", 8 + i % 10, i % 60),
              600 + i,
              "work " + i,
              t(i)));
    }
    return out;
  }

  private long countReplicas(String site, long firstId, int count) {
    List<JsonNode> all = sim.worklogs(site);
    return all.stream()
        .map(InboundTestBase::marker)
        .filter(m -> m != null && m.startsWith("jca:"))
        .map(m -> Long.parseLong(m.substring(4)))
        .filter(id -> id >= firstId && id < firstId + count)
        .count();
  }

  private void assertNoDuplicates(String site) {
    List<String> markers =
        sim.worklogs(site).stream().map(InboundTestBase::marker).filter(m -> m != null).toList();
    assertThat(markers).doesNotHaveDuplicates();
  }

  /** The admin API's answer listing what is parked for jcb. */
  private static io.restassured.response.ExtractableResponse<io.restassured.response.Response>
      parkedOnJcb() {
    return given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .get("/api/v1/connections/acme/sites/jcb/parked")
        .then()
        .extract();
  }

  @Test
  void aReplicaTheTargetsGlobalConfigurationRefusesIsParkedWithTheReasonAndNeverSent()
      throws Exception {
    sim.setGlobalConfiguration("jcb", SimulatorClient.object().put("maxHoursPerDayPerUser", 1));
    rules.forget();
    long seq = sim.lastRequestSeq();
    ReplicaEvent first =
        Events.created("jca", 6600, 5, ADA, "2026-08-25", "09:00:00", 3000, "morning", t(0));
    ReplicaEvent second =
        Events.created("jca", 6601, 5, ADA, "2026-08-25", "13:00:00", 1800, "afternoon", t(0));
    events.send(first);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:6600").size() == 1);
    events.send(second);
    await().atMost(WAIT).until(() -> parkedOnJcb().asString().contains("maxHoursPerDayPerUser"));
    Thread.sleep(3000);
    assertThat(replicas("jcb", "jca:6601")).isEmpty();
    // Checked before sending, on every retry: no create of the refused worklog reached jcb.
    assertThat(
            sim.requests("jcb", seq).stream()
                .filter(
                    r ->
                        "POST".equals(r.path("method").asText())
                            && r.path("path").asText().startsWith("/4/worklogs"))
                .map(r -> r.path("status").asInt()))
        .containsExactly(200);
  }

  @Test
  void theFivePerSecondLimitIsRespectedAndEverythingIsApplied() {
    sim.setLimits(
        "jcb",
        SimulatorClient.object().put("tempoRequestsPerSecond", 5).put("retryAfterSeconds", 1));
    long seq = sim.lastRequestSeq();
    List<ReplicaEvent> batch = creates(6000, 20, "2026-08-24");
    List<ReplicaEvent> updates = new ArrayList<>();
    batch.forEach(
        e -> updates.add(Events.updated(e, 900, "edited", e.sourceVersion().plusSeconds(30))));
    events.send(batch.toArray(ReplicaEvent[]::new));
    events.send(updates.toArray(ReplicaEvent[]::new));
    await()
        .atMost(WAIT)
        .until(
            () ->
                sim.worklogs("jcb").stream()
                        .filter(w -> "edited".equals(w.path("description").asText()))
                        .count()
                    == 20);
    List<JsonNode> calls =
        sim.requests("jcb", seq).stream()
            .filter(r -> "tempo".equals(r.path("api").asText()))
            .toList();
    long throttled = calls.stream().filter(r -> r.path("status").asInt() == 429).count();
    assertThat(throttled).isLessThanOrEqualTo(Math.max(1, calls.size() / 10));
    assertNoDuplicates("jcb");
  }

  @Test
  void withOneAnswerInFiveAServerErrorEverythingIsAppliedOnce() {
    sim.addFault(
        "jcb", SimulatorClient.object().put("api", "tempo").put("errorRate", 0.2).put("seed", 11));
    events.send(creates(6100, 60, "2026-08-24").toArray(ReplicaEvent[]::new));
    await().atMost(WAIT).until(() -> countReplicas("jcb", 6100, 60) == 60);
    sim.clearFaults("jcb");
    assertNoDuplicates("jcb");
  }

  @Test
  void aTargetThatIsDownParksItsEventsAtOnceAndGetsThemAllWhenItAnswersAgain() {
    // Every Tempo call to jcb fails. 40 creates on 20 issues are 20 bulk calls of 4 attempts
    // each: 80 requests without a circuit breaker. Once 20 attempts (the window) have failed, the
    // circuit opens and the rest park without being sent.
    long seq = sim.lastRequestSeq();
    sim.addFault("jcb", SimulatorClient.object().put("api", "tempo").put("errorRate", 1.0));
    events.send(creates(6700, 40, "2026-08-26").toArray(ReplicaEvent[]::new));
    await().atMost(WAIT).until(() -> parkedOnJcb().jsonPath().getList("lineage").size() >= 40);
    long sent =
        sim.requests("jcb", seq).stream()
            .filter(r -> "tempo".equals(r.path("api").asText()))
            .count();
    // At most the window (fewer if earlier failures are still in it) and a probe or two.
    assertThat(sent).isPositive().isLessThanOrEqualTo(25L);
    assertThat(parkedOnJcb().jsonPath().getList("reason", String.class))
        .anySatisfy(reason -> assertThat(reason).contains("circuit to jcb tempo is open"));
    sim.clearFaults("jcb");
    await().atMost(WAIT).until(() -> countReplicas("jcb", 6700, 40) == 40);
    assertNoDuplicates("jcb");
  }

  @Test
  void aWorklogInAClosedPeriodParksWhileAHundredOthersAreApplied() {
    sim.setClosedPeriods(
        "jcb",
        SimulatorClient.array()
            .add(SimulatorClient.object().put("from", "2026-07-01").put("to", "2026-07-31")));
    ReplicaEvent closed =
        Events.created("jca", 6200, 3, ADA, "2026-07-15", "09:00:00", 600, "july", t(0));
    events.send(closed);
    events.send(creates(6201, 100, "2026-08-24").toArray(ReplicaEvent[]::new));
    await().atMost(WAIT).until(() -> countReplicas("jcb", 6201, 100) == 100);
    assertThat(replicas("jcb", "jca:6200")).isEmpty();
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .get("/api/v1/connections/acme/sites/jcb/parked")
        .then()
        .statusCode(200)
        .body("[0].lineage", org.hamcrest.Matchers.equalTo("jca:6200"))
        .body("[0].reason", containsString("closed"));
    // A later edit of the parked lineage waits behind it, then both apply in order.
    events.send(Events.updated(closed, 1200, "july, corrected", t(60)));
    sim.setClosedPeriods("jcb", SimulatorClient.array());
    await()
        .atMost(WAIT)
        .until(
            () ->
                replicas("jcb", "jca:6200").size() == 1
                    && "july, corrected"
                        .equals(replicas("jcb", "jca:6200").get(0).path("description").asText()));
  }

  @Test
  void anIssuePairedOnlyLaterGetsItsParkedWorklogs() {
    sim.addIssue("jca", SimulatorClient.object().put("key", "ESC-40").put("id", 10040));
    ReplicaEvent e =
        Events.event(
            dev.worklogbridge.model.EventType.CREATED,
            new dev.worklogbridge.model.Lineage("jca", 6300),
            "jca",
            6300,
            40,
            ADA,
            "2026-08-24",
            "09:00:00",
            600,
            "escalated later",
            t(0),
            List.of());
    events.send(e);
    await()
        .atMost(WAIT)
        .until(() -> parkedOnJcb().jsonPath().getList("lineage").contains("jca:6300"));
    assertThat(replicas("jcb", "jca:6300")).isEmpty();
    sim.addIssue(
        "jcb",
        SimulatorClient.object()
            .put("key", "SUP-40")
            .put("id", 10040)
            .set("fields", SimulatorClient.object().put("customfield_10050", "ESC-40")));
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:6300").size() == 1);
    assertThat(replicas("jcb", "jca:6300").get(0).path("issue").path("id").asLong())
        .isEqualTo(10040);
  }

  @Test
  void aRevokedTokenPausesTheConnectionAndANewTokenResumesItWithNothingLost() {
    sim.revokeTempoToken("jcb", "jcb-bridge");
    List<ReplicaEvent> batch = creates(6400, 5, "2026-08-24");
    events.send(batch.toArray(ReplicaEvent[]::new));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given().get(readiness).then().statusCode(503).body(containsString("AUTH_FAILED")));
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .get("/api/v1/status")
        .then()
        .body("consumers.'acme/jcb'.state", containsString("PAUSED"));
    assertThat(countReplicas("jcb", 6400, 5)).isZero();
    giveNewTempoToken("jcb", "tempo-token-jcb-2");
    await().atMost(WAIT).until(() -> countReplicas("jcb", 6400, 5) == 5);
    // The channels are the Kafka connector's, opened from code: its readiness check covers them.
    given()
        .get(readiness)
        .then()
        .statusCode(200)
        .body(containsString("SmallRye Reactive Messaging"))
        .body(containsString("replicas-acme-jcb"));
    assertNoDuplicates("jcb");
  }

  @Test
  void anInvalidEventGoesToTheDeadLetterTopicWithItsReasonAndTheRestFlowOn() throws Exception {
    Map<TopicPartition, Long> before = dlqEnds();
    events.raw("poison", "{not json".getBytes(StandardCharsets.UTF_8));
    ReplicaEvent valid =
        Events.created("jca", 6500, 4, ADA, "2026-08-24", "09:00:00", 600, "fine", t(0));
    String badTime =
        new String(ReplicaEventCodec.encode(valid), StandardCharsets.UTF_8)
            .replace("\"startTime\":\"09:00:00\"", "\"startTime\":\"9:00\"")
            .replace("jca:6500", "jca:6501");
    events.raw("jca:6501", badTime.getBytes(StandardCharsets.UTF_8));
    events.send(valid);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:6500").size() == 1);
    List<ConsumerRecord<byte[], byte[]>> dead = readDlq(before, 2);
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .extracting(r -> header(r, DeadLetters.REASON))
        .anyMatch(reason -> reason.contains("not JSON"))
        .anyMatch(reason -> reason.startsWith("$.worklog.startTime"));
    assertThat(dead).extracting(r -> header(r, DeadLetters.TOPIC)).containsOnly(Events.TOPIC);
    assertThat(dead)
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("poison", "jca:6501");
    // The admin API (and the console) show them, newest first, with reason and origin.
    List<Map<String, Object>> shown =
        given()
            .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
            .get("/api/v1/connections/acme/dead-letters?limit=500")
            .then()
            .statusCode(200)
            .extract()
            .path("$");
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      assertThat(shown)
          .anySatisfy(
              v -> {
                assertThat(v.get("key")).isEqualTo(new String(r.key(), StandardCharsets.UTF_8));
                assertThat(v.get("reason")).isEqualTo(header(r, DeadLetters.REASON));
                assertThat(v.get("originalTopic")).isEqualTo(Events.TOPIC);
                assertThat(v.get("originalOffset")).isEqualTo(header(r, DeadLetters.OFFSET));
                assertThat(((Number) v.get("dlqOffset")).longValue()).isEqualTo(r.offset());
              });
    }
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .get("/api/v1/connections/nope/dead-letters")
        .then()
        .statusCode(404);
  }

  @Test
  void aRecordWhoseChangeIsAppliedIsSkippedUndecodedWhileAnUnappliedOneIsStillValidated() {
    ReplicaEvent applied =
        Events.created("jca", 6520, 4, ADA, "2026-08-25", "09:00:00", 600, "once", t(0));
    events.send(applied);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:6520").size() == 1);
    long seq = sim.lastRequestSeq();
    double skipped = skippedOnJcb();
    long consumed = consumedOnJcb();
    Map<TopicPartition, Long> before = dlqEnds();
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    // The applied change again, with a body nobody could decode: its headers say it is applied,
    // so it is never read (decoding it would dead-letter it: this site validates every record).
    events.raw(applied.key(), garbage, "jca", applied.idempotencyKey());
    await().atMost(WAIT).until(() -> consumedOnJcb() >= consumed + 1);
    // Once more without headers (an older publisher's record): decoded, then found applied.
    events.sendBare(applied);
    // A change that was never applied, with the same body: decoded, so dead-lettered.
    events.raw("jca:6521", garbage, "jca", "0123456789abcdef0123456789abcdef");
    await().atMost(WAIT).until(() -> consumedOnJcb() >= consumed + 3);
    // A batch counts as consumed once its dead letters are acknowledged: the topic is final here.
    Map<TopicPartition, Long> after = dlqEnds();
    long deadLettered =
        after.entrySet().stream()
            .mapToLong(x -> x.getValue() - before.getOrDefault(x.getKey(), 0L))
            .sum();
    assertThat(deadLettered).isEqualTo(1);
    assertThat(readDlq(before, 1))
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("jca:6521");
    assertThat(skippedOnJcb() - skipped).isGreaterThanOrEqualTo(2);
    assertThat(requests("jcb", seq, "POST", "/4/worklogs")).isZero();
    assertThat(requests("jcb", seq, "PUT", "/4/worklogs")).isZero();
    assertThat(replicas("jcb", "jca:6520")).hasSize(1);
  }

  @Test
  void twoProcessesOnOneTokenTakeTheirTurnsFromOneBudgetAndA429HoldsBothBack() throws Exception {
    // Two budgets over the same row, as two pods on one token would hold them, at 10 requests/s:
    // an idle token hands out ten turns at once, and any eleven span at least a window (1.15 s).
    String key = "tempo:test-" + UUID.randomUUID();
    SharedTokenBudget one =
        new SharedTokenBudget(db, "pod one", () -> key, 10, Duration.ofMillis(150), Duration.ZERO);
    SharedTokenBudget two =
        new SharedTokenBudget(db, "pod two", () -> key, 10, Duration.ofMillis(150), Duration.ZERO);
    assertThat(one.burst()).isEqualTo(10);
    assertThat(one.window()).isEqualTo(Duration.ofMillis(1150));
    Instant start = databaseNow();
    int turnsEach = 8;
    List<Thread> callers = new ArrayList<>();
    for (SharedTokenBudget budget : List.of(one, two, one, two)) {
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < turnsEach; i++) {
                  try {
                    budget.acquire();
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      callers.add(t);
      t.start();
    }
    for (Thread t : callers) {
      t.join();
    }
    // 32 turns from both processes: the 31st is at least three windows after the first, whatever
    // the interleaving (a caller that woke late took another turn, which only adds to it).
    Duration handedOut = Duration.between(start, lastTurn(key));
    assertThat(handedOut).isGreaterThanOrEqualTo(one.window().multipliedBy(3));
    // The row keeps the last ten turns, in order.
    List<Instant> recent = recentTurns(key);
    assertThat(recent).hasSize(10).isSorted();
    // A 429 seen by one holds the other back too: the row now says so.
    one.backOff(Duration.ofSeconds(30));
    assertThat(Duration.between(databaseNow(), nextFree(key)))
        .isGreaterThan(Duration.ofSeconds(25));
  }

  private Instant databaseNow() throws Exception {
    return query("select clock_timestamp()", null);
  }

  private Instant lastTurn(String key) throws Exception {
    return query("select recent[cardinality(recent)] from token_budget where token_key = ?", key);
  }

  private List<Instant> recentTurns(String key) throws Exception {
    List<Instant> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("select unnest(recent) from token_budget where token_key = ?")) {
      s.setString(1, key);
      try (var r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getTimestamp(1).toInstant());
        }
      }
    }
    return out;
  }

  private Instant nextFree(String key) throws Exception {
    return query("select next_free from token_budget where token_key = ?", key);
  }

  private Instant query(String sql, String key) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (key != null) {
        s.setString(1, key);
      }
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return r.getTimestamp(1).toInstant();
      }
    }
  }

  private double skippedOnJcb() {
    Counter c =
        metrics
            .find("worklog_bridge_events_applied")
            .tags("connection", TwoSites.CONNECTION, "site", "jcb", "outcome", "skipped")
            .counter();
    return c == null ? 0 : c.count();
  }

  private long consumedOnJcb() {
    return status().getLong("consumers.'acme/jcb'.consumed");
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private KafkaConsumer<byte[], byte[]> dlqConsumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private Map<TopicPartition, Long> dlqEnds() {
    try (KafkaConsumer<byte[], byte[]> c = dlqConsumer()) {
      String topic = Topics.deadLetter(TwoSites.CONNECTION);
      List<TopicPartition> parts =
          c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      return new HashMap<>(c.endOffsets(parts));
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> readDlq(
      Map<TopicPartition, Long> from, int expected) {
    try (KafkaConsumer<byte[], byte[]> c = dlqConsumer()) {
      c.assign(from.keySet());
      from.forEach(c::seek);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(300)).forEach(out::add);
      }
      out.sort(
          (a, b) ->
              Long.compare(
                  Long.parseLong(header(a, DeadLetters.OFFSET)),
                  Long.parseLong(header(b, DeadLetters.OFFSET))));
      return out;
    }
  }
}
