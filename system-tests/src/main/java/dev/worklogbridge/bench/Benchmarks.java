package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.testkit.ProjectLayout;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.builder.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The benchmark suite: the real stack (services as processes, a Kafka broker process, PostgreSQL,
 * the simulator) measured against the physical limit of Tempo's API. Writes a JSON result per run
 * to docs/benchmarks/ and the table in docs/benchmarks.md.
 *
 * <p>{@code ./bench.sh [--scenarios=backfill,replay,latency,throughput] [--latency-minutes=5]}
 */
public final class Benchmarks {

  private final Path root = ProjectLayout.root();
  private final ObjectNode result = SimulatorClient.object();
  private final ObjectNode scenarios = result.putObject("scenarios");

  public static void main(String[] args) throws Exception {
    Set<String> chosen = Set.of("backfill", "replay", "latency", "throughput", "footprint");
    double minutes = 5;
    for (String a : args) {
      if (a.startsWith("--scenarios=")) {
        chosen = Set.of(a.substring(12).split(","));
      } else if (a.startsWith("--latency-minutes=")) {
        minutes = Double.parseDouble(a.substring(18));
      }
    }
    new Benchmarks().run(chosen, minutes);
    System.exit(0);
  }

  private void run(Set<String> chosen, double latencyMinutes) throws Exception {
    result.put("startedAt", Instant.now().toString());
    result.put("commit", git("rev-parse", "--short", "HEAD"));
    result.set("machine", Bench.machine());
    result
        .putObject("versions")
        .put("quarkus", Version.getVersion())
        .put("kafka", AppInfoParser.getVersion())
        .put("postgresql", "15/16");
    if (chosen.contains("backfill") || chosen.contains("replay") || chosen.contains("footprint")) {
      try (Stack stack = stack("bench-backfill", true, false)) {
        footprintIdle(stack);
        backfill(stack, 10_000, 200);
        if (chosen.contains("replay")) {
          replay(stack, 10_000);
        }
      }
    }
    if (chosen.contains("latency")) {
      try (Stack stack = stack("bench-latency", false, false)) {
        latency(stack, "latency", latencyMinutes, 0);
        latency(stack, "latencyWith150ms", latencyMinutes, 150);
      }
    }
    if (chosen.contains("throughput")) {
      try (Stack stack = stack("bench-throughput", false, true)) {
        throughput(stack, 20_000, 200);
      }
    }
    result.put("finishedAt", Instant.now().toString());
    Report.write(root, result);
  }

  private Stack stack(String name, boolean shareTokens, boolean unlimited) {
    Path dir = root.resolve("system-tests/target").resolve(name);
    // One token per site, shared by two processes: each gets its share of Tempo's 5 requests/s
    // (the watcher needs little; the writer most), as docs/configuration.md recommends.
    Map<String, String> config =
        new java.util.HashMap<>(
            Map.of(
                "bridge.outbound.poll-interval",
                "30s",
                "bridge.outbound.deletion-poll-interval",
                "30s",
                "bridge.outbound.initial-lookback",
                "10m",
                "quarkus.log.category.\"dev.worklogbridge\".level",
                "WARN"));
    for (String site : shareTokens ? List.of("jca", "jcb") : List.<String>of()) {
      config.put("outbound:bridge.sites." + site + ".tempo-requests-per-second", "0.5");
      config.put("inbound:bridge.sites." + site + ".tempo-requests-per-second", "4.5");
    }
    // Without a rate limit on the sites, the clients may go as fast as the validator allows.
    for (String site : unlimited ? List.of("jca", "jcb") : List.<String>of()) {
      config.put("bridge.sites." + site + ".tempo-requests-per-second", "100");
      config.put("bridge.sites." + site + ".jira-requests-per-second", "100");
    }
    Stack stack =
        Stack.start(
            dir,
            Stack.kafkaClasspath(root.resolve("system-tests/target")),
            config,
            line -> System.out.println("[stack] " + line));
    stack
        .simulator()
        .settings(
            SimulatorClient.object().put("webhookRetryDelayMs", 2000).put("jiraFeedDelayMs", 0));
    return stack;
  }

  private void say(String text) {
    System.out.println("[bench] " + text);
  }

  // ---- 5. footprint ----

