package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/** Live latency: worklogs logged at 2 per second, each timed from the change to its replica. */
final class LatencyScenario {

  private final ObjectNode scenarios;

  /** The issues the next run of never-seen ones starts after (the world holds ESC-1 to ESC-20). */
  private int issuesMade = TwoSites.PAIRS;

  LatencyScenario(ObjectNode scenarios) {
    this.scenarios = scenarios;
  }

  // ---- 2. live latency ----

  void latency(Stack stack, String name, double minutes, int addedMillis) throws Exception {
    SimulatorClient sim = stack.simulator();
    sim.clearFaults("jca");
    sim.clearFaults("jcb");
    if (addedMillis > 0) {
      sim.addFault("jca", SimulatorClient.object().put("api", "any").put("latencyMs", addedMillis));
      sim.addFault("jcb", SimulatorClient.object().put("api", "any").put("latencyMs", addedMillis));
    }
    // Warm-up, measured apart: the first worklog on each of the 20 issues meets cold caches (the
    // issue's key and pairing are looked up in Jira once, at Jira's rate) and a cold JIT.
    List<Double> firstInOrder = paced(sim, name + " warm-up", 20, 1, 20);
    List<Double> first = new ArrayList<>(firstInOrder);
    Collections.sort(first);
    List<Double> sorted = paced(sim, name, (int) Math.round(minutes * 60 * 2), 1, 20);
    Collections.sort(sorted);
    // Then 20 issues the bridge has never seen, paired on the target, with the processes warm:
    // the first worklog on each meets the issue and pairing lookups, not the JIT of a start.
    int from = issuesMade + 1;
    issuesMade += 20;
    Bench.issues(sim, from, issuesMade);
    List<Double> fresh = paced(sim, name + " new issues", 20, from, 20);
    Collections.sort(fresh);
    sim.clearFaults("jca");
    sim.clearFaults("jcb");
    ObjectNode l = scenarios.putObject(name);
    l.put("addedLatencyMsPerCall", addedMillis);
    l.put("worklogs", (int) Math.round(minutes * 60 * 2));
    l.put("measured", sorted.size());
    l.put("firstOnEachIssueMaxMs", Bench.round(first.isEmpty() ? -1 : first.get(first.size() - 1)));
    l.put("firstOnEachIssueP50Ms", Bench.round(Bench.pct(first, 0.50)));
    firstInOrder.forEach(ms -> l.withArray("firstOnEachIssueMs").add(Bench.round(ms)));
    l.put("newIssueP50Ms", Bench.round(Bench.pct(fresh, 0.50)));
    l.put("newIssueP99Ms", Bench.round(Bench.pct(fresh, 0.99)));
    l.put("p50Ms", Bench.round(Bench.pct(sorted, 0.50)));
    l.put("p95Ms", Bench.round(Bench.pct(sorted, 0.95)));
    l.put("p99Ms", Bench.round(Bench.pct(sorted, 0.99)));
    l.put("maxMs", Bench.round(sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1)));
    Bench.say(name + ": " + l);
  }

  /**
   * Logs {@code total} worklogs on jca at 2 per second, one issue after the other (ESC-{@code
   * firstIssue} and the {@code issues - 1} after it, in turn), and returns the times from each
   * change to its replica's arrival on jcb (in milliseconds), in arrival order.
   */
  private static List<Double> paced(
      SimulatorClient sim, String text, int total, int firstIssue, int issues) throws Exception {
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
      Bench.sleepUntil(next);
      pending.addLast(System.nanoTime());
      sim.logWork(
          "jca",
          SimulatorClient.object()
              .put("as", TwoSites.ADA)
              .put("issueKey", "ESC-" + (firstIssue + i % issues))
              .put("startDate", "2026-10-02")
              .put("startTime", "10:00:00")
              .put("timeSpentSeconds", 600)
              .put("description", text + " " + i));
      next += 500_000_000L;
    }
    Bench.await(() -> latencies.size() >= total, Duration.ofSeconds(60), 100);
    done[0] = true;
    watcher.join();
    return new ArrayList<>(latencies);
  }
}
