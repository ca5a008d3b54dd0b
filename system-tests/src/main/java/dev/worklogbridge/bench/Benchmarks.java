package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.stack.World;
import dev.worklogbridge.testkit.ProjectLayout;
import dev.worklogbridge.testkit.SimulatorClient;
import io.quarkus.builder.Version;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The benchmark suite: the real stack (services as processes, a Kafka broker process, PostgreSQL,
 * the simulator) measured against the physical limit of Tempo's API. Writes a JSON result per run
 * to docs/benchmarks/ and the table in docs/benchmarks.md.
 *
 * <p>{@code ./bench.sh [--scenarios=backfill,replay,latency,throughput,tenants]
 * [--latency-minutes=5] [--tenants=20]}
 */
public final class Benchmarks {

  private final Path root = ProjectLayout.root();
  private final ObjectNode result = SimulatorClient.object();
  private final ObjectNode scenarios = result.putObject("scenarios");

  public static void main(String[] args) throws Exception {
    Set<String> chosen =
        Set.of("backfill", "replay", "latency", "throughput", "footprint", "tenants");
    double minutes = 5;
    int tenants = 20;
    for (String a : args) {
      if (a.startsWith("--scenarios=")) {
        chosen = Set.of(a.substring(12).split(","));
      } else if (a.startsWith("--tenants=")) {
        tenants = Integer.parseInt(a.substring(10));
      } else if (a.startsWith("--latency-minutes=")) {
        minutes = Double.parseDouble(a.substring(18));
      }
    }
    new Benchmarks().run(chosen, minutes, tenants);
    System.exit(0);
  }

  private void run(Set<String> chosen, double latencyMinutes, int tenants) throws Exception {
    result.put("startedAt", Instant.now().toString());
    result.put("commit", git("rev-parse", "--short", "HEAD"));
    result.set("machine", Bench.machine());
    result
        .putObject("versions")
        .put("quarkus", Version.getVersion())
        .put("kafka", AppInfoParser.getVersion())
        .put("postgresql", "15/16");
    if (chosen.contains("backfill") || chosen.contains("replay") || chosen.contains("footprint")) {
      try (Stack stack = stack("bench-backfill", false)) {
        CatchUpScenarios catchUp = new CatchUpScenarios(scenarios);
        catchUp.footprintIdle(stack);
        catchUp.backfill(stack, 10_000, 200);
        if (chosen.contains("replay")) {
          catchUp.replay(stack, 10_000);
        }
      }
    }
    if (chosen.contains("latency")) {
      try (Stack stack = stack("bench-latency", false)) {
        LatencyScenario latency = new LatencyScenario(scenarios);
        latency.latency(stack, "latency", latencyMinutes, 0);
        latency.latency(stack, "latencyWith150ms", latencyMinutes, 150);
      }
    }
    if (chosen.contains("throughput")) {
      try (Stack stack = stack("bench-throughput", true)) {
        new ThroughputScenario(scenarios).throughput(stack, 20_000, 200);
      }
    }
    if (chosen.contains("tenants")) {
      new TenantsScenario(scenarios)
          .tenants((name, world) -> stack(name, false, world), tenants, 10_000);
    }
    result.put("finishedAt", Instant.now().toString());
    Report.write(root, result);
  }

  private Stack stack(String name, boolean unlimited) {
    return stack(name, unlimited, World.twoSites());
  }

  private Stack stack(String name, boolean unlimited, World world) {
    Path dir = root.resolve("system-tests/target").resolve(name);
    // One token per site, used by two processes: both take their turns from the token's one
    // budget (Tempo's 5 requests/s), the writer of a backfill all that the watcher leaves.
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
            line -> System.out.println("[stack] " + line),
            world);
    stack
        .simulator()
        .settings(
            SimulatorClient.object().put("webhookRetryDelayMs", 2000).put("jiraFeedDelayMs", 0));
    return stack;
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
}
