package dev.worklogbridge.system;

import static dev.worklogbridge.testkit.TwoSites.A;
import static dev.worklogbridge.testkit.TwoSites.ADA;
import static dev.worklogbridge.testkit.TwoSites.B;
import static dev.worklogbridge.testkit.TwoSites.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.model.Topics;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged services between two simulated sites, both ways, as users run them; the same
 * processes also serve a second connection (jca with a third site, jcc) for the isolation tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BothWaysSystemTest extends SystemTestBase {

  /** Both services export their traces here. */
  static TraceCollector traces;

  @BeforeAll
  static void start() {
    traces = new TraceCollector();
    Map<String, String> config =
        new java.util.HashMap<>(
            Map.of(
                "bridge.outbound.poll-interval",
                "3s",
                "bridge.outbound.deletion-poll-interval",
                "3s",
                "bridge.outbound.initial-lookback",
                "10m",
                "bridge.inbound.parked-check-interval",
                "2s"));
    config.putAll(traces.serviceConfig());
    startStack("both-ways", config, true);
  }

  @AfterAll
  static void stopTraces() {
    traces.close();
  }

  @Test
  @Order(1)
  void loggingEditingAndDeletingOnEitherSiteShowsOnTheOther() {
    JsonNode onA = log(A, ADA, "ESC-1", "2026-09-01", "10:00:00", 3600, "customer analysis");
    JsonNode onB = log(B, TwoSites.LINUS, "SUP-1", "2026-09-01", "11:00:00", 1800, "vendor fix");
    JsonNode copyOfA = replica(B, lineage(A, onA));
    JsonNode copyOfB = replica(A, lineage(B, onB));
    assertThat(copyOfA.path("issue").path("id").asLong()).isEqualTo(10001);
    assertThat(copyOfB.path("description").asText()).isEqualTo("[Linus Vendor on jcb] vendor fix");

    sim.editWork(
        A,
        onA.get("tempoWorklogId").asLong(),
        SimulatorClient.object().put("timeSpentSeconds", 7200));
    sim.editWork(
        B,
        onB.get("tempoWorklogId").asLong(),
        SimulatorClient.object().put("description", "vendor fix v2"));
    await()
        .atMost(CONVERGE)
        .until(() -> replicas(B, lineage(A, onA)).get(0).get("timeSpentSeconds").asLong() == 7200);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                replicas(A, lineage(B, onB))
                    .get(0)
                    .get("description")
                    .asText()
                    .equals("[Linus Vendor on jcb] vendor fix v2"));

    sim.deleteWork(A, onA.get("tempoWorklogId").asLong());
    sim.deleteWork(B, onB.get("tempoWorklogId").asLong());
    await()
        .atMost(CONVERGE)
        .until(
            () -> replicas(B, lineage(A, onA)).isEmpty() && replicas(A, lineage(B, onB)).isEmpty());
  }

  @Test
  @Order(2)
  void aPersonsEditOfAReplicaChangesTheOriginalAndDeletesMirrorBack() {
    JsonNode origin = log(A, ADA, "ESC-2", "2026-09-02", "09:00:00", 3600, "original");
    long originId = origin.get("tempoWorklogId").asLong();
    JsonNode copy = replica(B, lineage(A, origin));
    sim.editWork(
        B,
        copy.get("tempoWorklogId").asLong(),
        SimulatorClient.object()
            .put("as", ADA)
            .put("timeSpentSeconds", 5400)
            .put("description", "original, reviewed by the vendor"));
    await()
        .atMost(CONVERGE)
        .until(() -> byId(A, originId).get("timeSpentSeconds").asLong() == 5400);
    assertThat(byId(A, originId).get("description").asText())
        .isEqualTo("original, reviewed by the vendor");
    assertThat(marker(byId(A, originId))).isNull();
    sim.deleteWork(B, copy.get("tempoWorklogId").asLong());
    await().atMost(CONVERGE).until(() -> byId(A, originId) == null);
  }

  /**
   * Does what people do while nothing watches (the outbound service is down), with the simulator's
   * clock stopped on one whole second, then lets the bridge see it all at once.
   */
  private static void inOneUnwatchedSecond(Runnable people) {
    stack.outbound().kill();
    sim.freezeClock(
        java.time.Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    try {
      people.run();
    } finally {
      sim.runClock();
      stack.outbound().restart();
    }
  }

  /** The bridge's worklog writes (of these methods) to any site's Tempo since {@code seq}. */
  private static long tempoWrites(long seq, String... methods) {
    return sim.requests(null, seq).stream()
        .filter(
            r ->
                "tempo".equals(r.path("api").asText())
                    && List.of(methods).contains(r.path("method").asText())
                    && r.path("path").asText().startsWith("/4/worklogs"))
        .count();
  }

  @Test
  @Order(3)
  void editsOnBothSidesInTheSameSecondConvergeToTheOriginsEditAndBothHistoriesNameTheLoser()
      throws Exception {
    JsonNode origin = log(A, ADA, "ESC-4", "2026-09-04", "09:00:00", 3600, "tie me");
    long originId = origin.get("tempoWorklogId").asLong();
    long copyId = replica(B, lineage(A, origin)).get("tempoWorklogId").asLong();
    long seq = sim.lastRequestSeq();
    inOneUnwatchedSecond(
        () -> {
          sim.editWork(A, originId, SimulatorClient.object().put("description", "customer's tie"));
          sim.editWork(
              B,
              copyId,
              SimulatorClient.object().put("as", ADA).put("description", "vendor's tie"));
        });
    assertThat(byId(A, originId).get("updatedAt").asText())
        .isEqualTo(byId(B, copyId).get("updatedAt").asText());
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "customer's tie".equals(byId(A, originId).get("description").asText())
                    && "customer's tie".equals(byId(B, copyId).get("description").asText()));
    Thread.sleep(8000);
    assertThat(byId(A, originId).get("description").asText()).isEqualTo("customer's tie");
    assertThat(byId(B, copyId).get("description").asText()).isEqualTo("customer's tie");
    assertThat(tempoWrites(seq, "PUT")).isLessThanOrEqualTo(2);
    String history =
        admin(
                "GET",
                stack.inbound().url() + "/api/v1/connections/acme/lineages/" + lineage(A, origin),
                null)
            .body();
    assertThat(history)
        .contains("the origin's edit wins; jcb's edit lost")
        .contains("the origin's edit wins; the edit made on jcb lost");
  }

  @Test
  @Order(3)
  void anEditOnEachSideAndADeleteOfTheOriginInOneSecondLeaveBothDeleted() throws Exception {
    JsonNode origin = log(A, ADA, "ESC-4", "2026-09-04", "11:00:00", 600, "race me");
    long originId = origin.get("tempoWorklogId").asLong();
    long copyId = replica(B, lineage(A, origin)).get("tempoWorklogId").asLong();
    long seq = sim.lastRequestSeq();
    inOneUnwatchedSecond(
        () -> {
          sim.editWork(A, originId, SimulatorClient.object().put("description", "edited on A"));
          sim.editWork(
              B, copyId, SimulatorClient.object().put("as", ADA).put("description", "edited on B"));
          sim.deleteWork(A, originId);
        });
    await().atMost(CONVERGE).until(() -> byId(B, copyId) == null && byId(A, originId) == null);
    Thread.sleep(8000);
    assertThat(byId(A, originId)).isNull();
    assertThat(byId(B, copyId)).isNull();
    assertThat(replicas(A, lineage(A, origin))).isEmpty();
    assertThat(tempoWrites(seq, "POST", "PUT", "DELETE")).isLessThanOrEqualTo(2);
  }

  @Test
  @Order(3)
  void theSameWorklogEditedOnBothSidesWithinASecondConvergesWithBoundedWrites() throws Exception {
    JsonNode origin = log(A, ADA, "ESC-3", "2026-09-03", "09:00:00", 3600, "both edit me");
    long originId = origin.get("tempoWorklogId").asLong();
    long copyId = replica(B, lineage(A, origin)).get("tempoWorklogId").asLong();
    Thread.sleep(1100);
    long seq = sim.lastRequestSeq();
    sim.editWork(A, originId, SimulatorClient.object().put("description", "customer's version"));
    Thread.sleep(1000);
    sim.editWork(
        B, copyId, SimulatorClient.object().put("as", ADA).put("description", "vendor's version"));
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                byId(A, originId)
                    .get("description")
                    .asText()
                    .equals(byId(B, copyId).get("description").asText()));
    Thread.sleep(8000);
    assertThat(byId(A, originId).get("description").asText()).isEqualTo("vendor's version");
    assertThat(byId(B, copyId).get("description").asText()).isEqualTo("vendor's version");
    assertThat(tempoWrites(seq, "PUT")).isLessThanOrEqualTo(2);
  }

  @Test
  @Order(4)
  void worklogsAtMidnightOneAndHalfPastElevenAndOnDaylightSavingDaysKeepDateAndHour() {
    List<String[]> cases =
        List.of(
            new String[] {"2026-09-04", "00:00:00"},
            new String[] {"2026-09-04", "13:00:00"},
            new String[] {"2026-09-04", "23:30:00"},
            new String[] {"2026-03-29", "01:30:00"},
            new String[] {"2026-10-25", "23:30:00"},
            new String[] {"2026-03-08", "02:30:00"});
    for (String who : List.of(ADA, TwoSites.GRACE)) {
      for (String[] c : cases) {
        JsonNode w = log(A, who, "ESC-4", c[0], c[1], 900, "clock " + c[0] + " " + c[1]);
        JsonNode copy = replica(B, lineage(A, w));
        assertThat(copy.get("startDate").asText())
            .as(who + " " + c[0] + " " + c[1])
            .isEqualTo(c[0]);
        assertThat(copy.get("startTime").asText())
            .as(who + " " + c[0] + " " + c[1])
            .isEqualTo(c[1]);
      }
    }
  }

  @Test
  @Order(5)
  void anAuthorUnknownOnTheTargetIsCarriedByTheFallbackAccountAndNamed() {
    JsonNode w = log(A, TwoSites.ZED, "ESC-5", "2026-09-05", "08:00:00", 600, "who am I");
    JsonNode copy = replica(B, lineage(A, w));
    assertThat(copy.path("author").path("accountId").asText()).isEqualTo(TwoSites.FALLBACK_B);
    assertThat(copy.get("description").asText()).isEqualTo("[Zed Zero on jca] who am I");
  }

  @Test
  @Order(6)
  void aPoisonRecordLandsOnTheDeadLetterTopicWithItsReasonWhileEverythingElseFlows()
      throws Exception {
    String dlq = Topics.deadLetter(TwoSites.CONNECTION);
    Properties p = new Properties();
    p.put("bootstrap.servers", stack.kafka().bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> c =
            new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(dlq, Duration.ofSeconds(30)).stream()
              .map(i -> new TopicPartition(dlq, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToEnd(parts);
      parts.forEach(c::position);
      producer
          .send(
              new ProducerRecord<>(
                  Topics.replica(TwoSites.CONNECTION),
                  "poison",
                  "{\"schemaVersion\": 99, \"hello\": true}"))
          .get();
      JsonNode w = log(A, ADA, "ESC-6", "2026-09-06", "08:00:00", 600, "after the poison");
      replica(B, lineage(A, w));
      ConsumerRecord<byte[], byte[]> dead = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (dead == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
          dead = r;
        }
      }
      assertThat(dead).isNotNull();
      assertThat(
              new String(dead.headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8))
          .contains("$.schemaVersion");
    }
  }

  /** Ada, on the customer's site, types a lineage of the vendor's into her own worklog. */
  private static JsonNode typedMarker(String issue, String lineage, String text) {
    return sim.logWork(
        A,
        SimulatorClient.object()
            .put("as", ADA)
            .put("issueKey", issue)
            .put("startDate", "2026-09-04")
            .put("startTime", "09:00:00")
            .put("timeSpentSeconds", 600)
            .put("description", text)
            .set(
                "attributes",
                SimulatorClient.object()
                    .put(dev.worklogbridge.model.LineageMarker.ATTRIBUTE_KEY, lineage)));
  }

  @Test
  @Order(6)
  void aMarkerTypedOnOneSiteReachesNoWorklogOfTheOtherEditedOrDeleted() throws Exception {
    // The vendor's worklogs: one synced to the customer, one on an issue outside the scope.
    JsonNode synced = log(B, TwoSites.LINUS, "SUP-6", "2026-09-04", "08:00:00", 1800, "vendor's");
    replica(A, lineage(B, synced));
    JsonNode unsynced =
        log(B, TwoSites.LINUS, "OPS-1", "2026-09-04", "08:30:00", 900, "vendor's internal");
    JsonNode copied = typedMarker("ESC-6", lineage(B, synced), "copied the vendor's marker");
    JsonNode forged = typedMarker("ESC-7", lineage(B, unsynced), "typed the vendor's lineage");
    for (JsonNode w : List.of(copied, forged)) {
      sim.editWork(
          A,
          w.get("tempoWorklogId").asLong(),
          SimulatorClient.object().put("timeSpentSeconds", 36000).put("description", "mine now"));
    }
    // Each is synced as what it is: a new worklog of the customer's, edit included.
    for (JsonNode w : List.of(copied, forged)) {
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  replicas(B, lineage(A, w)).size() == 1
                      && replicas(B, lineage(A, w)).get(0).get("timeSpentSeconds").asLong()
                          == 36000);
    }
    for (JsonNode w : List.of(copied, forged)) {
      sim.deleteWork(A, w.get("tempoWorklogId").asLong());
    }
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                replicas(B, lineage(A, copied)).isEmpty()
                    && replicas(B, lineage(A, forged)).isEmpty());
    // Nothing of the vendor's changed.
    for (JsonNode vendors : List.of(synced, unsynced)) {
      JsonNode now = byId(B, vendors.get("tempoWorklogId").asLong());
      assertThat(now).as("the vendor's worklog is still there").isNotNull();
      assertThat(now.get("updatedAt").asText()).isEqualTo(vendors.get("updatedAt").asText());
      assertThat(now.get("timeSpentSeconds").asLong())
          .isEqualTo(vendors.get("timeSpentSeconds").asLong());
      assertThat(now.at("/author/accountId").asText()).isEqualTo(TwoSites.LINUS);
    }
    // The history says why.
    HttpResponse<String> history =
        admin(
            "GET",
            stack.inbound().url() + "/api/v1/connections/acme/lineages/" + lineage(A, forged),
            null);
    assertThat(history.body())
        .contains("MARKER_IGNORED")
        .contains("'" + lineage(B, unsynced) + "'");
  }

  @Test
  @Order(7)
  void aSecondConnectionCarriesItsOwnWorklogsAndNoneOfTheOthers() {
    JsonNode ops = log(A, ADA, "OPS-1", "2026-09-03", "09:00:00", 1200, "ops review");
    JsonNode esc = log(A, ADA, "ESC-4", "2026-09-03", "10:00:00", 600, "escalation only");
    JsonNode fromC = log(C, ADA, "OPS-1", "2026-09-03", "11:00:00", 900, "globex ops");
    assertThat(replica(C, lineage(A, ops)).path("issue").path("id").asLong()).isEqualTo(30001);
    assertThat(replica(A, lineage(C, fromC)).path("issue").path("id").asLong()).isEqualTo(20001);
    replica(B, lineage(A, esc));
    // Each connection carries only its own scope: OPS is globex's, ESC is acme's.
    assertThat(replicas(B, lineage(A, ops))).isEmpty();
    assertThat(replicas(B, lineage(C, fromC))).isEmpty();
    assertThat(replicas(C, lineage(A, esc))).isEmpty();
    assertThat(worklogs(C, w -> true)).hasSize(2);
  }

  @Test
  @Order(8)
  void eachSitesTokenIsOnlyEverPresentedToItsOwnSite() {
    List<JsonNode> all = sim.requests(null, 0);
    // The log covers all three sites of the two connections.
    assertThat(all.stream().map(r -> r.path("site").asText()).distinct())
        .contains(A, B, TwoSites.C);
    assertThat(all)
        .allSatisfy(
            r ->
                assertThat(r.path("tokenSite").asText())
                    .as(r.toString())
                    .isEqualTo(r.path("site").asText()));
  }

  @Test
  @Order(9)
  void aWipedTargetGetsEveryWorklogBackOnceByReplayingTheTopic() throws Exception {
    for (int i = 0; i < 20; i++) {
      log(
          A,
          ADA,
          "ESC-" + (7 + i % 5),
          "2026-09-07",
          String.format("%02d:00:00", 8 + i % 10),
          600,
          "recover me " + i);
    }
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                worklogs(B, w -> w.get("description").asText().startsWith("recover me")).size()
                    == 20);
    List<String> before =
        sim.worklogs(B).stream()
            .map(SystemTestBase::marker)
            .filter(m -> m != null)
            .sorted()
            .toList();
    sim.wipeWorklogs(B);
    assertThat(sim.worklogs(B)).isEmpty();
    HttpResponse<String> r =
        admin(
            "POST",
            stack.inbound().url() + "/api/v1/connections/acme/sites/jcb/replay",
            "{\"from\": \"start\", \"verify\": true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                sim.worklogs(B).stream().map(SystemTestBase::marker).filter(m -> m != null).count()
                    >= before.size());
    Thread.sleep(3000);
    List<String> after =
        sim.worklogs(B).stream()
            .map(SystemTestBase::marker)
            .filter(m -> m != null)
            .sorted()
            .toList();
    assertThat(after).doesNotHaveDuplicates().containsAll(before);
  }

  @Test
  @Order(20)
  void oneChangeIsOneTraceFromThePollOverKafkaToTheTargetWrite() {
    JsonNode onA = log(A, ADA, "ESC-1", "2026-09-10", "08:00:00", 900, "traced end to end");
    String lineage = lineage(A, onA);
    replica(B, lineage);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              TraceCollector.Received change =
                  one(
                      traces.spans(),
                      s ->
                          s.service().equals("worklog-bridge-outbound")
                              && s.name().equals("worklog created")
                              && lineage.equals(s.attributes().get("worklog_bridge.lineage")));
              assertThat(change.attributes()).containsEntry("worklog_bridge.connection", "acme");
              List<TraceCollector.Received> trace = traces.trace(change.traceId());
              // The connector's producer span, child of the change; its context crossed Kafka.
              TraceCollector.Received publish =
                  one(
                      trace,
                      s ->
                          s.service().equals("worklog-bridge-outbound")
                              && s.parentSpanId().equals(change.spanId()));
              TraceCollector.Received apply =
                  one(
                      trace,
                      s ->
                          s.service().equals("worklog-bridge-inbound")
                              && s.name().equals("apply created"));
              assertThat(apply.parentSpanId()).isEqualTo(publish.spanId());
              assertThat(apply.attributes())
                  .containsEntry("worklog_bridge.lineage", lineage)
                  .containsEntry("worklog_bridge.connection", "acme")
                  .containsEntry("worklog_bridge.site", B);
              // The write on the target, a client span of the apply.
              assertThat(trace)
                  .anySatisfy(
                      s -> {
                        assertThat(s.service()).isEqualTo("worklog-bridge-inbound");
                        assertThat(s.parentSpanId()).isEqualTo(apply.spanId());
                        assertThat(s.name()).isEqualTo("POST tempo");
                        assertThat(s.attributes().get("url.template")).isEqualTo("/4/worklogs");
                      });
            });
  }

  private static TraceCollector.Received one(
      List<TraceCollector.Received> spans, Predicate<TraceCollector.Received> which) {
    List<TraceCollector.Received> found = spans.stream().filter(which).toList();
    assertThat(found).as("spans: %s", spans).hasSize(1);
    return found.get(0);
  }
}
