package dev.worklogbridge.system;

import static dev.worklogbridge.testkit.TwoSites.A;
import static dev.worklogbridge.testkit.TwoSites.ADA;
import static dev.worklogbridge.testkit.TwoSites.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's console in a real browser (headless Chromium) against the running services, the
 * simulator, Kafka and PostgreSQL: what an operator does on the page, end to end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSystemTest extends SystemTestBase {

  private static ConsoleBrowser browser;
  private static JsonNode synced;

  @BeforeAll
  static void start() throws Exception {
    startStack(
        "console",
        Map.of(
            "bridge.outbound.poll-interval", "3s",
            "bridge.outbound.deletion-poll-interval", "3s",
            "bridge.outbound.initial-lookback", "10m",
            "bridge.inbound.parked-check-interval", "2s"));
    browser = ConsoleBrowser.start(stack.dir().resolve("browser"));
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  private static String console() {
    return stack.inbound().url() + "/console/";
  }

  @Test
  @Order(1)
  void anOperatorLogsInAndSeesAWorklogSyncOnTheOverview() throws Exception {
    browser.open(console());
    // No page without a session: the console sends the browser to its login form.
    browser.find("#key");
    assertThat(browser.url()).contains("/console/login.html");
    browser.type("#name", "Dana");
    browser.type("#key", "not the key");
    browser.click("#login");
    browser.find("#refused");
    browser.type("#name", "Dana");
    browser.type("#key", TwoSites.ADMIN_KEY);
    browser.click("#login");
    browser.awaitText("#operator", "logged in as Dana");
    browser.awaitText("#consumers tbody tr[data-consumer='acme/jcb']", "RUNNING");
    // The watcher is on the same page, through the inbound.
    browser.awaitText("#watchers tbody tr[data-watcher='outbound/jca']", "RUNNING");

    synced = log(A, ADA, "ESC-2", "2026-09-07", "09:00:00", 1800, "seen on the console");
    replica(B, lineage(A, synced));
    // The overview updates by itself: the write shows in the jcb row and in the delay chart.
    browser.until(
        d ->
            !browser
                .find("#consumers tbody tr[data-consumer='acme/jcb'] td:last-child")
                .getText()
                .equals("—"));
    browser.awaitText("#delay-text", "over ");
    Path shot = browser.screenshot("overview");
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  @Test
  @Order(2)
  void theWorklogIsFoundByEitherSitesIdWithBothSitesAndItsHistory() {
    browser.click("#nav-find");
    browser.select("#find-kind", "worklog");
    browser.type("#find-query", lineage(A, synced));
    browser.click("#find-go");
    browser.awaitText("#lineage h2", "Lineage " + lineage(A, synced));
    browser.awaitText("#lineage-sites tr[data-site='jca']", "ORIGIN");
    String replicaId =
        Long.toString(replica(B, lineage(A, synced)).path("tempoWorklogId").asLong());
    browser.awaitText("#lineage-sites tr[data-site='jcb']", replicaId);
    browser.awaitText("#lineage-history li", "on jcb");

    // The vendor's support desk has only its own id: it finds the same lineage.
    browser.type("#find-query", B + ":" + replicaId);
    browser.click("#find-go");
    browser.awaitText("#lineage h2", "Lineage " + lineage(A, synced));
  }

  @Test
  @Order(3)
  void aParkedWorklogIsFixedByPairingItsIssueAndRetriedFromThePage() {
    sim.addIssue(A, SimulatorClient.object().put("key", "ESC-900").put("id", 10900));
    JsonNode stuck = log(A, ADA, "ESC-900", "2026-09-07", "10:00:00", 600, "unpaired at first");
    String lineage = lineage(A, stuck);
    browser.click("#nav-stuck");
    // The list is read when the section opens; come back to it until the event is parked.
    browser.until(
        d -> {
          browser.click("#nav-overview");
          browser.click("#nav-stuck");
          return d.findElements(
                      org.openqa.selenium.By.cssSelector(
                          "table[data-parked='acme/jcb'] tr[data-lineage='" + lineage + "']"))
                  .isEmpty()
              ? null
              : true;
        });
    browser.awaitText("table[data-parked='acme/jcb'] tr[data-lineage='" + lineage + "']", "pair");
    assertThat(replicas(B, lineage)).isEmpty();

    browser.select("#pair-target", "acme/jcb");
    browser.type("#pair-source-key", "ESC-900");
    browser.type("#pair-target-key", "SUP-3");
    browser.click("#pair-go");
    browser.awaitText("#pair-result", "ESC-900 is paired with jcb SUP-3");
    browser.click("button[data-retry='" + lineage + "']");
    browser.awaitText("#stuck-status", "due now on acme/jcb");
    assertThat(replica(B, lineage).path("issue").path("id").asLong()).isEqualTo(10003);
  }

  @Test
  @Order(4)
  void aRecordThatIsNoReplicaEventShowsAsADeadLetterWithItsReasonAndOrigin() throws Exception {
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
            Map.of(
                "bootstrap.servers", stack.kafka().bootstrapServers(),
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"))) {
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  "worklog-replica.acme", "console-poison", "{not json"))
          .get();
    }
    browser.until(
        d -> {
          browser.click("#nav-overview");
          browser.click("#nav-stuck");
          return d.findElements(
                      org.openqa.selenium.By.cssSelector(
                          "table[data-dead-letters='acme'] tr[data-key='console-poison']"))
                  .isEmpty()
              ? null
              : true;
        });
    browser.awaitText(
        "table[data-dead-letters='acme'] tr[data-key='console-poison']", "worklog-replica.acme");
    browser.awaitText("table[data-dead-letters='acme'] tr[data-key='console-poison']", "JSON");
  }

  @Test
  @Order(5)
  void aDryRunShowsTheRequestAndAReplayRunsToCompletionWritingNothing() {
    long replicasBefore = sim.worklogs(B).size();
    browser.click("#nav-operations");
    browser.select("#dry-target", "acme/jcb");
    browser.type("#dry-ids", Long.toString(synced.path("tempoWorklogId").asLong()));
    browser.click("#dry-go");
    browser.awaitText("#dry-result", "\"lineage\": \"" + lineage(A, synced) + "\"");

    browser.select("#replay-target", "acme/jcb");
    browser.type("#replay-from", "start");
    browser.click("#replay-go");
    browser.awaitText("#replay-text", "replay done");
    await().pollDelay(java.time.Duration.ofSeconds(2)).until(() -> true);
    assertThat(sim.worklogs(B)).hasSize((int) replicasBefore);
  }

  @Test
  @Order(6)
  void aBackfillStartedFromThePageRunsToTheEndAndDuplicatesNothing() {
    long replicasBefore = sim.worklogs(B).size();
    browser.click("#nav-operations");
    browser.select("#backfill-outbound", "outbound/jca");
    browser.type("#backfill-from", "2026-09-07");
    browser.type("#backfill-to", "2026-09-07");
    browser.click("#backfill-go");
    browser.find("#backfill-progress[data-done='true']");
    // Both worklogs of that day (the synced one and the once-stuck one) were seen again.
    browser.awaitText("#backfill-text", "DONE: 2 worklogs seen");
    await().pollDelay(java.time.Duration.ofSeconds(2)).until(() -> true);
    assertThat(sim.worklogs(B)).hasSize((int) replicasBefore);
  }
}
