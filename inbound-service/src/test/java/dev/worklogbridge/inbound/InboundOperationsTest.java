package dev.worklogbridge.inbound;

import static dev.worklogbridge.inbound.Events.ADA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operators' tools: bulk catch-up, replay, dry run, the pairing and author-mapping tables. */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class InboundOperationsTest extends InboundTestBase {

  static final Duration WAIT = Duration.ofSeconds(60);

  private static RequestSpecification admin() {
    return given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType(ContentType.JSON);
  }

  private static List<ReplicaEvent> creates(long firstId, int count, int issues) {
    List<ReplicaEvent> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          Events.created(
              "jca",
              firstId + i,
              1 + i % issues,
              ADA,
              "2026-08-24",
              String.format("%02d:%02d:00", 8 + i % 10, i % 60),
              600,
              "bulk " + i,
              Instant.parse("2026-08-24T10:00:00Z")));
    }
    return out;
  }

  private long replicasFrom(long firstId, int count) {
    return sim.worklogs("jcb").stream()
        .map(InboundTestBase::marker)
        .filter(m -> m != null && m.startsWith("jca:"))
        .map(m -> Long.parseLong(m.substring(4)))
        .filter(id -> id >= firstId && id < firstId + count)
        .count();
  }

  @Test
  void aThousandCreatesOverTwentyIssuesGoThroughTheBulkEndpoint() {
    // At Tempo's pace the creates pile up behind the first calls, as in a backfill or a catch-up.
    sim.setLimits(
        "jcb",
        dev.worklogbridge.testkit.SimulatorClient.object()
            .put("tempoRequestsPerSecond", 5)
            .put("retryAfterSeconds", 1));
    // The backlog is made certain, not hoped for: jcb refuses the token, one create pauses the
    // connection, and the thousand wait in Kafka until a working token is given.
    sim.revokeTempoToken("jcb", "jcb-bridge");
    events.send(creates(7999, 1, 1).toArray(ReplicaEvent[]::new));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given().get(readiness).then().statusCode(503).body(containsString("AUTH_FAILED")));
    long seq = sim.lastRequestSeq();
    events.send(creates(7000, 1000, 20).toArray(ReplicaEvent[]::new));
    giveNewTempoToken("jcb", "tempo-token-jcb-backlog");
    await().atMost(WAIT).until(() -> replicasFrom(7000, 1000) == 1000);
    List<JsonNode> writes =
        sim.requests("jcb", seq).stream()
            .filter(
                r ->
                    "tempo".equals(r.path("api").asText())
                        && !"GET".equals(r.path("method").asText())
                        && r.path("status").asInt() < 300)
            .toList();
    assertThat(writes).as(writes.toString()).hasSizeLessThanOrEqualTo(1000 / 50 + 20 + 5);
    assertThat(requests("jcb", seq, "POST", "/4/worklogs/issue/")).isGreaterThanOrEqualTo(20);
  }

  @Test
  void aCrashInTheMiddleOfABulkLeavesNoDuplicate() {
    List<ReplicaEvent> batch = creates(7100, 30, 1);
    // The state a crash mid-bulk leaves: all rows PENDING, the first 20 posted, the rest not.
    var tempo = sites.site("jcb").requireTempo();
    List<TempoWorklogRequest> posted = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ReplicaEvent e = batch.get(i);
      TempoWorklogRequest r =
          new TempoWorklogRequest(
              TwoSites.ADA,
              10001,
              LocalDate.parse("2026-08-24"),
              e.worklog().startTime(),
              600,
              600L,
              e.worklog().description(),
              null,
              List.of(new Attribute(LineageMarker.ATTRIBUTE_KEY, e.lineage().id())));
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                LineageLink row =
                    LineageLink.create(
                        TwoSites.CONNECTION, "jcb", e.lineage().id(), LinkRole.REPLICA);
                row.state = LinkState.PENDING;
                row.localIssueId = 10001L;
                row.pendingHash = r.content().hash();
                row.pendingCoreHash = r.content().coreHash();
                row.persist();
              });
      if (i < 20) {
        posted.add(r);
      }
    }
    tempo.createBulk(10001, posted);
    events.send(batch.toArray(ReplicaEvent[]::new));
    await().atMost(WAIT).until(() -> replicasFrom(7100, 30) == 30);
    await()
        .atMost(WAIT)
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () ->
                            LineageLink.count(
                                    "connection = ?1 and site = ?2 and state = ?3",
                                    TwoSites.CONNECTION,
                                    "jcb",
                                    LinkState.LIVE)
                                == 30));
    List<String> markers =
        sim.worklogs("jcb").stream().map(InboundTestBase::marker).filter(m -> m != null).toList();
    assertThat(markers).hasSize(30).doesNotHaveDuplicates();
  }

  @Test
  void replayingAThousandAppliedEventsFromTheStartWritesNothing() {
    // The topic also holds other tests' events (their rows are gone): replay from where this test
    // began.
    String start = Instant.now().minusSeconds(1).toString();
    events.send(creates(7200, 1000, 20).toArray(ReplicaEvent[]::new));
    await().atMost(WAIT).until(() -> replicasFrom(7200, 1000) == 1000);
    long seq = sim.lastRequestSeq();
    long consumedBefore =
        ((Number)
                admin()
                    .get("/api/v1/status")
                    .then()
                    .extract()
                    .path("consumers.'acme/jcb'.consumed"))
            .longValue();
    admin()
        .body(Map.of("from", start))
        .post("/api/v1/connections/acme/sites/jcb/replay")
        .then()
        .statusCode(200);
    await()
        .atMost(WAIT)
        .until(
            () ->
                ((Number)
                            admin()
                                .get("/api/v1/status")
                                .then()
                                .extract()
                                .path("consumers.'acme/jcb'.consumed"))
                        .longValue()
                    >= consumedBefore + 1000);
    List<JsonNode> writes =
        sim.requests("jcb", seq).stream()
            .filter(
                r ->
                    "tempo".equals(r.path("api").asText())
                        && !"GET".equals(r.path("method").asText())
                        && r.path("status").asInt() < 300)
            .toList();
    assertThat(writes).as(writes.toString()).isEmpty();
    assertThat(replicasFrom(7200, 1000)).isEqualTo(1000);
  }

  @Test
  void aDryRunOfAnEditAndOfADeleteShowsThePutAndTheDeleteTheApplyPathWouldSend() throws Exception {
    ReplicaEvent created =
        Events.created(
            "jca",
            7310,
            2,
            Events.ADA,
            "2026-08-24",
            "09:00:00",
            600,
            "before",
            Instant.parse("2026-08-24T10:00:00Z"));
    events.send(created);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:7310").size() == 1);
    long replica = replicas("jcb", "jca:7310").get(0).path("tempoWorklogId").asLong();
    long seq = sim.lastRequestSeq();

    JsonNode edit =
        dryRun(Events.updated(created, 900, "after", Instant.parse("2026-08-24T11:00:00Z")));
    assertThat(edit.get("action").asText()).isEqualTo("update");
    assertThat(edit.at("/issue/how").asText()).contains("jcb:" + replica);
    assertThat(edit.at("/request/method").asText()).isEqualTo("PUT");
    assertThat(edit.at("/request/url").asText()).endsWith("/tempo/jcb/4/worklogs/" + replica);
    assertThat(edit.at("/request/body/description").asText()).isEqualTo("after");
    assertThat(edit.at("/request/body/timeSpentSeconds").asLong()).isEqualTo(900);

    JsonNode same = dryRun(created);
    assertThat(same.get("action").asText()).isEqualTo("skip");
    assertThat(same.has("request")).isFalse();

    JsonNode delete = dryRun(Events.deleted(created, Instant.parse("2026-08-24T12:00:00Z")));
    assertThat(delete.get("action").asText()).isEqualTo("delete");
    assertThat(delete.at("/request/method").asText()).isEqualTo("DELETE");
    assertThat(delete.at("/request/url").asText()).endsWith("/tempo/jcb/4/worklogs/" + replica);

    assertThat(requests("jcb", seq, "PUT", "/4")).isZero();
    assertThat(requests("jcb", seq, "DELETE", "/4")).isZero();
    assertThat(replicas("jcb", "jca:7310").get(0).path("description").asText()).isEqualTo("before");
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        LineageLink.findByLineage(TwoSites.CONNECTION, "jcb", "jca:7310")
                            .orElseThrow()
                            .state))
        .isEqualTo(dev.worklogbridge.store.LinkState.LIVE);
  }

  private JsonNode dryRun(ReplicaEvent e) throws Exception {
    JsonNode event = ReplicaEventCodec.mapper().readTree(ReplicaEventCodec.encode(e));
    return ReplicaEventCodec.mapper()
        .readTree(
            admin()
                .body(Map.of("event", event))
                .post("/api/v1/connections/acme/sites/jcb/dry-run")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .get(0);
  }

  @Test
  void aDryRunWritesNothingAndShowsTheExactRequest() throws Exception {
    ReplicaEvent e =
        Events.created(
            "jca",
            7300,
            2,
            Events.GRACE,
            "2026-08-24",
            "23:30:00",
            900,
            "late",
            Instant.parse("2026-08-24T10:00:00Z"));
    long seq = sim.lastRequestSeq();
    JsonNode plan = dryRun(e);
    assertThat(plan.get("action").asText()).isEqualTo("create");
    assertThat(plan.at("/issue/key").asText()).isEqualTo("SUP-2");
    assertThat(plan.at("/author/strategy").asText()).isEqualTo("FALLBACK");
    assertThat(plan.at("/author/reason").asText()).contains("Grace Hopper");
    assertThat(plan.at("/request/method").asText()).isEqualTo("POST");
    assertThat(plan.at("/request/url").asText()).endsWith("/tempo/jcb/4/worklogs");
    assertThat(plan.at("/request/body/issueId").isIntegralNumber()).isTrue();
    assertThat(plan.at("/request/body/startTime").asText()).isEqualTo("23:30:00");
    assertThat(plan.at("/request/body/authorAccountId").asText()).isEqualTo(TwoSites.FALLBACK_B);
    assertThat(plan.at("/request/body/description").asText())
        .isEqualTo("[Grace Hopper on jca] late");
    assertThat(requests("jcb", seq, "POST", "/4")).isZero();
    assertThat(QuarkusTransaction.requiringNew().call(() -> LineageLink.count())).isZero();
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> dev.worklogbridge.store.AuthorDecision.count()))
        .isZero();

    long sourceId =
        sim.logWork(
                "jca",
                dev.worklogbridge.testkit.SimulatorClient.object()
                    .put("as", TwoSites.ADA)
                    .put("issueKey", "ESC-3")
                    .put("startDate", "2026-08-25")
                    .put("startTime", "13:00:00")
                    .put("timeSpentSeconds", 600)
                    .put("description", "by id"))
            .get("tempoWorklogId")
            .asLong();
    admin()
        .body(Map.of("sourceSite", "jca", "sourceWorklogIds", List.of(sourceId)))
        .post("/api/v1/connections/acme/sites/jcb/dry-run")
        .then()
        .statusCode(200)
        .body("[0].action", equalTo("create"))
        .body("[0].issue.key", equalTo("SUP-3"))
        .body("[0].author.strategy", equalTo("SAME_ACCOUNT"))
        .body("[0].request.body.startTime", equalTo("13:00:00"));
    assertThat(replicas("jcb", "jca:" + sourceId)).isEmpty();
  }

  @Test
  void adminCallsWithoutOrWithAWrongKeyGet401AndBadInputGets400() throws Exception {
    given().get("/api/v1/status").then().statusCode(401);
    given().header("Authorization", "Bearer wrong").get("/api/v1/status").then().statusCode(401);
    given()
        .header("Authorization", "Basic " + TwoSites.ADMIN_KEY)
        .get("/api/v1/status")
        .then()
        .statusCode(401);
    admin()
        .body(Map.of("from", "yesterday"))
        .post("/api/v1/connections/acme/sites/jcb/replay")
        .then()
        .statusCode(400)
        .body("error", containsString("ISO"));
    admin()
        .body(Map.of("from", Instant.now().plusSeconds(3600).toString()))
        .post("/api/v1/connections/acme/sites/jcb/replay")
        .then()
        .statusCode(400)
        .body("error", containsString("in the future"));
    // While the topic holds everything, any past time is reachable (a no-op replay here).
    ReplicaEvent first =
        Events.created(
            "jca", 7450, 1, Events.ADA, "2026-08-24", "08:00:00", 60, "a record", Instant.now());
    events.send(first);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:7450").size() == 1);
    // Retention removes everything so far; the lineage's next record lands on the same partition.
    try (org.apache.kafka.clients.admin.Admin kafka =
        org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      var partitions =
          kafka
              .describeTopics(List.of(Events.TOPIC))
              .allTopicNames()
              .get()
              .get(Events.TOPIC)
              .partitions();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends =
          new java.util.HashMap<>();
      partitions.forEach(
          p ->
              ends.put(
                  new org.apache.kafka.common.TopicPartition(Events.TOPIC, p.partition()),
                  org.apache.kafka.clients.admin.OffsetSpec.latest()));
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete>
          all = new java.util.HashMap<>();
      kafka
          .listOffsets(ends)
          .all()
          .get()
          .forEach(
              (tp, o) ->
                  all.put(
                      tp, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(o.offset())));
      kafka.deleteRecords(all).all().get();
    }
    events.send(Events.updated(first, 120, "a later record", Instant.now()));
    await()
        .atMost(WAIT)
        .until(() -> replicas("jcb", "jca:7450").get(0).path("timeSpentSeconds").asLong() == 120);
    admin()
        .body(Map.of("from", "2001-01-01T00:00:00Z"))
        .post("/api/v1/connections/acme/sites/jcb/replay")
        .then()
        .statusCode(400)
        .body("error", containsString("before the oldest record"));
    admin()
        .body(
            Map.of("siteA", "jca", "issueKeyA", "not a key", "siteB", "jcb", "issueKeyB", "SUP-1"))
        .post("/api/v1/connections/acme/pairings")
        .then()
        .statusCode(400)
        .body("error", containsString("not a key"));
    admin()
        .body(Map.of("targetSite", "elsewhere", "sourceAccountId", "a", "targetAccountId", "b"))
        .post("/api/v1/connections/acme/author-mappings")
        .then()
        .statusCode(400);
    admin().get("/api/v1/connections/nope/pairings").then().statusCode(404);
    admin()
        .body(Map.of("sourceSite", "jca", "sourceWorklogIds", List.of()))
        .post("/api/v1/connections/acme/sites/jcb/dry-run")
        .then()
        .statusCode(400);
  }

  @Test
  void pairingsAndAuthorMappingsCanBeImportedFromCsvAndTakeEffect() {
    sim.addIssue(
        "jca",
        dev.worklogbridge.testkit.SimulatorClient.object().put("key", "ESC-50").put("id", 10050));
    sim.addIssue(
        "jcb",
        dev.worklogbridge.testkit.SimulatorClient.object().put("key", "SUP-90").put("id", 30009));
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType("text/csv")
        .body("siteA,issueKeyA,siteB,issueKeyB\njca,ESC-50,jcb,SUP-90\n")
        .post("/api/v1/connections/acme/pairings/import")
        .then()
        .statusCode(200)
        .body("imported", equalTo(1));
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType("text/csv")
        .body("jcb," + TwoSites.ZED + "," + TwoSites.LINUS + "\n")
        .post("/api/v1/connections/acme/author-mappings/import")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType("text/csv")
        .body("jcb,only-two-values\n")
        .post("/api/v1/connections/acme/author-mappings/import")
        .then()
        .statusCode(400)
        .body("error", containsString("line 1"));
    // Every bad row is named by its line, and a file with any bad row imports nothing.
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType("text/csv")
        .body(
            "targetSite,sourceAccountId,targetAccountId\n"
                + "jcb,\"557058:quoted, with a comma\","
                + TwoSites.LINUS
                + "\n"
                + "elsewhere,a,b\n"
                + "jcb,a\n"
                + "jca,x,y\n")
        .post("/api/v1/connections/acme/author-mappings/import")
        .then()
        .statusCode(400)
        .body("error", containsString("2 bad row(s)"))
        .body("error", containsString("line 3: targetSite must be"))
        .body("error", containsString("line 4: expected 3 values"));
    admin()
        .get("/api/v1/connections/acme/author-mappings")
        .then()
        .body(
            "sourceAccountId",
            org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.hasItem("557058:quoted, with a comma")));
    StringBuilder huge = new StringBuilder();
    for (int i = 0; i <= 10_000; i++) {
      huge.append("jcb,s").append(i).append(",t\n");
    }
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType("text/csv")
        .body(huge.toString())
        .post("/api/v1/connections/acme/author-mappings/import")
        .then()
        .statusCode(400)
        .body("error", containsString("more than 10000 rows"));
    ReplicaEvent e =
        Events.event(
            dev.worklogbridge.model.EventType.CREATED,
            new dev.worklogbridge.model.Lineage("jca", 7400),
            "jca",
            7400,
            50,
            Events.ZED,
            "2026-08-24",
            "09:00:00",
            600,
            "paired by table",
            Instant.parse("2026-08-24T10:00:00Z"),
            List.of());
    events.send(e);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:7400").size() == 1);
    JsonNode replica = replicas("jcb", "jca:7400").get(0);
    assertThat(replica.at("/issue/id").asLong()).isEqualTo(30009);
    assertThat(replica.at("/author/accountId").asText()).isEqualTo(TwoSites.LINUS);
    admin()
        .get("/api/v1/connections/acme/pairings")
        .then()
        .body("[0].issueKeyB", equalTo("SUP-90"));
    int id =
        admin().get("/api/v1/connections/acme/author-mappings").then().extract().path("[0].id");
    admin().delete("/api/v1/connections/acme/author-mappings/" + id).then().statusCode(204);
    admin().get("/api/v1/connections/acme/author-mappings").then().body("size()", equalTo(0));
  }
}
