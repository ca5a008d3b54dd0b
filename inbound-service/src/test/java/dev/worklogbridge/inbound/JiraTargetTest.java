package dev.worklogbridge.inbound;

import static dev.worklogbridge.inbound.Events.ADA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.cloud.JiraWorklogRequest;
import dev.worklogbridge.inbound.resolve.RequestMapper;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.model.WorklogState;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A target site without Tempo (jcb configured with no tempo-url) receives native Jira worklogs: the
 * same wall-clock start, the real author named in the comment (Jira makes the bridge's account the
 * author), the lineage in a worklog property written by the create itself, and the same
 * exactly-once guarantees as the Tempo path. Against the simulator, real Kafka and PostgreSQL.
 */
@QuarkusTest
@WithTestResource(JiraTargetTestResource.class)
class JiraTargetTest extends InboundTestBase {

  static final Duration WAIT = Duration.ofSeconds(60);

  private static Instant t(int seconds) {
    return Instant.parse("2026-08-24T10:00:00Z").plusSeconds(seconds);
  }

  /** The native (not Tempo-twin) Jira worklogs on jcb carrying this lineage. */
  private List<JsonNode> jiraReplicas(String lineage) {
    return sim.jiraWorklogs("jcb").stream()
        .filter(
            w -> {
              for (JsonNode p : w.path("properties")) {
                if (RequestMapper.JIRA_PROPERTY.equals(p.path("key").asText())
                    && lineage.equals(p.path("value").path("lineage").asText())) {
                  return true;
                }
              }
              return false;
            })
        .toList();
  }

  private static String text(JsonNode worklog) {
    return worklog
        .path("comment")
        .path("content")
        .path(0)
        .path("content")
        .path(0)
        .path("text")
        .asText();
  }

  private long jiraWrites(long seq, String method) {
    return sim.requests("jcb", seq).stream()
        .filter(
            r ->
                "jira".equals(r.path("api").asText())
                    && method.equals(r.path("method").asText())
                    && r.path("path").asText().contains("/worklog"))
        .count();
  }

  private long tempoCalls(long seq) {
    return sim.requests("jcb", seq).stream()
        .filter(r -> "tempo".equals(r.path("api").asText()))
        .count();
  }

  private static ReplicaEvent withRemaining(ReplicaEvent e, long remaining, String attribute) {
    WorklogState w = e.worklog();
    WorklogState state =
        new WorklogState(
            w.startDate(),
            w.startTime(),
            w.timeSpentSeconds(),
            w.billableSeconds(),
            w.description(),
            remaining,
            List.of(new Attribute(attribute, "x")),
            w.createdAt(),
            w.updatedAt());
    return Events.withState(e, state);
  }

  @Test
  void aJiraOnlyTargetReceivesNativeWorklogsWithTheAuthorNamed() {
    long seq = sim.lastRequestSeq();
    ReplicaEvent created =
        withRemaining(
            Events.created("jca", 8001, 4, ADA, "2026-03-29", "23:30:00", 900, "night shift", t(0)),
            7200,
            "_Account_");
    events.send(created);
    await().atMost(WAIT).until(() -> jiraReplicas("jca:8001").size() == 1);
    JsonNode w = jiraReplicas("jca:8001").get(0);
    assertThat(w.path("issueId").asText()).isEqualTo("10004");
    assertThat(w.path("started").asText()).isEqualTo("2026-03-29T23:30:00.000+0000");
    assertThat(w.path("timeSpentSeconds").asLong()).isEqualTo(900);
    assertThat(w.path("author").path("accountId").asText()).isEqualTo(TwoSites.BRIDGE_B);
    assertThat(text(w)).isEqualTo("[Ada Lovelace on jca] night shift");
    assertThat(
            given()
                .auth()
                .preemptive()
                .basic("bridge@vendor.example", TwoSites.JIRA_TOKEN_B)
                .get(sim.jiraUrl("jcb") + "/rest/api/3/issue/SUP-4")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("fields.timetracking.remainingEstimateSeconds"))
        .as("the remaining estimate the connection carries")
        .isEqualTo(7200);

    // An edit flows to the same worklog; its redelivery writes nothing.
    ReplicaEvent edited = Events.updated(created, 1800, "night shift, longer", t(60));
    events.send(edited, edited);
    await()
        .atMost(WAIT)
        .until(() -> jiraReplicas("jca:8001").get(0).path("timeSpentSeconds").asLong() == 1800);
    assertThat(text(jiraReplicas("jca:8001").get(0)))
        .isEqualTo("[Ada Lovelace on jca] night shift, longer");
    assertThat(jiraReplicas("jca:8001").get(0).path("id").asText())
        .isEqualTo(w.path("id").asText());

    // A delete removes it and leaves a tombstone: a late replay of the create does not revive it.
    events.send(Events.deleted(created, t(120)));
    await().atMost(WAIT).until(() -> jiraReplicas("jca:8001").isEmpty());
    events.send(created);
    ReplicaEvent marker =
        Events.created("jca", 8002, 5, ADA, "2026-03-30", "00:00:00", 600, "after", t(130));
    events.send(marker);
    await().atMost(WAIT).until(() -> jiraReplicas("jca:8002").size() == 1);
    assertThat(jiraReplicas("jca:8001")).isEmpty();
    assertThat(jiraReplicas("jca:8002").get(0).path("started").asText())
        .isEqualTo("2026-03-30T00:00:00.000+0000");
    assertThat(jiraWrites(seq, "POST")).isEqualTo(2);
    assertThat(jiraWrites(seq, "PUT")).isEqualTo(1);
    assertThat(jiraWrites(seq, "DELETE")).isEqualTo(1);
    assertThat(tempoCalls(seq)).as("nothing is ever asked of a Tempo jcb does not have").isZero();
  }

