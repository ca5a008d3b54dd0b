package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.testkit.SimulatorClient;
import java.time.Duration;

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
    long start = System.nanoTime();
    Bench.bulkCreate(sim, count, issues, "2026-10-03", "throughput");
    double created = (System.nanoTime() - start) / 1e9;
    double published = Bench.allPublished(stack, count, Duration.ofMinutes(20), 100);
    double all = Bench.await(() -> Bench.count(sim, "jcb") >= count, Duration.ofMinutes(20), 100);
    double seconds = (System.nanoTime() - start) / 1e9;
    ObjectNode t = scenarios.putObject("throughput");
    t.put("worklogs", count);
    t.put("createdOnSourceSeconds", Bench.round(created));
    t.put("publishedAfterSeconds", Bench.round(created + published));
    t.put("allOnTargetAfterSeconds", Bench.round(seconds));
    t.put("worklogsPerSecond", Bench.round(count / seconds));
    t.put("onTarget", Bench.count(sim, "jcb"));
    t.put("allSeen", all >= 0);
    Bench.say("throughput: " + t);
  }
}
