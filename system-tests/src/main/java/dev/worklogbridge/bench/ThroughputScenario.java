package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.testkit.SimulatorClient;
import java.time.Duration;
import java.util.Map;

/** Throughput without rate limits: 20,000 worklogs on 200 issues, as fast as the bridge goes. */
final class ThroughputScenario {

  private final ObjectNode scenarios;

  ThroughputScenario(ObjectNode scenarios) {
    this.scenarios = scenarios;
  }

  // ---- 3. unlimited throughput ----

  void throughput(Stack stack, int count, int issues) throws Exception {
    SimulatorClient sim = stack.simulator();
    Bench.issues(sim, issues);
    Map<String, Double> cpuBefore = ProcessCpu.seconds(stack.processes());
    long start = System.nanoTime();
    Bench.bulkCreate(sim, count, issues, "2026-10-03", "throughput");
    double created = (System.nanoTime() - start) / 1e9;
    double published = Bench.allPublished(stack, count, Duration.ofMinutes(20), 100);
    double all = Bench.await(() -> Bench.count(sim, "jcb") >= count, Duration.ofMinutes(20), 100);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> cpuAfter = ProcessCpu.seconds(stack.processes());
    ObjectNode t = scenarios.putObject("throughput");
    t.put("worklogs", count);
    t.put("createdOnSourceSeconds", Bench.round(created));
    t.put("publishedAfterSeconds", Bench.round(created + published));
    t.put("allOnTargetAfterSeconds", Bench.round(seconds));
    t.put("worklogsPerSecond", Bench.round(count / seconds));
    t.put("onTarget", Bench.count(sim, "jcb"));
    t.put("allSeen", all >= 0);
    cpu(t.putObject("cpuMsPerWorklog"), cpuBefore, cpuAfter, count);
    Bench.say("throughput: " + t);
  }

  /**
   * CPU per replicated worklog of each process from the source's creates until the last is on the
   * target, and the bridge's own total (everything but the simulator, which plays both sites).
   */
  static void cpu(
      ObjectNode out, Map<String, Double> before, Map<String, Double> after, int worklogs) {
    double bridge = 0;
    boolean complete = true;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      double b = before.getOrDefault(e.getKey(), -1.0);
      if (b < 0 || e.getValue() < 0) {
        complete = false;
        continue;
      }
      double ms = (e.getValue() - b) * 1000 / worklogs;
      out.put(e.getKey(), Bench.round(ms));
      if (!e.getKey().equals("simulator")) {
        bridge += ms;
      }
    }
    // Without PostgreSQL's process (embedded binaries) the total would flatter the bridge.
    complete &= after.containsKey("postgresql");
    out.put("bridge", complete ? Bench.round(bridge) : -1);
  }
}
