package dev.worklogbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.testkit.SimulatorClient;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * Watches both sites (through the simulator's control API, as an observer, not through the bridge)
 * and prints every worklog that appears, changes or disappears, with how long a replica took to
 * follow the person's action.
 */
final class LiveLog {

  static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final SimulatorClient sim;
  private final Names names;
  private final Map<String, Map<Long, JsonNode>> seen = new HashMap<>();

  /** When a person acted, by origin (site:id) or by a description, to time the replica. */
  final Map<String, Long> actedAt = new ConcurrentHashMap<>();

  LiveLog(SimulatorClient sim, Names names) {
    this.sim = sim;
    this.names = names;
  }

  static void say(String text) {
    System.out.println(LocalTime.now().format(CLOCK) + "  " + text);
    System.out.flush();
  }

  void tick() {
    for (String site : List.of("jca", "jcb")) {
      Map<Long, JsonNode> before = seen.computeIfAbsent(site, s -> new HashMap<>());
      Map<Long, JsonNode> now = new HashMap<>();
      for (JsonNode w : sim.worklogs(site)) {
        now.put(w.get("tempoWorklogId").asLong(), w);
      }
      now.forEach(
          (id, w) -> {
            JsonNode old = before.get(id);
            if (old == null) {
              print(site, "+", w);
            } else if (!old.get("updatedAt").asText().equals(w.get("updatedAt").asText())) {
              print(site, "~", w);
            }
          });
      before.forEach(
          (id, w) -> {
            if (!now.containsKey(id)) {
              print(site, "-", w);
            }
          });
      seen.put(site, now);
    }
  }

  private void print(String site, String what, JsonNode w) {
    String marker = marker(w);
    String origin = marker == null ? "logged here" : "replica of " + marker;
    String timing = "";
    Long acted = marker != null ? actedAt.remove(marker + what) : null;
    if (acted != null) {
      timing = String.format(" (followed in %.1f s)", (System.nanoTime() - acted) / 1e9);
    }
    long seconds = w.get("timeSpentSeconds").asLong();
    say(
        String.format(
            "   %s %s %-6s %2dh%02dm  %s %s  %-26s %-46s %s%s",
            site,
            what,
            names.issue(site, w.path("issue").path("id").asLong()),
            seconds / 3600,
            seconds % 3600 / 60,
            w.get("startDate").asText(),
            w.get("startTime").asText().substring(0, 5),
            names.person(w.path("author").path("accountId").asText()),
            "\"" + w.path("description").asText() + "\"",
            origin,
            timing));
  }

  static String marker(JsonNode w) {
    return StreamSupport.stream(w.path("attributes").path("values").spliterator(), false)
        .filter(a -> LineageMarker.ATTRIBUTE_KEY.equals(a.path("key").asText()))
        .map(a -> a.path("value").asText())
        .findFirst()
        .orElse(null);
  }
}
