package dev.worklogbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** People at work on both sites: a short story first, then everyday activity. */
final class People {

  private final SimulatorClient sim;
  private final LiveLog log;
  private final Names names;
  private final Random random = new Random(7);
  private final List<Mine> mine = new ArrayList<>();

  /** A worklog a person of the demo logged. */
  private record Mine(String site, long id, String who) {}

  private final String today = LocalDate.now().toString();

  People(SimulatorClient sim, LiveLog log, Names names) {
    this.sim = sim;
    this.log = log;
    this.names = names;
  }

  long logWork(String site, String who, String issue, String time, int minutes, String text) {
    LiveLog.say(
        String.format(
            "%s logs %dh%02dm on %s at %s (%s, \"%s\")",
            names.person(who), minutes / 60, minutes % 60, issue, site, time, text));
    ObjectNode body =
        SimulatorClient.object()
            .put("as", who)
            .put("issueKey", issue)
            .put("startDate", today)
            .put("startTime", time + ":00")
            .put("timeSpentSeconds", minutes * 60L)
            .put("description", text);
    long id = sim.logWork(site, body).get("tempoWorklogId").asLong();
    log.actedAt.put(site + ":" + id + "+", System.nanoTime());
    mine.add(new Mine(site, id, who));
    return id;
  }

  void edit(String site, long id, String who, int minutes, String text) {
    LiveLog.say(
        String.format(
            "%s edits %s:%d to %dh%02dm, \"%s\"",
            names.person(who), site, id, minutes / 60, minutes % 60, text));
    sim.editWork(
        site,
        id,
        SimulatorClient.object()
            .put("as", who)
            .put("timeSpentSeconds", minutes * 60L)
            .put("description", text));
  }

  void delete(String site, long id, String who) {
    LiveLog.say(String.format("%s deletes %s:%d", names.person(who), site, id));
    sim.deleteWork(site, id);
    mine.removeIf(m -> m.id() == id && m.site().equals(site));
  }

  /** The replica of {@code lineage} on {@code site}, once it exists. */
  JsonNode replicaOf(String site, String lineage) {
    return sim.worklogs(site).stream()
        .filter(w -> lineage.equals(LiveLog.marker(w)))
        .findFirst()
        .orElse(null);
  }

  /** One random everyday action. */
  void somethingHappens() {
    int roll = random.nextInt(10);
    if (roll < 6 || mine.isEmpty()) {
      boolean customer = random.nextBoolean();
      String site = customer ? TwoSites.A : TwoSites.B;
      String who =
          customer ? (random.nextBoolean() ? TwoSites.ADA : TwoSites.GRACE) : TwoSites.LINUS;
      int issue = 1 + random.nextInt(5);
      logWork(
          site,
          who,
          (customer ? "ESC-" : "SUP-") + issue,
          String.format("%02d:%02d", 8 + random.nextInt(12), random.nextInt(4) * 15),
          15 * (1 + random.nextInt(12)),
          customer ? "customer-side analysis" : "vendor fix");
    } else if (roll < 9) {
      Mine w = mine.get(random.nextInt(mine.size()));
      edit(w.site(), w.id(), w.who(), 15 * (1 + random.nextInt(12)), "corrected");
    } else {
      Mine w = mine.get(random.nextInt(mine.size()));
      delete(w.site(), w.id(), w.who());
    }
  }
}
