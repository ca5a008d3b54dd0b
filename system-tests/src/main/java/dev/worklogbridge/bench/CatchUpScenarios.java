package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scenarios of one stack with a backlog: the services' idle footprint, a backfill of 10,000
 * worklogs on 200 issues against Tempo's 5 requests/s, and a replay of them (zero writes).
 */
final class CatchUpScenarios {

  private final ObjectNode scenarios;

  CatchUpScenarios(ObjectNode scenarios) {
    this.scenarios = scenarios;
  }

  // ---- 5. footprint ----

  void footprintIdle(Stack stack) throws InterruptedException {
    Thread.sleep(10_000);
    ObjectNode f = scenarios.putObject("footprint");
    f.put("outboundStartSeconds", Bench.startedIn(stack.outbound()));
    f.put("inboundStartSeconds", Bench.startedIn(stack.inbound()));
    f.put("outboundIdleRssMb", Bench.rssMb(stack.outbound().process().pid()));
    f.put("inboundIdleRssMb", Bench.rssMb(stack.inbound().process().pid()));
    Bench.say("footprint idle: " + f);
  }

  // ---- 1. backfill ----

  void backfill(Stack stack, int count, int issues) throws Exception {
    SimulatorClient sim = stack.simulator();
    Bench.issues(sim, issues);
    sim.setLimits(
        "jcb",
        SimulatorClient.object().put("tempoRequestsPerSecond", 5).put("retryAfterSeconds", 1));
    stack.inbound().kill();
    long t0 = System.nanoTime();
    Bench.bulkCreate(sim, count, issues, "2026-10-01", "backfill");
    double created = (System.nanoTime() - t0) / 1e9;
    double published = Bench.allPublished(stack, count, Duration.ofMinutes(10), 200);
    // The source's Tempo sends a webhook for every create; the outbound digests them (signature,
    // sighting lookup: nothing new) after it has published. The inbound restarts once they are
    // digested, so that the figure is the inbound's catch-up, not the outbound's leftovers on the
    // same two cores (the old publisher took as long as the deliveries, the connector does not).
    double settled =
        Bench.await(
            Bench.metricReaches(
                stack.outbound().managementUrl(),
                "worklog_bridge_webhook_to_publish_seconds_count",
                "site=\"jca\"",
                count),
            Duration.ofMinutes(10),
            200);
    Bench.say(
        String.format(
            "backfill: %d created on jca in %.1f s; all published after %.1f s more, every"
                + " webhook digested %.1f s after that",
            count, created, published, settled));
    long seq = sim.lastRequestSeq();
    double[] peak = {0, 0};
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    Instant startWall = Instant.now();
    stack.inbound().restart();
    sampler.scheduleAtFixedRate(
        () -> {
          peak[0] = Math.max(peak[0], Bench.rssMb(stack.inbound().process().pid()));
          peak[1] = Math.max(peak[1], Bench.rssMb(stack.outbound().process().pid()));
        },
        0,
        500,
        TimeUnit.MILLISECONDS);
    double startup = (System.nanoTime() - start) / 1e9;
    double seconds =
        Bench.await(() -> Bench.count(sim, "jcb") >= count, Duration.ofMinutes(30), 100);
    double total = seconds + startup;
    sampler.shutdownNow();
    List<JsonNode> all = sim.requests("jcb", seq);
    List<JsonNode> calls =
        all.stream().filter(r -> "tempo".equals(r.path("api").asText())).toList();
    ObjectNode b = scenarios.putObject("backfill");
    b.put("worklogs", count);
    b.put("issues", issues);
    b.put("targetRequestsPerSecond", 5);
    b.put("createdSeconds", Bench.round(created));
    b.put("publishedAfterSeconds", Bench.round(published));
    b.put("webhooksDigestedAfterSeconds", Bench.round(settled));
    b.put("seconds", Bench.round(total));
    b.put("secondsAfterStartup", Bench.round(seconds));
    b.put("inboundStartupSeconds", Bench.round(startup));
    b.put("floorSeconds", issues / 5.0);
    b.put("ratioToFloor", Bench.round(total / (issues / 5.0)));
    b.put("onePerWorklogSeconds", count / 5.0);
    b.put("tempoCalls", calls.size());
    b.put(
        "bulkCalls", calls.stream().filter(r -> r.path("path").asText().endsWith("/bulk")).count());
    b.put("throttled429", calls.stream().filter(r -> r.path("status").asInt() == 429).count());
    // When the writes began and ended, from the inbound's (re)start, and how long one bulk took.
    List<JsonNode> bulks =
        calls.stream().filter(r -> r.path("path").asText().endsWith("/bulk")).toList();
    // Where the time before the first bulk goes: when each kind of call on the target was first
    // made, from the inbound's (re)start (its token checks, its pairing searches, its writes).
    ObjectNode first = b.putObject("firstCallsAfterStartSeconds");
    for (JsonNode r : all) {
      String kind =
          r.path("api").asText()
              + " "
              + r.path("method").asText()
              + " "
              + r.path("path").asText().replaceAll("/\\d+", "/{id}");
      if (!first.has(kind)) {
        first.put(
            kind,
            Bench.round(
                Duration.between(startWall, Instant.parse(r.path("at").asText())).toMillis()
                    / 1000.0));
      }
    }
    b.put("jiraCalls", all.stream().filter(r -> "jira".equals(r.path("api").asText())).count());
    if (!bulks.isEmpty()) {
      b.put(
          "firstBulkAfterStartSeconds",
          Bench.round(
              Duration.between(startWall, Instant.parse(bulks.get(0).path("at").asText()))
                      .toMillis()
                  / 1000.0));
      b.put(
          "lastBulkAfterStartSeconds",
          Bench.round(
              Duration.between(
                          startWall, Instant.parse(bulks.get(bulks.size() - 1).path("at").asText()))
                      .toMillis()
                  / 1000.0));
      b.put(
          "bulkMeanMs",
          Bench.round(
              bulks.stream().mapToLong(r -> r.path("durationMs").asLong()).average().orElse(0)));
    }
    // What the other calls were (the watcher's polls, the writer's reads), by method and path.
    ObjectNode other = b.putObject("otherCalls");
    calls.stream()
        .filter(r -> !r.path("path").asText().endsWith("/bulk"))
        .map(
            r ->
                r.path("method").asText()
                    + " "
                    + r.path("path").asText().replaceAll("/\\d+", "/{id}"))
        .collect(
            java.util.stream.Collectors.groupingBy(
                k -> k, java.util.TreeMap::new, java.util.stream.Collectors.counting()))
        .forEach(other::put);
    b.put("onTarget", Bench.count(sim, "jcb"));
    // The target's Tempo sends a webhook for each worklog the inbound wrote: how many the outbound
    // recognised as the bridge's own (no poll) by the end.
    String outbound = stack.outbound().managementUrl();
    b.put(
        "targetWebhooksDigested",
        Bench.metric(outbound, "worklog_bridge_webhook_to_publish_seconds_count", "site=\"jcb\""));
    b.put(
        "targetEchoesRecognised",
        Bench.metric(
            outbound,
            "worklog_bridge_echoes_suppressed_total",
            "site=\"jcb\",via=\"webhook-payload\""));
    ObjectNode f = (ObjectNode) scenarios.get("footprint");
    f.put("inboundPeakRssMbUnderBackfill", Bench.round(peak[0]));
    f.put("outboundPeakRssMbUnderBackfill", Bench.round(peak[1]));
    Bench.say("backfill: " + b);
  }

