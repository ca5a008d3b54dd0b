package dev.worklogbridge.outbound;

import static dev.worklogbridge.testkit.TwoSites.ADA;
import static dev.worklogbridge.testkit.TwoSites.ADMIN_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.outbound.detect.DeletionPoller;
import dev.worklogbridge.outbound.detect.Poller;
import dev.worklogbridge.outbound.webhook.WebhookRegistrar;
import dev.worklogbridge.outbound.webhook.WebhookSecrets;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.store.PollWatermark;
import dev.worklogbridge.store.WebhookSubscription;
import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class OutboundServiceTest extends OutboundTestBase {

  @Inject Poller poller;
  @Inject DeletionPoller deletions;
  @Inject WebhookRegistrar registrar;
  @Inject Sites sites;

  @TestHTTPResource(value = "/health/ready", management = true)
  URL readiness;

  @TestHTTPResource(value = "/openapi", management = true)
  URL openapi;

  @TestHTTPResource("/")
  URL self;

  /** Ten minutes of Ada's on an issue of jca, on 2026-08-24: add a description and log it. */
  private static ObjectNode tenMinutesOn(String issueKey) {
    return SimulatorClient.object()
        .put("as", ADA)
        .put("issueKey", issueKey)
        .put("startDate", "2026-08-24")
        .put("timeSpentSeconds", 600);
  }

  private JsonNode log(String site, String issueKey, String startTime, String description) {
    ObjectNode w =
        SimulatorClient.object()
            .put("as", ADA)
            .put("issueKey", issueKey)
            .put("startDate", "2026-08-24")
            .put("startTime", startTime)
            .put("timeSpentSeconds", 3600)
            .put("description", description);
    return sim.logWork(site, w);
  }

  @Test
  void oneEventPerCreateUpdateAndDeleteEvenWhenWebhookAndPollBothSeeTheChange() {
    registrar.ensure("jca", self.toString());
    long id = log("jca", "ESC-1", "13:00:00", "investigating").get("tempoWorklogId").asLong();
    List<ReplicaEvent> created = topic.atLeast(1, Duration.ofSeconds(30));
    assertThat(created).hasSize(1);
    poller.poll("jca");
    assertThat(topic.events(Duration.ofMillis(500))).hasSize(1);

    ReplicaEvent c = created.get(0);
    assertThat(c.type()).isEqualTo(EventType.CREATED);
    assertThat(c.lineage().id()).isEqualTo("jca:" + id);
    assertThat(c.issue().key()).isEqualTo("ESC-1");
    assertThat(c.author().displayName()).isEqualTo("Ada Lovelace");
    assertThat(c.author().email()).isEqualTo("ada@customer.example");
    assertThat(c.worklog().startTime().toString()).isEqualTo("13:00");
    assertThat(topic.records.get(0).key()).isEqualTo("jca:" + id);
    assertThat(topic.headers(0))
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("ce_id", c.eventId())
        .containsEntry("ce_source", "/worklog-bridge/jca")
        // The change the record carries, for consumers that skip what they applied undecoded.
        .containsEntry("ce_idempotencykey", c.idempotencyKey())
        .containsKey("traceparent");
    // The connector writes the W3C context of the change's span (exported or not).
    assertThat(topic.headers(0).get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");

    sim.editWork("jca", id, SimulatorClient.object().put("description", "found it"));
    assertThat(topic.atLeast(2, Duration.ofSeconds(30))).hasSize(2);
    poller.poll("jca");
    List<ReplicaEvent> afterEdit = topic.events(Duration.ofMillis(500));
    assertThat(afterEdit).hasSize(2);
    assertThat(afterEdit.get(1).type()).isEqualTo(EventType.UPDATED);
    assertThat(afterEdit.get(1).worklog().description()).isEqualTo("found it");

    sim.deleteWork("jca", id);
    assertThat(topic.atLeast(3, Duration.ofSeconds(30))).hasSize(3);
    deletions.poll("jca");
    poller.poll("jca");
    List<ReplicaEvent> all = topic.events(Duration.ofMillis(500));
    assertThat(all)
        .extracting(ReplicaEvent::type)
        .containsExactly(EventType.CREATED, EventType.UPDATED, EventType.DELETED);
  }

  @Test
  void subscriptionsTempoCouldNotVerifyAreRepairedUntilTempoShowsThemActive() throws Exception {
    // Tempo's first verification of each new subscription finds nobody answering (the state a
    // site's webhooks stayed in when they were registered before the HTTP server listened).
    sim.settings(SimulatorClient.object().put("webhookVerificationFailures", 3));
    registrar.ensure("jca", self.toString());
    assertThat(registrar.awaitsVerification("jca")).isTrue();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (activeSubscriptions("jca") < 3 && System.nanoTime() < deadline) {
      registrar.checkUnverified();
      Thread.sleep(200);
    }
    assertThat(activeSubscriptions("jca")).isEqualTo(3);
    registrar.checkUnverified();
    assertThat(registrar.awaitsVerification("jca")).isFalse();
    assertThat(sim.site("jca").get("webhookSubscriptions")).hasSize(3);
    // The repaired subscriptions deliver: the change is published without a poll.
    log("jca", "ESC-2", "10:00:00", "after the repair");
    assertThat(topic.atLeast(1, Duration.ofSeconds(30))).hasSize(1);
  }

  private int activeSubscriptions(String site) {
    int n = 0;
    for (JsonNode s : sim.site(site).get("webhookSubscriptions")) {
      n += s.get("active").asBoolean() ? 1 : 0;
    }
    return n;
  }

  @Test
  void papertrailItemsWithoutADeletionTimeAreReadAndTheWatermarkMovesOn() {
    sim.settings(SimulatorClient.object().put("papertrailWithoutTime", true));
    long a = log("jca", "ESC-1", "09:00:00", "a").get("tempoWorklogId").asLong();
    poller.poll("jca");
    assertThat(topic.atLeast(1, Duration.ofSeconds(30))).hasSize(1);
    Instant before = Instant.now();
    sim.deleteWork("jca", a);
    deletions.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(2, Duration.ofSeconds(30));
    assertThat(events).extracting(ReplicaEvent::type).endsWith(EventType.DELETED);
    Instant watermark =
        QuarkusTransaction.requiringNew()
            .call(() -> PollWatermark.read("jca", PollWatermark.DELETIONS).orElseThrow());
    assertThat(watermark).isAfterOrEqualTo(before);
  }

  @Test
  void thePollAloneFindsEveryChangeAndTheDeletionFeedEveryDeletion() {
    long a = log("jca", "ESC-1", "09:00:00", "a").get("tempoWorklogId").asLong();
    log("jca", "ESC-2", "10:00:00", "b");
    poller.poll("jca");
    assertThat(topic.atLeast(2, Duration.ofSeconds(30))).hasSize(2);
    sim.deleteWork("jca", a);
    deletions.poll("jca");
    deletions.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(3, Duration.ofSeconds(30));
    assertThat(events).hasSize(3);
    assertThat(events.get(2).type()).isEqualTo(EventType.DELETED);
    assertThat(events.get(2).lineage().id()).isEqualTo("jca:" + a);
  }

  @Test
  void aPollThatFailsMidBurstResumesWithNoGapAndNoDuplicate() throws InterruptedException {
    // Webhooks of the previous test may still be on their way; each triggers a poll that would
    // read this test's burst before the fault is in place.
    Thread.sleep(1500);
    ObjectNode item = tenMinutesOn("ESC-3");
    for (int i = 0; i < 250; i++) {
      sim.logWork("jca", item.put("description", "burst " + i));
    }
    sim.addFault(
        "jca",
        SimulatorClient.object()
            .put("api", "tempo")
            .put("method", "GET")
            .put("path", "/4/worklogs")
            .put("errorRate", 1.0)
            .put("after", 2));
    poller.pollAll();
    assertThat(topic.atLeast(200, Duration.ofSeconds(30))).hasSize(200);
    sim.clearFaults("jca");
    poller.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(250, Duration.ofSeconds(30));
    assertThat(events).hasSize(250);
    assertThat(events).extracting(e -> e.lineage().id()).doesNotHaveDuplicates();
  }

  @Test
  void aFailedLaterPageOfTheNewestFirstListLosesNothing() {
    // Tempo lists orderBy=UPDATED newest first: page 1 holds the newest updates, pages 2 and 3 the
    // older ones. Three groups of 100, three minutes apart, inside the initial look-back.
    Instant start = Instant.now().minus(Duration.ofMinutes(9)).truncatedTo(ChronoUnit.SECONDS);
    sim.freezeClock(start);
    try {
      ObjectNode item = tenMinutesOn("ESC-6");
      for (int group = 0; group < 3; group++) {
        for (int i = 0; i < 100; i++) {
          sim.logWork("jca", item.put("description", "group " + group + " #" + i));
        }
        sim.advanceClock(Duration.ofMinutes(3));
      }
    } finally {
      sim.runClock();
    }
    sim.addFault(
        "jca",
        SimulatorClient.object()
            .put("api", "tempo")
            .put("method", "GET")
            .put("path", "/4/worklogs")
            .put("errorRate", 1.0)
            .put("after", 1));
    assertThatThrownBy(() -> poller.poll("jca")).isInstanceOf(CloudException.class);
    assertThat(topic.atLeast(100, Duration.ofSeconds(30)))
        .hasSize(100)
        .allMatch(e -> e.content().description().startsWith("group 2 "));
    sim.clearFaults("jca");
    poller.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(300, Duration.ofSeconds(30));
    assertThat(events).hasSize(300);
    assertThat(events).extracting(e -> e.lineage().id()).doesNotHaveDuplicates();
  }

  @Test
  void aListValueTravelsWithTheTextPeopleSeeForIt() {
    ObjectNode w = tenMinutesOn("ESC-7");
    w.putObject("attributes").put("_Phase_", "101");
    sim.logWork("jca", w);
    poller.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(1, Duration.ofSeconds(30));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).worklog().attributes())
        .containsExactly(new dev.worklogbridge.model.Attribute("_Phase_", "101", "Analysis"));
  }

  @Test
  void worklogsOnIssuesOutsideTheScopeAreIgnored() {
    log("jca", "OPS-1", "09:00:00", "internal");
    log("jca", "ESC-4", "09:00:00", "customer");
    poller.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(1, Duration.ofSeconds(30));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).issue().key()).isEqualTo("ESC-4");
  }

  @Test
  void aForgedWebhookIsRejectedAndTempoRetriesWithTheFirstTimestampAreAccepted() {
    registrar.ensure("jca", self.toString());
    JsonNode w = log("jca", "ESC-5", "09:00:00", "real");
    topic.atLeast(1, Duration.ofSeconds(30));
    String secret =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    WebhookSubscription.<WebhookSubscription>findById(
                            new WebhookSubscription.Key("jca", "worklog.updated"))
                        .sharedSecret);
    String body =
        "{\"eventId\": \"0f8fad5b-d9cb-469f-a165-70867728950e\", \"eventType\": \"worklog.updated\","
            + " \"payload\": {\"tempoWorklogId\": "
            + w.get("tempoWorklogId").asLong()
            + ", \"description\": \"caf\u00e9 \u2013 na\u00efve\"}}";
    byte[] raw = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String now = Instant.now().toString();
    given()
        .body(raw)
        .header("Tempo-Timestamp", now)
        .header("Tempo-Signature", "00ff")
        .post("/webhooks/tempo/jca")
        .then()
        .statusCode(401);
    String ahead = Instant.now().plus(Duration.ofHours(1)).toString();
    given()
        .body(raw)
        .header("Tempo-Timestamp", ahead)
        .header("Tempo-Signature", WebhookSecrets.sign(secret, raw, ahead))
        .post("/webhooks/tempo/jca")
        .then()
        .statusCode(401);
    // Tempo's retry of a delivery first sent an hour ago keeps that first timestamp.
    String firstAttempt = Instant.now().minus(Duration.ofHours(1)).toString();
    given()
        .body(raw)
        .header("Tempo-Timestamp", firstAttempt)
        .header("Tempo-Signature", WebhookSecrets.sign(secret, raw, firstAttempt))
        .post("/webhooks/tempo/jca")
        .then()
        .statusCode(200);
    given()
        .body(raw)
        .header("Tempo-Timestamp", now)
        .header("Tempo-Signature", WebhookSecrets.sign(secret, raw, now))
        .post("/webhooks/tempo/jca")
        .then()
        .statusCode(200);
    assertThat(topic.events(Duration.ofSeconds(1))).hasSize(1);
    given()
        .queryParam("randomString", "abc123")
        .get("/webhooks/tempo/jca")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.equalTo("abc123"));
  }

  @Test
  void theInboundSidesOwnWritesAreNotRepublishedButAPersonsEditOfAReplicaIs() {
    registrar.ensure("jcb", self.toString());
    long origin = log("jca", "ESC-6", "23:30:00", "origin").get("tempoWorklogId").asLong();
    poller.poll("jca");
    ReplicaEvent created = topic.atLeast(1, Duration.ofSeconds(30)).get(0);
    String lineage = created.lineage().id();

    // What the inbound side does on jcb: a PENDING row first, then the marked worklog, then LIVE.
    var tempoB = sites.site("jcb").requireTempo();
    tempoB.createWorkAttribute(
        LineageMarker.ATTRIBUTE_KEY, LineageMarker.ATTRIBUTE_NAME, "INPUT_FIELD");
    var request =
        new dev.worklogbridge.cloud.TempoWorklogRequest(
            ADA,
            10006,
            created.worklog().startDate(),
            created.worklog().startTime(),
            3600,
            3600L,
            "origin",
            null,
            List.of(new dev.worklogbridge.model.Attribute(LineageMarker.ATTRIBUTE_KEY, lineage)));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.create(TwoSites.CONNECTION, "jcb", lineage, LinkRole.REPLICA);
              row.state = LinkState.PENDING;
              row.localIssueId = 10006L;
              row.pendingHash = request.content().hash();
              row.pendingCoreHash = request.content().coreHash();
              row.lastVersion = created.sourceVersion();
              row.persist();
            });
    TempoWorklog replica = tempoB.create(request);
    poller.poll("jcb");
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.lockByLineage(TwoSites.CONNECTION, "jcb", lineage).orElseThrow();
              row.state = LinkState.LIVE;
              row.localWorklogId = replica.tempoWorklogId();
              row.lastHash = replica.content().hash();
              row.lastCoreHash = replica.content().coreHash();
            });
    poller.poll("jcb");
    assertThat(topic.events(Duration.ofSeconds(2))).hasSize(1);

    sim.editWork(
        "jcb",
        replica.tempoWorklogId(),
        SimulatorClient.object()
            .put("as", ADA)
            .put("timeSpentSeconds", 5400)
            .put("description", "vendor corrected the time"));
    List<ReplicaEvent> events = topic.atLeast(2, Duration.ofSeconds(30));
    poller.poll("jcb");
    events = topic.events(Duration.ofMillis(500));
    assertThat(events).hasSize(2);
    ReplicaEvent edit = events.get(1);
    assertThat(edit.type()).isEqualTo(EventType.UPDATED);
    assertThat(edit.lineage().id()).isEqualTo("jca:" + origin);
    assertThat(edit.source().site()).isEqualTo("jcb");
    assertThat(edit.worklog().timeSpentSeconds()).isEqualTo(5400);
    assertThat(edit.worklog().attributes())
        .noneMatch(a -> a.key().equals(LineageMarker.ATTRIBUTE_KEY));
  }

  @Test
  void backfillOfAThousandWorklogsPublishesAThousandEventsAndIsSafeToRepeat() {
    var tempoA = sites.site("jca").requireTempo();
    for (int batch = 0; batch < 20; batch++) {
      List<dev.worklogbridge.cloud.TempoWorklogRequest> items = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        items.add(
            new dev.worklogbridge.cloud.TempoWorklogRequest(
                ADA,
                10001 + batch % TwoSites.PAIRS,
                java.time.LocalDate.parse("2026-01-05").plusDays(i % 20),
                java.time.LocalTime.of(8 + i % 10, 0),
                900,
                null,
                "history " + batch + "/" + i,
                null,
                List.of()));
      }
      tempoA.createBulk(10001 + batch % TwoSites.PAIRS, items);
    }
    String id =
        given()
            .contentType(ContentType.JSON)
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .body(Map.of("site", "jca", "from", "2026-01-01", "to", "2026-01-31"))
            .post("/api/v1/backfill")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "DONE"
                    .equals(
                        given()
                            .header("Authorization", "Bearer " + ADMIN_KEY)
                            .get("/api/v1/backfill/" + id)
                            .then()
                            .extract()
                            .path("state")));
    assertThat(topic.atLeast(1000, Duration.ofSeconds(30)))
        .hasSize(1000)
        .extracting(e -> e.lineage().id())
        .doesNotHaveDuplicates();
    String again =
        given()
            .contentType(ContentType.JSON)
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .body(Map.of("site", "jca", "from", "2026-01-01", "to", "2026-01-31"))
            .post("/api/v1/backfill")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "DONE"
                    .equals(
                        given()
                            .header("Authorization", "Bearer " + ADMIN_KEY)
                            .get("/api/v1/backfill/" + again)
                            .then()
                            .extract()
                            .path("state")));
    given()
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .get("/api/v1/backfill/" + again)
        .then()
        .body("seen", org.hamcrest.Matchers.equalTo(1000))
        .body("published", org.hamcrest.Matchers.equalTo(0));
    assertThat(topic.events(Duration.ofSeconds(1))).hasSize(1000);
  }

  @Test
  void aRevokedTokenMakesReadinessSaySoAndAReplacedTokenResumes() {
    given().get(readiness).then().statusCode(200);
    sim.revokeTempoToken("jca", "jca-bridge");
    poller.pollAll();
    given().get(readiness).then().statusCode(503).body(containsString("AUTH_FAILED"));
    log("jca", "ESC-7", "09:00:00", "logged while the token was dead");

    sim.addTempoToken(
        "jca",
        SimulatorClient.object().put("token", "tempo-token-jca-2").put("label", "jca-bridge-2"));
    TwoSites.write(BridgeTestResource.TOKENS, "jca-tempo", "tempo-token-jca-2");
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> given().get(readiness).then().statusCode(200));
      poller.pollAll();
      List<ReplicaEvent> events = topic.atLeast(1, Duration.ofSeconds(30));
      assertThat(events).hasSize(1);
      assertThat(events.get(0).worklog().description())
          .isEqualTo("logged while the token was dead");
    } finally {
      TwoSites.write(BridgeTestResource.TOKENS, "jca-tempo", TwoSites.TEMPO_TOKEN_A);
    }
  }

  @Test
  void theAdminApiWantsTheKeyAndSaysWhatIsWrongWithInput() {
    given().get("/api/v1/status").then().statusCode(401);
    given().header("Authorization", "Bearer nope").get("/api/v1/status").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .get("/api/v1/status")
        .then()
        .statusCode(200)
        .body("sites.jca.state", org.hamcrest.Matchers.equalTo("RUNNING"));
    given()
        .contentType(ContentType.JSON)
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .body(Map.of("site", "jca", "from", "2026-02-30", "to", "2026-03-01"))
        .post("/api/v1/backfill")
        .then()
        .statusCode(400)
        .body("error", containsString("from"));
    given()
        .contentType(ContentType.JSON)
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .body(Map.of("site", "nope", "from", "2026-02-01", "to", "2026-03-01"))
        .post("/api/v1/backfill")
        .then()
        .statusCode(400)
        .body("error", containsString("nope"));
    given().get(openapi).then().statusCode(200).body(containsString("/api/v1/backfill"));
  }
}
