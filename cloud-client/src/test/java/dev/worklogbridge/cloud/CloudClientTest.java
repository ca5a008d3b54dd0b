package dev.worklogbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.testkit.SharedInfrastructure;
import dev.worklogbridge.testkit.SimulatorClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clients against the simulator over HTTP: shapes, retries, limits, classification. A Quarkus
 * test, since the REST Client they are built on needs a running application.
 */
@QuarkusTest
class CloudClientTest {

  static final String ADA = "5b10a2844c20165700ede21g";
  static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1));

  private SimulatorClient sim;
  private final AtomicReference<String> token = new AtomicReference<>("tok-a");

  @BeforeEach
  void seed() throws Exception {
    sim = SharedInfrastructure.simulator().client();
    sim.reset();
    sim.seed(
        SimulatorClient.json()
            .readTree(
                """
        {"sites": [{"name": "jca",
          "tempoTokens": [{"token": "tok-a", "label": "a"}],
          "jiraCredentials": [{"email": "b@x.example", "apiToken": "jt", "accountId": "557058:b"}],
          "users": [{"accountId": "5b10a2844c20165700ede21g", "displayName": "Ada Lovelace",
                     "email": "ada@x.example", "emailVisible": true},
                    {"accountId": "557058:b", "displayName": "Bridge"}],
          "issues": [{"key": "ESC-1", "id": 10001, "fields": {"customfield_10050": "SUP-4"}},
                     {"key": "ESC-2", "id": 10002}],
          "limits": {"tempoRequestsPerSecond": 0}}]}
        """));
  }

  private TempoClient tempo(double rps, RetryPolicy policy) {
    return SiteClients.tempo(
        "jca",
        sim.tempoUrl("jca"),
        token::get,
        RateLimiter.forToken(SiteClients.tokenKey("tempo", sim.tempoUrl("jca"), token.get()), rps),
        policy,
        CallObserver.NONE,
        Duration.ofSeconds(5),
        CallGuard.NONE);
  }

  private JiraClient jira() {
    return SiteClients.jira(
        "jca",
        sim.jiraUrl("jca"),
        () -> "b@x.example",
        () -> "jt",
        0,
        FAST,
        CallObserver.NONE,
        Duration.ofSeconds(5),
        CallGuard.NONE);
  }

  private static TempoWorklogRequest request(long issueId, LocalTime start) {
    return new TempoWorklogRequest(
        ADA, issueId, LocalDate.parse("2026-03-29"), start, 1800, null, "fix", null, List.of());
  }

  private List<JsonNode> requestsSince(long seq) {
    return sim.requests("jca", seq);
  }

  @Test
  void wallClockStartTimesSurviveTheRoundTrip() {
    TempoClient t = tempo(0, FAST);
    for (LocalTime time : List.of(LocalTime.MIDNIGHT, LocalTime.of(13, 0), LocalTime.of(23, 30))) {
      TempoWorklog created = t.create(request(10001, time));
      TempoWorklog read = t.get(created.tempoWorklogId()).orElseThrow();
      assertThat(read.startTime()).isEqualTo(time);
      assertThat(read.startDate()).isEqualTo(LocalDate.parse("2026-03-29"));
      assertThat(read.billableSeconds()).isEqualTo(1800);
    }
  }

  @Test
  void retriesServerErrorsAndSucceeds() {
    long id = tempo(0, FAST).create(request(10001, LocalTime.NOON)).tempoWorklogId();
    sim.addFault(
        "jca", SimulatorClient.object().put("api", "tempo").put("errorRate", 1.0).put("times", 2));
    long seq = sim.lastRequestSeq();
    assertThat(tempo(0, FAST).get(id)).isPresent();
    assertThat(requestsSince(seq))
        .extracting(r -> r.get("status").asInt())
        .hasSize(3)
        .endsWith(200);
  }

  @Test
  void givesUpAfterExactlyMaxAttemptsAsRetryable() {
    sim.addFault("jca", SimulatorClient.object().put("api", "tempo").put("errorRate", 1.0));
    long seq = sim.lastRequestSeq();
    assertThatThrownBy(() -> tempo(0, FAST).get(424242))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
              assertThat(e.outcomeUnknown()).isFalse();
              assertThat(e.getMessage()).contains("after 4 attempts").doesNotContain("tok-a");
            });
    assertThat(requestsSince(seq)).hasSize(4);
  }

  @Test
  void aCreateWhoseAnswerIsLostIsNeverSentAgain() {
    for (int lostStatus : new int[] {504, 0}) {
      sim.addFault(
          "jca",
          SimulatorClient.object()
              .put("api", "tempo")
              .put("method", "POST")
              .put("lostAnswerRate", 1.0)
              .put("lostAnswerStatus", lostStatus)
              .put("times", 1));
      long seq = sim.lastRequestSeq();
      assertThatThrownBy(() -> tempo(0, FAST).create(request(10002, LocalTime.NOON)))
          .isInstanceOfSatisfying(
              CloudException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
                assertThat(e.outcomeUnknown()).isTrue();
              });
      assertThat(requestsSince(seq))
          .extracting(r -> r.get("status").asInt())
          .containsExactly(lostStatus);
      sim.clearFaults("jca");
    }
    // Both creates were stored, each exactly once: the answers were lost, not the writes.
    assertThat(tempo(0, FAST).byIssue(10002)).hasSize(2);
  }

  @Test
  void aBulkWhoseAnswerIsLostIsNeverSentAgainButA429IsRetried() {
    sim.addFault(
        "jca",
        SimulatorClient.object()
            .put("api", "tempo")
            .put("method", "POST")
            .put("path", ".*/bulk")
            .put("lostAnswerRate", 1.0)
            .put("times", 1));
    List<TempoWorklogRequest> two =
        List.of(request(10002, LocalTime.of(9, 0)), request(10002, LocalTime.of(10, 0)));
    assertThatThrownBy(() -> tempo(0, FAST).createBulk(10002, two))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(tempo(0, FAST).byIssue(10002)).hasSize(2);
    sim.addFault(
        "jca",
        SimulatorClient.object()
            .put("api", "tempo")
            .put("errorRate", 1.0)
            .put("times", 1)
            .set("errorStatuses", SimulatorClient.json().createArrayNode().add(429)));
    long seq = sim.lastRequestSeq();
    assertThat(tempo(0, FAST).create(request(10002, LocalTime.of(11, 0))).tempoWorklogId())
        .isPositive();
    assertThat(requestsSince(seq))
        .extracting(r -> r.get("status").asInt())
        .containsExactly(429, 200);
  }

  @Test
  void aDroppedConnectionIsRetried() {
    sim.addFault(
        "jca", SimulatorClient.object().put("api", "tempo").put("dropRate", 1.0).put("times", 1));
    assertThat(tempo(0, FAST).get(424242)).isEmpty();
  }

  @Test
  void honoursRetryAfterOn429() {
    // Two 429s with Retry-After: 1 whatever the machine's speed (a fault, not a race with the
    // simulator's bucket); only a lower bound on the elapsed time is asserted.
    sim.addFault(
        "jca",
        SimulatorClient.object()
            .put("api", "tempo")
            .put("errorRate", 1.0)
            .put("retryAfterSeconds", 1)
            .put("times", 2)
            .set("errorStatuses", SimulatorClient.json().createArrayNode().add(429)));
    TempoClient t = tempo(0, FAST);
    long seq = sim.lastRequestSeq();
    long start = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      t.get(424242);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<Integer> statuses = requestsSince(seq).stream().map(r -> r.get("status").asInt()).toList();
    assertThat(statuses).containsExactly(429, 429, 404, 404, 404, 404);
    assertThat(millis).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void theRateLimiterKeepsUnderFivePerSecondWithoutA429() {
    sim.setLimits(
        "jca",
        SimulatorClient.object().put("tempoRequestsPerSecond", 5).put("retryAfterSeconds", 1));
    TempoClient t = tempo(5, FAST);
    long seq = sim.lastRequestSeq();
    long start = System.nanoTime();
    for (int i = 0; i < 16; i++) {
      t.get(424242);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(requestsSince(seq)).extracting(r -> r.get("status").asInt()).containsOnly(404);
    assertThat(millis).isGreaterThanOrEqualTo(2900);
  }

  @Test
  void unauthorizedIsNotRetriedAndSaysAuth() {
    token.set("wrong");
    long seq = sim.lastRequestSeq();
    assertThatThrownBy(() -> tempo(0, FAST).checkToken())
        .isInstanceOfSatisfying(
            CloudException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTH));
    assertThat(requestsSince(seq)).hasSize(1);
  }

  @Test
  void aReplacedTokenTakesEffectWithoutRebuildingTheClient() {
    TempoClient t = tempo(0, FAST);
    t.checkToken();
    sim.addTempoToken("jca", SimulatorClient.object().put("token", "tok-b").put("label", "a"));
    assertThatThrownBy(t::checkToken).isInstanceOf(CloudException.class);
    token.set("tok-b");
    t.checkToken();
  }

  @Test
  void badRequestsArePermanentAndNotRetried() {
    long seq = sim.lastRequestSeq();
    TempoWorklogRequest bad =
        new TempoWorklogRequest(
            "nobody",
            10001,
            LocalDate.parse("2026-03-29"),
            LocalTime.NOON,
            60,
            null,
            "",
            null,
            List.of());
    assertThatThrownBy(() -> tempo(0, FAST).create(bad))
        .isInstanceOfSatisfying(
            CloudException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("nobody");
            });
    assertThat(requestsSince(seq)).hasSize(1);
  }

  @Test
  void pagesThroughMetadataNext() {
    TempoClient t = tempo(0, FAST);
    Instant before = Instant.now().minusSeconds(2);
    List<TempoWorklogRequest> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(request(10001, LocalTime.of(9, 0)));
    }
    t.createBulk(10001, fifty);
    t.createBulk(10001, fifty);
    t.createBulk(10002, fifty.subList(0, 20));
    long seq = sim.lastRequestSeq();
    List<TempoWorklog> seen = new ArrayList<>();
    t.forEachUpdated(before, List.of(), 50, seen::add);
    assertThat(seen).hasSize(120).extracting(TempoWorklog::tempoWorklogId).doesNotHaveDuplicates();
    assertThat(requestsSince(seq)).hasSize(3);
    assertThat(t.byIssue(10002)).hasSize(20);
  }

  @Test
  void bulkCreatesEveryItem() {
    List<TempoWorklogRequest> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      items.add(
          new TempoWorklogRequest(
              ADA,
              10001,
              LocalDate.parse("2026-03-29"),
              LocalTime.of(9 + i, 0),
              60 + i,
              null,
              "item " + i,
              null,
              List.of()));
    }
    List<TempoWorklog> created = tempo(0, FAST).createBulk(10001, items);
    assertThat(created)
        .extracting(TempoWorklog::description)
        .containsExactlyInAnyOrder("item 0", "item 1", "item 2", "item 3", "item 4");
  }

  @Test
  void deletionsAreReadFromThePapertrail() {
    TempoClient t = tempo(0, FAST);
    Instant before = Instant.now().minusSeconds(2);
    long id = t.create(request(10001, LocalTime.NOON)).tempoWorklogId();
    assertThat(t.delete(id, false)).isTrue();
    assertThat(t.delete(id, false)).isFalse();
    List<DeletedWorklogEvent> deleted = new ArrayList<>();
    t.forEachDeleted(before, deleted::add);
    assertThat(deleted).extracting(DeletedWorklogEvent::tempoWorklogId).containsExactly(id);
  }

  @Test
  void workAttributesCanBeCreatedAndCarried() {
    TempoClient t = tempo(0, FAST);
    t.createWorkAttribute("_WorklogBridgeLineage_", "lineage", "INPUT_FIELD");
    assertThat(t.workAttributes())
        .extracting(WorkAttributeDef::key)
        .contains("_Account_", "_WorklogBridgeLineage_");
    TempoWorklogRequest marked =
        new TempoWorklogRequest(
            ADA,
            10001,
            LocalDate.parse("2026-03-29"),
            LocalTime.NOON,
            60,
            null,
            "",
            null,
            List.of(new Attribute("_WorklogBridgeLineage_", "jcb:7")));
    assertThat(t.create(marked).lineageMarker()).contains("jcb:7");
  }

  @Test
  void jiraFindsIssuesUsersAndSearchesByCustomField() {
    JiraClient j = jira();
    assertThat(j.issue("ESC-1"))
        .get()
        .satisfies(
            i -> {
              assertThat(i.id()).isEqualTo(10001);
              assertThat(i.projectKey()).isEqualTo("ESC");
            });
    assertThat(j.issue("NOPE-1")).isEmpty();
    assertThat(j.search("cf[10050] ~ \"SUP-4\"", 5))
        .extracting(JiraIssue::key)
        .containsExactly("ESC-1");
    assertThat(j.fields())
        .filteredOn(f -> f.id().equals("customfield_10050"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isText()).isTrue();
              assertThat(f.jqlName()).isEqualTo("cf[10050]");
            });
    assertThat(j.user(ADA)).get().extracting(JiraUser::email).isEqualTo("ada@x.example");
    assertThat(j.user("nobody")).isEmpty();
    assertThat(j.searchUsers("ada@x.example")).extracting(JiraUser::accountId).containsExactly(ADA);
    assertThat(j.myself().accountId()).isEqualTo("557058:b");
  }

  @Test
  void jiraNativeWorklogsCarryTheirPropertiesFromTheCreateOn() {
    JiraClient j = jira();
    long issue = j.issue("ESC-2").orElseThrow().id();
    JiraWorklogRequest request =
        new JiraWorklogRequest(
            LocalDate.parse("2026-03-29"),
            LocalTime.of(23, 30),
            900,
            "[Ada on jcb] logged",
            7200L,
            java.util.Map.of("worklog-bridge", SimulatorClient.object().put("lineage", "jcb:9")));
    JiraWorklog w = j.createWorklog(issue, request);
    assertThat(w.started()).isEqualTo("2026-03-29T23:30:00.000+0000");
    assertThat(w.authorAccountId()).isEqualTo("557058:b");
    assertThat(w.commentText()).isEqualTo("[Ada on jcb] logged");
    assertThat(w.properties().get("worklog-bridge").path("lineage").asText()).isEqualTo("jcb:9");
    assertThat(j.worklogs(issue))
        .singleElement()
        .satisfies(l -> assertThat(l.properties()).containsKey("worklog-bridge"));
    assertThat(
            j.updateWorklog(
                issue,
                w.id(),
                new JiraWorklogRequest(
                    LocalDate.parse("2026-03-30"),
                    LocalTime.of(0, 0),
                    600,
                    "edited",
                    null,
                    java.util.Map.of())))
        .get()
        .satisfies(
            u -> {
              assertThat(u.started()).isEqualTo("2026-03-30T00:00:00.000+0000");
              assertThat(u.properties()).containsKey("worklog-bridge");
            });
    assertThat(j.deleteWorklog(issue, w.id())).isTrue();
    assertThat(j.deleteWorklog(issue, w.id())).isFalse();
    assertThat(j.worklog(issue, w.id())).isEmpty();
    assertThat(j.updateWorklog(issue, w.id(), request)).isEmpty();
  }
}
