package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.testkit.SimulatorClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run's JSON to docs/benchmarks/ and its table into docs/benchmarks.md (between markers).
 */
final class Report {

  static final String BEGIN = "<!-- results:begin -->";
  static final String END = "<!-- results:end -->";

  private Report() {}

  static void write(Path root, ObjectNode result) throws IOException {
    String stamp = result.path("startedAt").asText().replace(":", "").replaceAll("\\..*", "");
    Path json = root.resolve("docs/benchmarks/" + stamp + ".json");
    Bench.write(
        json, SimulatorClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    Path md = root.resolve("docs/benchmarks.md");
    String table = table(result, root.relativize(json).toString());
    String text =
        Files.exists(md) ? Files.readString(md) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    text = text.substring(0, b + BEGIN.length()) + "\n" + table + text.substring(e);
    Files.writeString(md, text);
    System.out.println(table);
  }

  static String table(JsonNode r, String jsonPath) {
    JsonNode s = r.path("scenarios");
    JsonNode m = r.path("machine");
    StringBuilder t = new StringBuilder();
    t.append("Run of ")
        .append(r.path("startedAt").asText())
        .append(" on commit `")
        .append(r.path("commit").asText())
        .append("`: ")
        .append(m.path("cores").asInt())
        .append(" cores, ")
        .append(m.path("memoryGb").asInt())
        .append(" GB, ")
        .append(m.path("cpu").asText("?"))
        .append(", Java ")
        .append(m.path("java").asText())
        .append(". Raw result: [")
        .append(jsonPath)
        .append("](")
        .append(jsonPath.replace("docs/", ""))
        .append(").\n\n");
    t.append("| scenario | goal | result | verdict |\n|---|---|---|---|\n");
    if (s.has("backfill")) {
      JsonNode b = s.get("backfill");
      row(
          t,
          "1. Backfill: "
              + b.path("worklogs").asInt()
              + " worklogs over "
              + b.path("issues").asInt()
              + " issues, target at 5 requests/s",
          "within 1.1 x the floor of "
              + b.path("floorSeconds").asDouble()
              + " s (one request per worklog: "
              + b.path("onePerWorklogSeconds").asDouble()
              + " s)",
          b.path("seconds").asDouble()
              + " s ("
              + b.path("ratioToFloor").asDouble()
              + " x floor; "
              + b.path("secondsAfterStartup").asDouble()
              + " s after the inbound's start-up; "
              + b.path("tempoCalls").asInt()
              + " Tempo calls, "
              + b.path("bulkCalls").asInt()
              + " bulk, "
              + b.path("throttled429").asInt()
              + " answered 429)",
          b.path("ratioToFloor").asDouble() <= 1.1);
    }
    for (String name : new String[] {"latency", "latencyWith150ms"}) {
      if (s.has(name)) {
        JsonNode l = s.get(name);
        boolean added = l.path("addedLatencyMsPerCall").asInt() > 0;
        double goal = added ? 1500 : 500;
        row(
            t,
            "2. Live latency, 2 worklogs/s" + (added ? ", +150 ms on every call" : ""),
            "p99 under "
                + (int) goal
                + " ms"
                + (added ? "" : "; the first on a never-seen issue p99 under 1000 ms"),
            "p50 "
                + l.path("p50Ms").asDouble()
                + " ms, p95 "
                + l.path("p95Ms").asDouble()
                + " ms, p99 "
                + l.path("p99Ms").asDouble()
                + " ms ("
                + l.path("measured").asInt()
                + " worklogs, after a warm-up of one worklog per issue; those first ones, which"
                + " meet cold caches and a cold JIT: p50 "
                + l.path("firstOnEachIssueP50Ms").asDouble()
                + " ms, max "
                + l.path("firstOnEachIssueMaxMs").asDouble()
                + " ms; the first on each of 20 never-seen issues once warm: p50 "
                + l.path("newIssueP50Ms").asDouble()
                + " ms, p99 "
                + l.path("newIssueP99Ms").asDouble()
                + " ms)",
            l.path("p99Ms").asDouble() < goal
                && (added || l.path("newIssueP99Ms").asDouble() < 1000));
      }
    }
    if (s.has("throughput")) {
      JsonNode x = s.get("throughput");
      row(
          t,
          "3. Unlimited throughput, " + x.path("worklogs").asInt() + " worklogs",
          "at least 2,000 worklogs/s",
          x.path("worklogsPerSecond").asDouble()
              + " worklogs/s end to end (created on the source in "
              + x.path("createdOnSourceSeconds").asDouble()
              + " s, all published after "
              + x.path("publishedAfterSeconds").asDouble()
              + " s, all on the target after "
              + x.path("allOnTargetAfterSeconds").asDouble()
              + " s)",
          x.path("worklogsPerSecond").asDouble() >= 2000);
      JsonNode cpu = x.path("cpuMsPerWorklog");
      if (!cpu.isMissingNode()) {
        StringBuilder each = new StringBuilder();
        cpu.fields()
            .forEachRemaining(
                e -> {
                  if (!e.getKey().equals("bridge")) {
                    each.append(each.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(e.getValue().asDouble())
                        .append(" ms");
                  }
                });
        double bridge = cpu.path("bridge").asDouble(-1);
        row(
            t,
            "3. CPU per replicated worklog in that run",
            "at most 1 ms for the bridge's own processes (outbound, inbound, Kafka, PostgreSQL)",
            (bridge < 0 ? "not known (PostgreSQL's process not visible)" : bridge + " ms")
                + " ("
                + each
                + ")",
            bridge >= 0 && bridge <= 1);
      }
    }
    if (s.has("replay")) {
      JsonNode x = s.get("replay");
      row(
          t,
          "4. Replay of " + x.path("events").asInt() + " applied events",
          "20,000 events/s, zero writes",
          x.path("eventsPerSecond").asDouble()
              + " events/s, "
              + x.path("writes").asInt()
              + " writes",
          x.path("eventsPerSecond").asDouble() >= 20000 && x.path("writes").asInt() == 0);
    }
    if (s.has("footprint")) {
      JsonNode f = s.get("footprint");
      double worst =
          Math.max(
              f.path("inboundPeakRssMbUnderBackfill").asDouble(),
              f.path("outboundPeakRssMbUnderBackfill").asDouble());
      double start =
          Math.max(
              f.path("outboundStartSeconds").asDouble(), f.path("inboundStartSeconds").asDouble());
      row(
          t,
          "5. Footprint (JVM mode, "
              + String.join(" ", dev.worklogbridge.stack.ServiceProcess.JVM_OPTIONS)
              + ")",
          "under 256 MB RSS and 1 s start-up",
          "idle RSS outbound "
              + Math.round(f.path("outboundIdleRssMb").asDouble())
              + " MB, inbound "
              + Math.round(f.path("inboundIdleRssMb").asDouble())
              + " MB; under backfill outbound "
              + f.path("outboundPeakRssMbUnderBackfill").asDouble()
              + " MB, inbound "
              + f.path("inboundPeakRssMbUnderBackfill").asDouble()
              + " MB; start-up outbound "
              + f.path("outboundStartSeconds").asDouble()
              + " s, inbound "
              + f.path("inboundStartSeconds").asDouble()
              + " s",
          worst < 256 && start < 1);
    }
    if (s.has("tenants")) {
      JsonNode x = s.get("tenants");
      JsonNode busy = x.path("busyTenant");
      JsonNode all = x.path("allTenants");
      double beside = x.path("quietBesideBacklog").path("p99Ms").asDouble();
      row(
          t,
          "6. One process pair serving " + x.path("tenants").asInt() + " connections",
          "marginal RSS per extra connection reported; a busy tenant's backlog keeps the quiet"
              + " tenants' live p99 under 1 s",
          "RSS per extra connection: outbound "
              + x.path("outboundRssMbPerExtraConnection").asDouble()
              + " MB, inbound "
              + x.path("inboundRssMbPerExtraConnection").asDouble()
              + " MB (with all: outbound "
              + all.path("outboundRssMb").asDouble()
              + " MB, inbound "
              + all.path("inboundRssMb").asDouble()
              + " MB; start-up "
              + all.path("outboundStartSeconds").asDouble()
              + " s and "
              + all.path("inboundStartSeconds").asDouble()
              + " s); quiet tenants' live p99 "
              + x.path("quietAlone").path("p99Ms").asDouble()
              + " ms alone, "
              + beside
              + " ms (p50 "
              + x.path("quietBesideBacklog").path("p50Ms").asDouble()
              + " ms, "
              + x.path("quietBesideBacklog").path("measured").asInt()
              + " worklogs) while tenant 1 drained "
              + busy.path("backlog").asInt()
              + " worklogs in "
              + busy.path("drainedSeconds").asDouble()
              + " s (peak RSS outbound "
              + busy.path("outboundPeakRssMb").asDouble()
              + " MB, inbound "
              + busy.path("inboundPeakRssMb").asDouble()
              + " MB; "
              + busy.path("coresBusy").path("all").asDouble()
              + " of "
              + busy.path("coresBusy").path("machine").asInt()
              + " cores busy)",
          beside >= 0
              && beside < 1000
              && busy.path("onTarget").asInt() >= busy.path("backlog").asInt());
    }
    return t.toString();
  }

  private static void row(
      StringBuilder t, String scenario, String goal, String result, boolean met) {
    t.append("| ")
        .append(scenario)
        .append(" | ")
        .append(goal)
        .append(" | ")
        .append(result)
        .append(" | ")
        .append(met ? "met" : "**not met**")
        .append(" |\n");
  }
}