  @Test
  void aCrashBetweenTheJiraPostAndTheCommitLeavesExactlyOneWorklog() {
    ReplicaEvent created =
        Events.created("jca", 8101, 6, ADA, "2026-08-24", "13:00:00", 1200, "crashed", t(0));
    // The state a crash leaves: the row committed PENDING, the worklog posted with its property,
    // LIVE never committed.
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.create(TwoSites.CONNECTION, "jcb", "jca:8101", LinkRole.REPLICA);
              row.state = LinkState.PENDING;
              row.localIssueId = 10006L;
              row.pendingHash = "posted-before-the-crash";
              row.persist();
            });
    long posted =
        sites
            .site("jcb")
            .jira()
            .createWorklog(
                10006,
                new JiraWorklogRequest(
                    LocalDate.parse("2026-08-24"),
                    LocalTime.of(13, 0),
                    1200,
                    "[Ada Lovelace on jca] crashed",
                    null,
                    Map.of(
                        RequestMapper.JIRA_PROPERTY,
                        SimulatorClient.object()
                            .put("lineage", "jca:8101")
                            .put("connection", TwoSites.CONNECTION))))
            .id();
    long seq = sim.lastRequestSeq();
    events.send(created);
    await()
        .atMost(WAIT)
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () ->
                            LineageLink.findByLineage(TwoSites.CONNECTION, "jcb", "jca:8101")
                                    .orElseThrow()
                                    .state
                                == LinkState.LIVE));
    assertThat(jiraReplicas("jca:8101")).hasSize(1);
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        LineageLink.findByLineage(TwoSites.CONNECTION, "jcb", "jca:8101")
                            .orElseThrow()
                            .localWorklogId))
        .isEqualTo(posted);
    assertThat(jiraWrites(seq, "POST")).isZero();
    assertThat(jiraWrites(seq, "PUT")).as("it already holds this content").isZero();
  }

  @Test
  void aVerifyingReplayRestoresEveryWorklogAWipedJiraTargetLostOnce() {
    // The topic also holds other tests' events: replay from where this test began.
    String start = Instant.now().minusSeconds(1).toString();
    for (int i = 0; i < 5; i++) {
      events.send(
          Events.created(
              "jca", 8301 + i, 8 + i, ADA, "2026-08-25", "09:00:00", 600, "restore " + i, t(i)));
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                sim.jiraWorklogs("jcb").stream().filter(w -> text(w).contains("restore")).count()
                    == 5);
    sim.wipeWorklogs("jcb");
    long seq = sim.lastRequestSeq();
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("from", start, "verify", true))
        .post("/api/v1/connections/acme/sites/jcb/replay")
        .then()
        .statusCode(200);
    for (int i = 0; i < 5; i++) {
      String lineage = "jca:" + (8301 + i);
      await().atMost(WAIT).until(() -> jiraReplicas(lineage).size() == 1);
    }
    assertThat(jiraWrites(seq, "POST")).isEqualTo(5);
    assertThat(sim.jiraWorklogs("jcb")).hasSize(5);
  }

  @Test
  void aDryRunOnAJiraOnlyTargetShowsTheJiraRequestAndWritesNothing() throws Exception {
    ReplicaEvent e =
        Events.created("jca", 8201, 7, Events.GRACE, "2026-08-24", "23:30:00", 900, "late", t(0));
    long seq = sim.lastRequestSeq();
    JsonNode plan =
        ReplicaEventCodec.mapper()
            .readTree(
                given()
                    .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
                    .contentType(ContentType.JSON)
                    .body(
                        Map.of(
                            "event",
                            ReplicaEventCodec.mapper().readTree(ReplicaEventCodec.encode(e))))
                    .post("/api/v1/connections/acme/sites/jcb/dry-run")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString())
            .get(0);
    assertThat(plan.get("action").asText()).isEqualTo("create");
    assertThat(plan.at("/issue/key").asText()).isEqualTo("SUP-7");
    assertThat(plan.at("/author/strategy").asText()).isEqualTo("JIRA_NATIVE");
    assertThat(plan.at("/request/method").asText()).isEqualTo("POST");
    assertThat(plan.at("/request/url").asText())
        .endsWith(
            "/jira/jcb/rest/api/3/issue/10007/worklog?expand=properties&adjustEstimate=leave");
    assertThat(plan.at("/request/body/started").asText()).isEqualTo("2026-08-24T23:30:00.000+0000");
    assertThat(plan.at("/request/body/comment/content/0/content/0/text").asText())
        .isEqualTo("[Grace Hopper on jca] late");
    assertThat(plan.at("/request/body/properties/0/value/lineage").asText()).isEqualTo("jca:8201");
    assertThat(jiraWrites(seq, "POST")).isZero();
    assertThat(QuarkusTransaction.requiringNew().call(() -> LineageLink.count())).isZero();
  }
}
