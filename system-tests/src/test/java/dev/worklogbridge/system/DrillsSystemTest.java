package dev.worklogbridge.system;

import static dev.worklogbridge.testkit.TwoSites.A;
import static dev.worklogbridge.testkit.TwoSites.ADA;
import static dev.worklogbridge.testkit.TwoSites.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.testkit.SimulatorClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failure drills: crashes, a broker outage, a failing and throttled target. Nothing lost, nothing
 * twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillsSystemTest extends SystemTestBase {

  @BeforeAll
  static void start() {
    startStack(
        "drills",
        Map.of(
            "bridge.outbound.poll-interval",
            "3s",
            "bridge.outbound.deletion-poll-interval",
            "3s",
            "bridge.outbound.initial-lookback",
            "10m",
            "bridge.inbound.parked-check-interval",
            "2s",
            "bridge.inbound.park-initial-delay",
            "1s",
            "bridge.inbound.park-max-delay",
            "5s"));
  }

  private static Set<String> markersOn(String site, String prefix) {
    return sim.worklogs(site).stream()
        .filter(w -> w.get("description").asText().startsWith(prefix))
        .map(SystemTestBase::marker)
        .collect(Collectors.toSet());
  }

  private static long countOn(String site, String prefix) {
    return sim.worklogs(site).stream()
        .filter(w -> w.get("description").asText().startsWith(prefix))
        .count();
  }

  private static void progress(long t0, String what) {
    System.out.printf("[drill] %6.1f s  %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  private static void logMany(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      log(
          A,
          ADA,
          "ESC-" + (1 + i % 20),
          "2026-10-01",
          String.format("%02d:%02d:00", 6 + i % 14, i % 60),
          300 + i,
          prefix + i);
    }
  }

  @Test
  @Order(1)
  void theInboundProcessKilledThreeTimesDuringABacklogOfTwoThousandLeavesExactlyTwoThousand()
      throws Exception {
    sim.setLimits(
        B, SimulatorClient.object().put("tempoRequestsPerSecond", 5).put("retryAfterSeconds", 1));
    stack.inbound().kill();
    long t0 = System.nanoTime();
    logMany("backlog ", 2000);
    progress(t0, "2000 worklogs logged on jca");
    for (int crash = 0; crash < 3; crash++) {
      stack.inbound().restart();
      progress(t0, "inbound started");
      long target = 400L * (crash + 1);
      await().atMost(Duration.ofSeconds(120)).until(() -> countOn(B, "backlog ") >= target);
      stack.inbound().kill();
      progress(t0, "inbound killed with " + countOn(B, "backlog ") + " on jcb");
    }
    stack.inbound().restart();
    progress(t0, "inbound started for good");
    await().atMost(Duration.ofSeconds(240)).until(() -> countOn(B, "backlog ") >= 2000);
    progress(t0, "2000 on jcb");
    Thread.sleep(5000);
    assertThat(countOn(B, "backlog ")).isEqualTo(2000);
    assertThat(markersOn(B, "backlog ")).hasSize(2000);
    sim.setLimits(B, SimulatorClient.object().put("tempoRequestsPerSecond", 0));
  }

  @Test
  @Order(2)
  void theKafkaBrokerStoppedAndRestartedMidStreamEverythingConverges() throws Exception {
    logMany("outage ", 100);
    stack.kafka().stop();
    logMany("during outage ", 50);
    Thread.sleep(5000);
    stack.kafka().restart();
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> countOn(B, "outage ") == 100 && countOn(B, "during outage ") == 50);
    Thread.sleep(4000);
    assertThat(markersOn(B, "outage ")).hasSize(100);
    assertThat(markersOn(B, "during outage ")).hasSize(50);
  }

  @Test
  @Order(3)
  void aTargetAnsweringOneInFiveWithServerErrorsAtFivePerSecondConvergesWithoutDuplicates()
      throws Exception {
    sim.setLimits(
        B, SimulatorClient.object().put("tempoRequestsPerSecond", 5).put("retryAfterSeconds", 1));
    sim.addFault(
        B, SimulatorClient.object().put("api", "tempo").put("errorRate", 0.2).put("seed", 3));
    logMany("flaky ", 150);
    List<JsonNode> some =
        sim.worklogs(A).stream()
            .filter(w -> w.get("description").asText().startsWith("flaky "))
            .limit(20)
            .toList();
    for (JsonNode w : some) {
      sim.editWork(
          A,
          w.get("tempoWorklogId").asLong(),
          SimulatorClient.object().put("description", w.get("description").asText() + " (edited)"));
    }
    await()
        .atMost(Duration.ofSeconds(240))
        .until(
            () ->
                countOn(B, "flaky ") == 150
                    && sim.worklogs(B).stream()
                            .filter(w -> w.get("description").asText().endsWith("(edited)"))
                            .count()
                        == 20);
    sim.clearFaults(B);
    sim.setLimits(B, SimulatorClient.object().put("tempoRequestsPerSecond", 0));
    Thread.sleep(4000);
    assertThat(markersOn(B, "flaky ")).hasSize(150);
    assertThat(countOn(B, "flaky ")).isEqualTo(150);
  }

  @Test
  @Order(4)
  void twoThousandCreatesWithOneAnswerInFiveLostEndAsExactlyTwoThousand() throws Exception {
    // The gateway stores the write, then answers 504 or drops the connection: a blind re-send
    // would create a second worklog, marker and all.
    for (int lostStatus : new int[] {504, 0}) {
      sim.addFault(
          B,
          SimulatorClient.object()
              .put("api", "tempo")
              .put("method", "POST")
              .put("path", "/4/worklogs.*")
              .put("lostAnswerRate", 0.1)
              .put("lostAnswerStatus", lostStatus)
              .put("seed", 5 + lostStatus));
    }
    long t0 = System.nanoTime();
    logMany("lost answer ", 2000);
    progress(t0, "2000 worklogs logged on jca");
    await().atMost(Duration.ofSeconds(300)).until(() -> countOn(B, "lost answer ") >= 2000);
    progress(t0, "2000 on jcb");
    sim.clearFaults(B);
    Thread.sleep(5000);
    assertThat(countOn(B, "lost answer ")).isEqualTo(2000);
    assertThat(markersOn(B, "lost answer ")).hasSize(2000);
    long lost =
        sim.requests(B, 0).stream()
            .filter(
                r -> "POST".equals(r.path("method").asText()) && r.path("status").asInt() != 200)
            .count();
    progress(t0, lost + " create calls lost their answer");
    assertThat(lost).isPositive();
  }
}