  private void footprintIdle(Stack stack) throws InterruptedException {
    Thread.sleep(10_000);
    ObjectNode f = scenarios.putObject("footprint");
    f.put("outboundStartSeconds", Bench.startedIn(stack.outbound()));
    f.put("inboundStartSeconds", Bench.startedIn(stack.inbound()));
    f.put("outboundIdleRssMb", Bench.rssMb(stack.outbound().process().pid()));
    f.put("inboundIdleRssMb", Bench.rssMb(stack.inbound().process().pid()));
    say("footprint idle: " + f);
  }

  // ---- 1. backfill ----

  private void backfill(Stack stack, int count, int issues) throws Exception {
    SimulatorClient sim = stack.simulator();
    Bench.issues(sim, issues);
    sim.setLimits(
        "jcb",
        SimulatorClient.object().put("tempoRequestsPerSecond", 5).put("retryAfterSeconds", 1));
    stack.inbound().kill();
    long t0 = System.nanoTime();
    Bench.bulkCreate(sim, count, issues, "2026-10-01", "backfill");
    double created = (System.nanoTime() - t0) / 1e9;
    double published =
        Bench.await(
            Bench.metricReaches(
                stack.outbound().managementUrl(),
                "worklog_bridge_events_published_total",
                "",
                count),
            Duration.ofMinutes(10),
            200);
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
    say(
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
    List<JsonNode> calls =
        sim.requests("jcb", seq).stream()
            .filter(r -> "tempo".equals(r.path("api").asText()))
            .toList();
    ObjectNode b = scenarios.putObject("backfill");
    b.put("worklogs", count);
    b.put("issues", issues);
    b.put("targetRequestsPerSecond", 5);
    b.put("createdSeconds", round(created));
    b.put("publishedAfterSeconds", round(published));
    b.put("webhooksDigestedAfterSeconds", round(settled));
    b.put("seconds", round(total));
    b.put("secondsAfterStartup", round(seconds));
    b.put("inboundStartupSeconds", round(startup));
    b.put("floorSeconds", issues / 5.0);
    b.put("ratioToFloor", round(total / (issues / 5.0)));
    b.put("onePerWorklogSeconds", count / 5.0);
    b.put("tempoCalls", calls.size());
    b.put(
        "bulkCalls", calls.stream().filter(r -> r.path("path").asText().endsWith("/bulk")).count());
    b.put("throttled429", calls.stream().filter(r -> r.path("status").asInt() == 429).count());
    // When the writes began and ended, from the inbound's (re)start, and how long one bulk took.
    List<JsonNode> bulks =
        calls.stream().filter(r -> r.path("path").asText().endsWith("/bulk")).toList();
    if (!bulks.isEmpty()) {
      b.put(
          "firstBulkAfterStartSeconds",
          round(
              Duration.between(startWall, Instant.parse(bulks.get(0).path("at").asText()))
                      .toMillis()
                  / 1000.0));
      b.put(
          "lastBulkAfterStartSeconds",
          round(
              Duration.between(
                          startWall, Instant.parse(bulks.get(bulks.size() - 1).path("at").asText()))
                      .toMillis()
                  / 1000.0));
      b.put(
          "bulkMeanMs",
          round(bulks.stream().mapToLong(r -> r.path("durationMs").asLong()).average().orElse(0)));
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
    ObjectNode f = (ObjectNode) scenarios.get("footprint");
    f.put("inboundPeakRssMbUnderBackfill", round(peak[0]));
    f.put("outboundPeakRssMbUnderBackfill", round(peak[1]));
    say("backfill: " + b);
  }

  // ---- 4. replay ----

  private void replay(Stack stack, int count) throws Exception {
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
    o.put("seconds", round(seconds));
    o.put("eventsPerSecond", round(count / seconds));
    o.put("writes", writes);
    o.put("onTarget", Bench.count(sim, "jcb"));
    say("replay: " + o + " (" + round((System.nanoTime() - start) / 1e9) + " s with the call)");
  }

  // ---- 2. live latency ----

  private void latency(Stack stack, String name, double minutes, int addedMillis) throws Exception {
    SimulatorClient sim = stack.simulator();
    sim.clearFaults("jca");
    sim.clearFaults("jcb");
    if (addedMillis > 0) {
      sim.addFault("jca", SimulatorClient.object().put("api", "any").put("latencyMs", addedMillis));
      sim.addFault("jcb", SimulatorClient.object().put("api", "any").put("latencyMs", addedMillis));
    }
    // Warm-up, measured apart: the first worklog on each of the 20 issues meets cold caches (the
    // issue's key and pairing are looked up in Jira once, at Jira's rate) and a cold JIT.
    List<Double> first = paced(sim, name + " warm-up", 20);
    List<Double> sorted = paced(sim, name, (int) Math.round(minutes * 60 * 2));
    sim.clearFaults("jca");
    sim.clearFaults("jcb");
    ObjectNode l = scenarios.putObject(name);
    l.put("addedLatencyMsPerCall", addedMillis);
    l.put("worklogs", (int) Math.round(minutes * 60 * 2));
    l.put("measured", sorted.size());
    l.put("firstOnEachIssueMaxMs", round(first.isEmpty() ? -1 : first.get(first.size() - 1)));
    l.put("firstOnEachIssueP50Ms", round(pct(first, 0.50)));
    l.put("p50Ms", round(pct(sorted, 0.50)));
    l.put("p95Ms", round(pct(sorted, 0.95)));
    l.put("p99Ms", round(pct(sorted, 0.99)));
    l.put("maxMs", round(sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1)));
    say(name + ": " + l);
  }

  /**
   * Logs {@code total} worklogs on jca at 2 per second, one issue after the other, and returns the
   * sorted times from each change to its replica's arrival on jcb (in milliseconds).
   */
  private static List<Double> paced(SimulatorClient sim, String text, int total) throws Exception {
    ConcurrentLinkedDeque<Long> pending = new ConcurrentLinkedDeque<>();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    int[] seen = {Bench.count(sim, "jcb")};
    boolean[] done = {false};
    Thread watcher =
        new Thread(
            () -> {
              while (!done[0]) {
                int now = Bench.count(sim, "jcb");
                long at = System.nanoTime();
                for (; seen[0] < now; seen[0]++) {
                  Long acted = pending.pollFirst();
                  if (acted != null) {
                    latencies.add((at - acted) / 1e6);
                  }
                }
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    watcher.start();
    long next = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      pending.addLast(System.nanoTime());
      sim.logWork(
          "jca",
          SimulatorClient.object()
              .put("as", TwoSites.ADA)
              .put("issueKey", "ESC-" + (1 + i % 20))
              .put("startDate", "2026-10-02")
              .put("startTime", "10:00:00")
              .put("timeSpentSeconds", 600)
              .put("description", text + " " + i));
      next += 500_000_000L;
    }
    Bench.await(() -> latencies.size() >= total, Duration.ofSeconds(60), 100);
    done[0] = true;
    watcher.join();
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return sorted;
  }

  // ---- 3. unlimited throughput ----

  private void throughput(Stack stack, int count, int issues) throws Exception {
    SimulatorClient sim = stack.simulator();
    Bench.issues(sim, issues);
    long start = System.nanoTime();
    Bench.bulkCreate(sim, count, issues, "2026-10-03", "throughput");
    double created = (System.nanoTime() - start) / 1e9;
    double published =
        Bench.await(
            Bench.metricReaches(
                stack.outbound().managementUrl(),
                "worklog_bridge_events_published_total",
                "",
                count),
            Duration.ofMinutes(20),
            100);
    double all = Bench.await(() -> Bench.count(sim, "jcb") >= count, Duration.ofMinutes(20), 100);
    double seconds = (System.nanoTime() - start) / 1e9;
    ObjectNode t = scenarios.putObject("throughput");
    t.put("worklogs", count);
    t.put("createdOnSourceSeconds", round(created));
    t.put("publishedAfterSeconds", round(created + published));
    t.put("allOnTargetAfterSeconds", round(seconds));
    t.put("worklogsPerSecond", round(count / seconds));
    t.put("onTarget", Bench.count(sim, "jcb"));
    t.put("allSeen", all >= 0);
    say("throughput: " + t);
  }

  static double pct(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private String git(String... args) {
    try {
      List<String> cmd = new ArrayList<>(List.of("git"));
      cmd.addAll(List.of(args));
      Process p =
          new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return out;
    } catch (Exception e) {
      return "unknown";
    }
  }

  static void write(Path file, String text) throws java.io.IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
