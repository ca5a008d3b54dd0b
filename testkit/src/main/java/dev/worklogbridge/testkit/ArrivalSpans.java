package dev.worklogbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How close together a token's requests reached the simulator (its request log's {@code
 * receivedAt}): for each token, the time each run of {@code rate + 1} consecutive requests took,
 * tightest first. A rate of {@code rate} requests in any one-second window holds exactly when the
 * tightest of these spans is at least a second.
 */
public final class ArrivalSpans {

  private ArrivalSpans() {}

  /** Per token label, the spans of every {@code rate + 1} consecutive arrivals, ascending. */
  public static Map<String, List<Duration>> byToken(List<JsonNode> requests, int rate) {
    Map<String, List<Instant>> arrivals = new TreeMap<>();
    for (JsonNode r : requests) {
      arrivals
          .computeIfAbsent(r.path("tokenLabel").asText(), k -> new ArrayList<>())
          .add(Instant.parse(r.path("receivedAt").asText()));
    }
    Map<String, List<Duration>> spans = new TreeMap<>();
    arrivals.forEach(
        (token, at) -> {
          List<Instant> sorted = at.stream().sorted().toList();
          List<Duration> out = new ArrayList<>();
          for (int i = 0; i + rate < sorted.size(); i++) {
            out.add(Duration.between(sorted.get(i), sorted.get(i + rate)));
          }
          out.sort(null);
          spans.put(token, out);
        });
    return spans;
  }
}
