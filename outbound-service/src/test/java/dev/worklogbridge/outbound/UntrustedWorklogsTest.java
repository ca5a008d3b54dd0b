package dev.worklogbridge.outbound;

import static dev.worklogbridge.testkit.TwoSites.ADA;
import static dev.worklogbridge.testkit.TwoSites.ADMIN_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.outbound.detect.Poller;
import dev.worklogbridge.runtime.site.Sites;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What people on a site can type is not believed: a lineage marker names a lineage only when the
 * bridge's own link rows agree, and no worklog, however malformed, stops its site.
 */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class UntrustedWorklogsTest extends OutboundTestBase {

  @Inject Poller poller;
  @Inject dev.worklogbridge.outbound.detect.DeletionPoller deletions;
  @Inject Sites sites;

  @BeforeEach
  void markerAttribute() {
    sites
        .site("jca")
        .requireTempo()
        .createWorkAttribute(
            LineageMarker.ATTRIBUTE_KEY, LineageMarker.ATTRIBUTE_NAME, "INPUT_FIELD");
  }

  private long log(String site, String issueKey, String description, String marker) {
    ObjectNode w =
        SimulatorClient.object()
            .put("as", ADA)
            .put("issueKey", issueKey)
            .put("startDate", "2026-08-24")
            .put("startTime", "10:00:00")
            .put("timeSpentSeconds", 1800)
            .put("description", description);
    if (marker != null) {
      w.set("attributes", SimulatorClient.object().put(LineageMarker.ATTRIBUTE_KEY, marker));
    }
    return sim.logWork(site, w).get("tempoWorklogId").asLong();
  }

  /** A replica of jcb's worklog {@code vendorId} on jca, as the inbound side links it. */
  private void replicaRow(String lineage, long localWorklogId) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.create(TwoSites.CONNECTION, "jca", lineage, LinkRole.REPLICA);
              row.state = LinkState.LIVE;
              row.localWorklogId = localWorklogId;
              row.localIssueId = 10001L;
              row.lastHash = "0".repeat(64);
              row.lastVersion = Instant.parse("2026-08-24T00:00:00Z");
              row.persist();
            });
  }

  private static List<String> history(String lineage) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                LineageHistory.of(TwoSites.CONNECTION, lineage).stream()
                    .map(h -> h.action + " " + h.detail)
                    .toList());
  }

  @Test
  void aTypedMarkerNamesNoLineageTheWorklogIsSyncedAsItsOwnAndTheHistorySaysWhy() {
    // jcb's worklog 7 has a replica on jca (worklog 900, linked); jcb's worklog 8 none.
    replicaRow("jcb:7", 900);
    long copied = log("jca", "ESC-1", "copied a replica's marker", "jcb:7");
    long forged = log("jca", "ESC-2", "typed another company's lineage", "jcb:8");
    poller.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(2, Duration.ofSeconds(30));
    assertThat(events)
        .extracting(e -> e.type().wireName() + " " + e.lineage().id())
        .containsExactlyInAnyOrder("created jca:" + copied, "created jca:" + forged);
    assertThat(history("jca:" + forged))
        .anyMatch(h -> h.startsWith("MARKER_IGNORED") && h.contains("'jcb:8'"));
    assertThat(history("jca:" + copied)).anyMatch(h -> h.startsWith("MARKER_IGNORED"));

    // Edits and deletions stay with the worklog's own lineage; jcb's lineages are not touched.
    sim.editWork("jca", forged, SimulatorClient.object().put("timeSpentSeconds", 7200));
    sim.deleteWork("jca", copied);
    poller.poll("jca");
    deletions.poll("jca");
    List<ReplicaEvent> all = topic.atLeast(4, Duration.ofSeconds(30));
    assertThat(all.subList(2, all.size()))
        .extracting(e -> e.type().wireName() + " " + e.lineage().id())
        .containsExactlyInAnyOrder("updated jca:" + forged, "deleted jca:" + copied);
    assertThat(all).noneMatch(e -> e.lineage().originSite().equals("jcb"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink replica =
                  LineageLink.findByLineage(TwoSites.CONNECTION, "jca", "jcb:7").orElseThrow();
              assertThat(replica.localWorklogId).isEqualTo(900L);
              assertThat(replica.state).isEqualTo(LinkState.LIVE);
              assertThat(LineageLink.findByLineage(TwoSites.CONNECTION, "jca", "jcb:8")).isEmpty();
            });
  }

  @Test
  void aHundredWorklogsSyncPastPoisonedOnesAndTheStatusNamesEachWithItsReason() {
    List<Long> normal = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      normal.add(log("jca", "ESC-" + (1 + i % 20), "normal " + i, null));
    }
    long notALineage = log("jca", "ESC-3", "marker is not a lineage", "see ticket 12");
    long overLong = log("jca", "ESC-4", "marker longer than a lineage", "jcb:" + "9".repeat(300));
    // A deletion of jca's next worklog overtook its create: the lineage is tombstoned first.
    long next = overLong + 1;
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.create(TwoSites.CONNECTION, "jca", "jca:" + next, LinkRole.ORIGIN);
              row.state = LinkState.DELETED;
              row.persist();
            });
    long tombstoned = log("jca", "ESC-5", "its lineage was deleted first", null);
    assertThat(tombstoned).isEqualTo(next);
    // An author whose account id breaks the event schema (over 128 characters): unpublishable.
    String longAccount = "557058:" + "x".repeat(140);
    sim.addUser(
        "jca", SimulatorClient.object().put("accountId", longAccount).put("displayName", "Odd"));
    long unpublishable =
        sim.logWork(
                "jca",
                SimulatorClient.object()
                    .put("as", longAccount)
                    .put("issueKey", "ESC-6")
                    .put("startDate", "2026-08-24")
                    .put("timeSpentSeconds", 600))
            .get("tempoWorklogId")
            .asLong();

    Instant before = Instant.now();
    poller.poll("jca");
    List<ReplicaEvent> events = topic.atLeast(102, Duration.ofSeconds(60));
    assertThat(events).hasSize(102).allMatch(e -> e.type() == EventType.CREATED);
    assertThat(events)
        .extracting(e -> e.source().tempoWorklogId())
        .containsAll(normal)
        .contains(notALineage, overLong)
        .doesNotContain(tombstoned, unpublishable);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                assertThat(
                        dev.worklogbridge.store.PollWatermark.read(
                            "jca", dev.worklogbridge.store.PollWatermark.WORKLOGS))
                    .hasValueSatisfying(w -> assertThat(w).isAfter(before.minusSeconds(60))));

    // A second poll changes nothing and records nothing twice.
    poller.poll("jca");
    assertThat(topic.events(Duration.ofMillis(500))).hasSize(102);

    JsonPath status =
        given()
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .get("/api/v1/status")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Object> attention = status.getMap("sites.jca.attention");
    assertThat(attention.get("total")).isEqualTo(4);
    List<Map<String, String>> recent = status.getList("sites.jca.attention.recent");
    assertThat(recent)
        .anySatisfy(
            r -> {
              assertThat(r.get("lineage")).isEqualTo("jca:" + unpublishable);
              assertThat(r.get("what")).isEqualTo("UNPROCESSABLE");
              assertThat(r.get("reason")).contains("accountId");
            })
        .anySatisfy(
            r -> {
              assertThat(r.get("lineage")).isEqualTo("jca:" + tombstoned);
              assertThat(r.get("what")).isEqualTo("DELETED_BEFORE_SEEN");
            })
        .anySatisfy(
            r -> {
              assertThat(r.get("lineage")).isEqualTo("jca:" + notALineage);
              assertThat(r.get("what")).isEqualTo("MARKER_IGNORED");
            })
        .anySatisfy(
            r -> {
              assertThat(r.get("lineage")).isEqualTo("jca:" + overLong);
              assertThat(r.get("what")).isEqualTo("MARKER_IGNORED");
            });
  }

  @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
  java.net.URL metricsOnManagement;

  @Test
  void thePublicPortCarriesOnlyTheApiAndTheWebhooksAndRefusesOversizedBodies() throws Exception {
    for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi")) {
      given().get(path).then().statusCode(404);
    }
    assertThat(metricsOnManagement.getPath()).isEqualTo("/q/metrics");
    given().get(metricsOnManagement).then().statusCode(200);
    assertThat(answerToAnnouncedBody(2 * 1024 * 1024)).startsWith("HTTP/1.1 413");
  }

  @io.quarkus.test.common.http.TestHTTPResource("/webhooks/tempo/jca")
  java.net.URL webhook;

  /**
   * The status line the webhook endpoint answers to a request that announces a body of {@code
   * bytes} and sends none of it: the size is refused from the header, before anything is read. (A
   * client that writes the whole body first may see the connection closed under it instead of the
   * answer: a broken pipe, depending on timing.)
   */
  private String answerToAnnouncedBody(int bytes) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket(webhook.getHost(), webhook.getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "POST "
              + webhook.getPath()
              + " HTTP/1.1\r\nHost: "
              + webhook.getHost()
              + "\r\nContent-Type: application/json\r\nTempo-Timestamp: "
              + Instant.now()
              + "\r\nTempo-Signature: 00ff\r\nContent-Length: "
              + bytes
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
          .readLine();
    }
  }
}
