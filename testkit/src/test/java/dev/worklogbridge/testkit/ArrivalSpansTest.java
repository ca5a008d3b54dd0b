package dev.worklogbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalSpansTest {

  private static JsonNode arrival(String token, Instant at) {
    return SimulatorClient.object().put("tokenLabel", token).put("receivedAt", at.toString());
  }

  @Test
  void spansOfEveryRunOfRatePlusOneArrivalsPerTokenTightestFirst() {
    Instant t = Instant.parse("2026-12-04T10:00:00Z");
    List<JsonNode> log = new ArrayList<>();
    // Token a: arrivals at 0, 200, ..., 1000 ms, then one at 1100 ms; logged out of order.
    for (int ms : new int[] {1100, 0, 200, 400, 600, 800, 1000}) {
      log.add(arrival("a", t.plusMillis(ms)));
    }
    // Token b: three arrivals only: no run of six, one run of three.
    log.add(arrival("b", t));
    log.add(arrival("b", t.plusMillis(50)));
    log.add(arrival("b", t.plusMillis(700)));

    var spans = ArrivalSpans.byToken(log, 5);

    // 0..1000 is 1000 ms, 200..1100 is 900 ms: the second run breaks five in a second.
    assertThat(spans.get("a")).containsExactly(Duration.ofMillis(900), Duration.ofMillis(1000));
    assertThat(spans.get("b")).isEmpty();
    assertThat(ArrivalSpans.byToken(log, 2).get("b")).containsExactly(Duration.ofMillis(700));
  }
}