  // ---- 4. replay ----

  void replay(Stack stack, int count) throws Exception {
    SimulatorClient sim = stack.simulator();
    long seq = sim.lastRequestSeq();
    long before = Bench.status(stack).at("/consumers/acme~1jcb/consumed").asLong();
    long start = System.nanoTime();
    String body = "{\"from\": \"start\"}";
    var r =
        Bench.HTTP.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        stack.inbound().url() + "/api/v1/connections/acme/sites/jcb/replay"))
                .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("replay answered " + r.statusCode() + " " + r.body());
    }
    double seconds =
        Bench.await(
            () -> {
              try {
                return Bench.status(stack).at("/consumers/acme~1jcb/consumed").asLong()
                    >= before + count;
              } catch (Exception e) {
                return false;
              }
            },
            Duration.ofMinutes(20),
            50);
    long writes =
        sim.requests("jcb", seq).stream()
            .filter(
                x ->
                    "tempo".equals(x.path("api").asText())
                        && !"GET".equals(x.path("method").asText()))
            .count();
    ObjectNode o = scenarios.putObject("replay");
    o.put("events", count);
    o.put("seconds", Bench.round(seconds));
    o.put("eventsPerSecond", Bench.round(count / seconds));
    o.put("writes", writes);
    o.put("onTarget", Bench.count(sim, "jcb"));
    Bench.say(
        "replay: "
            + o
            + " ("
            + Bench.round((System.nanoTime() - start) / 1e9)
            + " s with the call)");
  }
}
