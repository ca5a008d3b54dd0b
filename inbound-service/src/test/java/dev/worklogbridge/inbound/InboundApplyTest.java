package dev.worklogbridge.inbound;

import static dev.worklogbridge.inbound.Events.ADA;
import static dev.worklogbridge.inbound.Events.BOB;
import static dev.worklogbridge.inbound.Events.GRACE;
import static dev.worklogbridge.inbound.Events.ZED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.store.AuthorMapping;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Applying replica events to a target site: idempotent, in order, under the right author. */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class InboundApplyTest extends InboundTestBase {

  static final Duration WAIT = Duration.ofSeconds(60);

  private static Instant t(int seconds) {
    return Instant.parse("2026-08-24T10:00:00Z").plusSeconds(seconds);
  }

  @Test
  void aTextRemoteKeyFieldPairsByTheExactKeyNotByAMention() {
    // SUP-1 mentions ESC-5 in its text field and comes first in any search: Jira refuses '=' on
    // text, so the search is a phrase search and only the exact value pairs.
    sim.setIssueFields(
        "jcb", "SUP-1", java.util.Map.of("customfield_10050", "ESC-1, split into ESC-5"));
    long seq = sim.lastRequestSeq();
    events.send(
        Events.created("jca", 5050, 5, ADA, "2026-08-24", "09:00:00", 600, "text field", t(0)));
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5050").size() == 1);
    assertThat(replicas("jcb", "jca:5050").get(0).path("issue").path("id").asLong())
        .isEqualTo(10005);
    List<JsonNode> searches =
        sim.requests("jcb", seq).stream()
            .filter(r -> r.path("path").asText().endsWith("/search/jql"))
            .toList();
    assertThat(searches).isNotEmpty().allMatch(r -> r.path("status").asInt() == 200);
  }

  @Test
  void listValuesAreMappedByTheTextPeopleSeeAndOneWithoutCounterpartIsLeftOutAndRecorded() {
    ReplicaEvent analysis =
        withPhase(
            Events.created("jca", 5060, 6, ADA, "2026-08-24", "09:00:00", 600, "phase", t(0)),
            "101",
            "Analysis");
    ReplicaEvent fix =
        withPhase(
            Events.created("jca", 5061, 6, ADA, "2026-08-24", "10:00:00", 600, "phase", t(0)),
            "102",
            "Fix");
    events.send(analysis, fix);
    await()
        .atMost(WAIT)
        .until(
            () ->
                replicas("jcb", "jca:5060").size() == 1 && replicas("jcb", "jca:5061").size() == 1);
    assertThat(phase(replicas("jcb", "jca:5060").get(0))).isEqualTo("7");
    assertThat(phase(replicas("jcb", "jca:5061").get(0))).isNull();
    String history =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    dev.worklogbridge.store.LineageHistory.of(TwoSites.CONNECTION, "jca:5061")
                        .stream()
                        .map(h -> h.action + " " + h.detail)
                        .toList()
                        .toString());
    assertThat(history).contains("ATTRIBUTES").contains("_Phase_: 'Fix' has no counterpart on jcb");
  }

  private static ReplicaEvent withPhase(ReplicaEvent e, String value, String shown) {
    dev.worklogbridge.model.WorklogState w = e.worklog();
    dev.worklogbridge.model.WorklogState state =
        new dev.worklogbridge.model.WorklogState(
            w.startDate(),
            w.startTime(),
            w.timeSpentSeconds(),
            w.billableSeconds(),
            w.description(),
            w.remainingEstimateSeconds(),
            List.of(new Attribute("_Phase_", value, shown)),
            w.createdAt(),
            w.updatedAt());
    return Events.withState(e, state);
  }

  private static String phase(JsonNode worklog) {
    for (JsonNode a : worklog.path("attributes").path("values")) {
      if ("_Phase_".equals(a.path("key").asText())) {
        return a.path("value").asText();
      }
    }
    return null;
  }

  @Test
  void createUpdateAndDeleteAreApplied() {
    ReplicaEvent created =
        Events.created("jca", 5001, 1, ADA, "2026-08-24", "13:00:00", 3600, "investigating", t(0));
    events.send(created);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5001").size() == 1);
    JsonNode replica = replicas("jcb", "jca:5001").get(0);
    assertThat(replica.path("issue").path("id").asLong()).isEqualTo(10001);
    assertThat(replica.path("author").path("accountId").asText()).isEqualTo(TwoSites.ADA);
    assertThat(replica.path("startDate").asText()).isEqualTo("2026-08-24");
    assertThat(replica.path("startTime").asText()).isEqualTo("13:00:00");
    assertThat(replica.path("description").asText()).isEqualTo("investigating");

    events.send(Events.updated(created, 5400, "found the cause", t(60)));
    await()
        .atMost(WAIT)
        .until(() -> replicas("jcb", "jca:5001").get(0).path("timeSpentSeconds").asLong() == 5400);
    assertThat(replicas("jcb", "jca:5001").get(0).path("description").asText())
        .isEqualTo("found the cause");

    events.send(Events.deleted(created, t(120)));
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5001").isEmpty());
  }

  @Test
  void theSameEventDeliveredTwiceWritesOnce() {
    ReplicaEvent created =
        Events.created("jca", 5002, 2, ADA, "2026-08-24", "09:00:00", 1800, "once", t(0));
    long seq = sim.lastRequestSeq();
    events.send(created, created);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5002").size() == 1);
    ReplicaEvent marker =
        Events.created("jca", 5003, 2, ADA, "2026-08-24", "10:00:00", 60, "marker", t(1));
    events.send(marker);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5003").size() == 1);
    assertThat(replicas("jcb", "jca:5002")).hasSize(1);
    assertThat(requests("jcb", seq, "POST", "/4/worklogs")).isEqualTo(2);
  }

  @Test
  void aCrashAfterThePostAndBeforeTheCommitLeavesExactlyOneWorklog() {
    ReplicaEvent created =
        Events.created("jca", 5004, 3, ADA, "2026-08-24", "09:00:00", 1800, "crashed", t(0));
    // The state a crash leaves: the row committed PENDING, the worklog posted, LIVE never
    // committed.
    TempoWorklogRequest request =
        new TempoWorklogRequest(
            TwoSites.ADA,
            10003,
            LocalDate.parse("2026-08-24"),
            LocalTime.of(9, 0),
            1800,
            1800L,
            "crashed",
            null,
            List.of(new Attribute(LineageMarker.ATTRIBUTE_KEY, "jca:5004")));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.create(TwoSites.CONNECTION, "jcb", "jca:5004", LinkRole.REPLICA);
              row.state = LinkState.PENDING;
              row.localIssueId = 10003L;
              row.pendingHash = request.content().hash();
              row.pendingCoreHash = request.content().coreHash();
              row.persist();
            });
    sites.site("jcb").requireTempo().create(request);
    long seq = sim.lastRequestSeq();
    events.send(created);
    await()
        .atMost(WAIT)
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () ->
                            LineageLink.findByLineage(TwoSites.CONNECTION, "jcb", "jca:5004")
                                    .orElseThrow()
                                    .state
                                == LinkState.LIVE));
    assertThat(replicas("jcb", "jca:5004")).hasSize(1);
    assertThat(requests("jcb", seq, "POST", "/4/worklogs")).isZero();
  }

  @Test
  void eventsOutOfOrderEndInTheNewestState() {
    ReplicaEvent created =
        Events.created("jca", 5005, 4, ADA, "2026-08-24", "09:00:00", 600, "v1", t(0));
    ReplicaEvent v3 = Events.updated(created, 1800, "v3", t(120));
    ReplicaEvent v2 = Events.updated(created, 1200, "v2", t(60));
    events.send(v3, created, v2);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5005").size() == 1);
    ReplicaEvent probe =
        Events.created("jca", 5006, 4, ADA, "2026-08-24", "11:00:00", 60, "probe", t(130));
    events.send(probe);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5006").size() == 1);
    assertThat(replicas("jcb", "jca:5005").get(0).path("description").asText()).isEqualTo("v3");
  }

  @Test
  void aDeleteFollowedByAReplayedCreateStaysDeleted() {
    ReplicaEvent created =
        Events.created("jca", 5007, 5, ADA, "2026-08-24", "09:00:00", 600, "short-lived", t(0));
    events.send(created);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5007").size() == 1);
    events.send(Events.deleted(created, t(60)));
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5007").isEmpty());
    events.send(created);
    ReplicaEvent probe =
        Events.created("jca", 5008, 5, ADA, "2026-08-24", "11:00:00", 60, "probe", t(70));
    events.send(probe);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5008").size() == 1);
    assertThat(replicas("jcb", "jca:5007")).isEmpty();
  }

  @Test
  void aDeleteThatOvertakesItsCreateTombstonesTheLineageAndTheLateCreateWritesNothing() {
    ReplicaEvent created =
        Events.created("jca", 5009, 5, ADA, "2026-08-24", "09:00:00", 600, "overtaken", t(0));
    events.send(Events.deleted(created, t(60)));
    await()
        .atMost(WAIT)
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () ->
                            dev.worklogbridge.store.LineageLink.findByLineage(
                                    TwoSites.CONNECTION, "jcb", "jca:5009")
                                .map(r -> r.state == dev.worklogbridge.store.LinkState.DELETED)
                                .orElse(false)));
    events.send(created);
    ReplicaEvent probe =
        Events.created("jca", 5010, 5, ADA, "2026-08-24", "11:00:00", 60, "probe", t(70));
    events.send(probe);
    await().atMost(WAIT).until(() -> replicas("jcb", "jca:5010").size() == 1);
    assertThat(replicas("jcb", "jca:5009")).isEmpty();
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        dev.worklogbridge.store.ParkedEvent.hasParked(
                            TwoSites.CONNECTION, "jcb", "jca:5009")))
        .isFalse();
  }

  @Test
  void eachAuthorStrategyIsUsedAndRecorded() {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                AuthorMapping.of(TwoSites.CONNECTION, "jcb", TwoSites.ZED, TwoSites.LINUS)
                    .persist());
    events.send(
        Events.created("jca", 5011, 6, ADA, "2026-08-24", "09:00:00", 600, "same account", t(0)),
        Events.created("jca", 5012, 6, BOB, "2026-08-24", "10:00:00", 600, "by email", t(0)),
        Events.created("jca", 5013, 6, GRACE, "2026-08-24", "11:00:00", 600, "hidden email", t(0)),
        Events.created("jca", 5014, 6, ZED, "2026-08-24", "12:00:00", 600, "mapped", t(0)));
    await()
        .atMost(WAIT)
        .until(
            () ->
                replicas("jcb", "jca:5014").size() == 1
                    && replicas("jcb", "jca:5013").size() == 1
                    && replicas("jcb", "jca:5012").size() == 1
                    && replicas("jcb", "jca:5011").size() == 1);
    assertThat(author("jca:5011")).isEqualTo(TwoSites.ADA);
    assertThat(author("jca:5012")).isEqualTo(TwoSites.BOB_B);
    assertThat(author("jca:5013")).isEqualTo(TwoSites.FALLBACK_B);
    assertThat(replicas("jcb", "jca:5013").get(0).path("description").asText())
        .isEqualTo("[Grace Hopper on jca] hidden email");
    assertThat(author("jca:5014")).isEqualTo(TwoSites.LINUS);
    List<String> strategies =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    dev
                        .worklogbridge
                        .store
                        .AuthorDecision
                        .<dev.worklogbridge.store.AuthorDecision>listAll()
                        .stream()
                        .map(d -> d.sourceAccountId + "=" + d.strategy)
                        .toList());
    assertThat(strategies)
        .containsExactlyInAnyOrder(
            TwoSites.ADA + "=SAME_ACCOUNT",
            TwoSites.BOB_A + "=EMAIL",
            TwoSites.GRACE + "=FALLBACK",
            TwoSites.ZED + "=MAPPING");
  }

  private String author(String lineage) {
    return replicas("jcb", lineage).get(0).path("author").path("accountId").asText();
  }

  @Test
  void startTimesAtMidnightOneAndHalfPastElevenKeepTheirDayAndHour() {
    events.send(
        Events.created("jca", 5021, 7, GRACE, "2026-03-29", "00:00:00", 600, "midnight", t(0)),
        Events.created("jca", 5022, 7, ADA, "2026-03-29", "13:00:00", 600, "one", t(0)),
        Events.created("jca", 5023, 8, ADA, "2026-10-25", "23:30:00", 600, "late", t(0)));
    await()
        .atMost(WAIT)
        .until(
            () ->
                replicas("jcb", "jca:5023").size() == 1
                    && replicas("jcb", "jca:5022").size() == 1
                    && replicas("jcb", "jca:5021").size() == 1);
    assertThat(replicas("jcb", "jca:5021").get(0).path("startDate").asText())
        .isEqualTo("2026-03-29");
    assertThat(replicas("jcb", "jca:5021").get(0).path("startTime").asText()).isEqualTo("00:00:00");
    assertThat(replicas("jcb", "jca:5022").get(0).path("startTime").asText()).isEqualTo("13:00:00");
    assertThat(replicas("jcb", "jca:5023").get(0).path("startDate").asText())
        .isEqualTo("2026-10-25");
    assertThat(replicas("jcb", "jca:5023").get(0).path("startTime").asText()).isEqualTo("23:30:00");
  }

  @Test
  void anEditOfAReplicaFlowsBackToTheOriginalWhichKeepsItsOwnAuthor() {
    JsonNode origin =
        sim.logWork(
            "jca",
            SimulatorClient.object()
                .put("as", TwoSites.GRACE)
                .put("issueKey", "ESC-9")
                .put("startDate", "2026-08-24")
                .put("startTime", "15:00:00")
                .put("timeSpentSeconds", 3600)
                .put("description", "original"));
    long originId = origin.get("tempoWorklogId").asLong();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.create(
                      TwoSites.CONNECTION, "jca", "jca:" + originId, LinkRole.ORIGIN);
              row.state = LinkState.LIVE;
              row.localWorklogId = originId;
              row.localIssueId = 10009L;
              row.lastVersion = Instant.parse(origin.get("updatedAt").asText());
              row.persist();
            });
    // The vendor edited the replica (carried by the fallback account, description templated).
    dev.worklogbridge.model.AuthorRef fallback =
        new dev.worklogbridge.model.AuthorRef(
            TwoSites.FALLBACK_B, "Customer time (unmapped)", null);
    ReplicaEvent edit =
        Events.event(
            dev.worklogbridge.model.EventType.UPDATED,
            new dev.worklogbridge.model.Lineage("jca", originId),
            "jcb",
            1001,
            9,
            fallback,
            "2026-08-24",
            "15:00:00",
            7200,
            "[Grace Hopper on jca] original, and the vendor's part",
            Instant.now().plusSeconds(5),
            List.of());
    events.send(edit);
    await()
        .atMost(WAIT)
        .until(
            () ->
                sim.worklogs("jca").stream()
                    .anyMatch(
                        w ->
                            w.path("tempoWorklogId").asLong() == originId
                                && w.path("timeSpentSeconds").asLong() == 7200));
    JsonNode updated =
        sim.worklogs("jca").stream()
            .filter(w -> w.path("tempoWorklogId").asLong() == originId)
            .findFirst()
            .orElseThrow();
    assertThat(updated.path("author").path("accountId").asText()).isEqualTo(TwoSites.GRACE);
    assertThat(updated.path("description").asText()).isEqualTo("original, and the vendor's part");
    assertThat(marker(updated)).isNull();
  }

  static final class SimulatorClient {
    static com.fasterxml.jackson.databind.node.ObjectNode object() {
      return dev.worklogbridge.testkit.SimulatorClient.object();
    }
  }
}
