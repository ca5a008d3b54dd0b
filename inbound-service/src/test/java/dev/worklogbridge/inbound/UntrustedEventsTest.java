package dev.worklogbridge.inbound;

import static dev.worklogbridge.inbound.Events.ADA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.store.IssuePairing;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inbound side writes only where its own link rows and the connection's scope say it may: a
 * lineage id or a pairing that someone typed never reaches a worklog or an issue the bridge does
 * not own.
 */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class UntrustedEventsTest extends InboundTestBase {

  static final Duration WAIT = Duration.ofSeconds(60);

  private JsonNode worklogOn(String site, long id) {
    return sim.worklogs(site).stream()
        .filter(w -> w.path("tempoWorklogId").asLong() == id)
        .findFirst()
        .orElse(null);
  }

  private static List<String> history(String lineage) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                LineageHistory.of(TwoSites.CONNECTION, lineage).stream()
                    .map(h -> h.site + " " + h.action + " " + h.detail)
                    .toList());
  }

  @Test
  void anEventNamingAWorklogNoLinkRowVouchesForNeitherOverwritesNorDeletesIt() {
    // jca's own worklog, never synced: no link row anywhere.
    long own =
        sim.logWork(
                "jca",
                SimulatorClient.object()
                    .put("as", TwoSites.GRACE)
                    .put("issueKey", "ESC-4")
                    .put("startDate", "2026-08-24")
                    .put("startTime", "09:00:00")
                    .put("timeSpentSeconds", 1800)
                    .put("description", "the customer's own"))
            .get("tempoWorklogId")
            .asLong();
    JsonNode before = worklogOn("jca", own);
    // An update of lineage jca:<own> from a jcb worklog the bridge never linked to it.
    ReplicaEvent forged =
        Events.event(
            EventType.UPDATED,
            new Lineage("jca", own),
            "jcb",
            4242,
            4,
            ADA,
            "2026-08-24",
            "09:00:00",
            36000,
            "overwritten",
            Instant.now(),
            List.of());
    events.send(forged);
    await()
        .atMost(WAIT)
        .until(() -> history("jca:" + own).stream().anyMatch(h -> h.contains("no link row says")));
    events.send(Events.deleted(forged, Instant.now().plusSeconds(1)));
    await()
        .atMost(WAIT)
        .until(
            () ->
                history("jca:" + own).stream().filter(h -> h.contains("no link row says")).count()
                    == 2);
    JsonNode after = worklogOn("jca", own);
    assertThat(after).isNotNull();
    assertThat(after.path("timeSpentSeconds").asLong()).isEqualTo(1800);
    assertThat(after.path("author").path("accountId").asText()).isEqualTo(TwoSites.GRACE);
    assertThat(after.path("updatedAt").asText()).isEqualTo(before.path("updatedAt").asText());
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                assertThat(LineageLink.findByLineage(TwoSites.CONNECTION, "jca", "jca:" + own))
                    .isEmpty());
  }

  @Test
  void aReplicaLinkedOnTheSourceMayStillSpeakForItsOrigin() {
    long origin =
        sim.logWork(
                "jca",
                SimulatorClient.object()
                    .put("as", TwoSites.GRACE)
                    .put("issueKey", "ESC-5")
                    .put("startDate", "2026-08-24")
                    .put("timeSpentSeconds", 1800)
                    .put("description", "origin"))
            .get("tempoWorklogId")
            .asLong();
    // jcb's replica 5151 is linked to the lineage (jca's own row was lost, e.g. a restore).
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.create(TwoSites.CONNECTION, "jcb", "jca:" + origin, LinkRole.REPLICA);
              row.state = LinkState.LIVE;
              row.localWorklogId = 5151L;
              row.localIssueId = 10005L;
              row.persist();
            });
    events.send(
        Events.event(
            EventType.UPDATED,
            new Lineage("jca", origin),
            "jcb",
            5151,
            5,
            ADA,
            "2026-08-24",
            "09:00:00",
            3600,
            "origin, corrected",
            Instant.now().plusSeconds(5),
            List.of()));
    await()
        .atMost(WAIT)
        .until(() -> worklogOn("jca", origin).path("timeSpentSeconds").asLong() == 3600);
  }

  @Test
  void aPairingToAnIssueOutsideTheTargetsScopeParksWithThatReason() {
    QuarkusTransaction.requiringNew()
        .run(() -> IssuePairing.of(TwoSites.CONNECTION, "jca", "ESC-7", "jcb", "OPS-1").persist());
    events.send(
        Events.created(
            "jca", 7700, 7, ADA, "2026-08-24", "10:00:00", 600, "to the wrong project", t()));
    await()
        .atMost(WAIT)
        .until(
            () ->
                given()
                    .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
                    .get("/api/v1/connections/acme/sites/jcb/parked")
                    .then()
                    .extract()
                    .asString()
                    .contains("OPS-1 is outside the scope of connection acme on jcb"));
    assertThat(sim.worklogs("jcb")).noneMatch(w -> "jca:7700".equals(marker(w)));
  }

  private static Instant t() {
    return Instant.parse("2026-08-24T10:00:00Z");
  }
}
