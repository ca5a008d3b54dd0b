package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.stack.World;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * One process pair serving many tenants ({@link Tenants}): the memory each extra connection costs,
 * and whether one tenant's backlog slows the live worklogs of the others.
 */
final class TenantsScenario {

  /** ESC issues per tenant: the busy tenant's backlog is spread over them, 50 per bulk call. */
  private static final int ISSUES = 20;

  /**
   * Worklogs each tenant logs before the footprint is read, one on each issue: its whole path has
   * run and its issues are known, so that the live worklogs after it meet warm lookups.
   */
  private static final int WARM_UP_PER_TENANT = ISSUES;

  private final ObjectNode scenarios;

  TenantsScenario(ObjectNode scenarios) {
    this.scenarios = scenarios;
  }

  // ---- 6. tenants ----

  void tenants(BiFunction<String, World, Stack> stacks, int tenants, int backlog) throws Exception {
    ObjectNode o = scenarios.putObject("tenants");
    o.put("tenants", tenants);
    o.put("issuesPerTenant", ISSUES);
    double[] one;
    try (Stack stack = stacks.apply("bench-tenants-1", Tenants.world(1, ISSUES))) {
      one = footprint(stack, 1, o.putObject("oneTenant"));
    }
    try (Stack stack = stacks.apply("bench-tenants-" + tenants, Tenants.world(tenants, ISSUES))) {
      double[] all = footprint(stack, tenants, o.putObject("allTenants"));
      o.put("outboundRssMbPerExtraConnection", Bench.round((all[0] - one[0]) / (tenants - 1)));
      o.put("inboundRssMbPerExtraConnection", Bench.round((all[1] - one[1]) / (tenants - 1)));
      SimulatorClient sim = stack.simulator();
      // The quiet tenants alone, then beside tenant 1's backlog: the same live load both times.
      List<QuietStages.Sample> alone = quiet(sim, tenants, 60, () -> true);
      latencies(o.putObject("quietAlone"), alone);
      AtomicBoolean drained = new AtomicBoolean();
      double[] peak = {0, 0};
      long start = System.nanoTime();
      Thread busy =
          new Thread(
              () -> {
                try {
                  Bench.bulkCreate(
                      sim,
                      Tenants.source(1),
                      Tenants.tempoToken(Tenants.source(1)),
                      backlog,
                      ISSUES,
                      "2026-10-01",
                      "backlog");
                  Bench.await(
                      () -> Bench.count(sim, Tenants.target(1)) >= backlog,
                      Duration.ofMinutes(10),
                      200);
                } catch (Exception e) {
                  Bench.say("tenants: the backlog failed: " + e);
                } finally {
                  drained.set(true);
                }
              });
      // The peak is sampled from the first bulk call to the last replica, apart from the backlog
      // itself, so that it is read even when the backlog fails.
      Thread sampler =
          new Thread(
              () -> {
                while (!drained.get()) {
                  peak[0] = Math.max(peak[0], Bench.rssMb(stack.outbound().process().pid()));
                  peak[1] = Math.max(peak[1], Bench.rssMb(stack.inbound().process().pid()));
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      Map<String, Double> cpuBefore = ProcessCpu.seconds(stack.processes());
      busy.start();
      sampler.start();
      List<QuietStages.Sample> beside = quiet(sim, tenants, 60, drained::get);
      busy.join();
      sampler.join();
      double drainedSeconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> cpuAfter = ProcessCpu.seconds(stack.processes());
      ObjectNode b = o.putObject("busyTenant");
      b.put("backlog", backlog);
      b.put("drainedSeconds", Bench.round(drainedSeconds));
      // How many of the machine's cores each process kept busy while the backlog drained.
      ObjectNode cores = b.putObject("coresBusy");
      double total = 0;
      for (Map.Entry<String, Double> e : cpuAfter.entrySet()) {
        double used = (e.getValue() - cpuBefore.getOrDefault(e.getKey(), e.getValue()));
        cores.put(e.getKey(), Bench.round(used / drainedSeconds));
        total += used / drainedSeconds;
      }
      cores.put("all", Bench.round(total));
      cores.put("machine", Runtime.getRuntime().availableProcessors());
      b.put("onTarget", Bench.count(sim, Tenants.target(1)));
      b.put("outboundPeakRssMb", Bench.round(peak[0]));
      b.put("inboundPeakRssMb", Bench.round(peak[1]));
      latencies(o.putObject("quietBesideBacklog"), beside);
      QuietStages.report(
          sim, stack.kafka().bootstrapServers(), beside, o.putObject("quietBesideBacklogStages"));
    }
    Bench.say("tenants: " + o);
  }

  /**
   * Start-up, then the footprint once every tenant has had its worklogs replicated: returns the
   * outbound's and the inbound's RSS in MB.
   */
  private static double[] footprint(Stack stack, int tenants, ObjectNode out) throws Exception {
    SimulatorClient sim = stack.simulator();
    out.put("outboundStartSeconds", Bench.startedIn(stack.outbound()));
    out.put("inboundStartSeconds", Bench.startedIn(stack.inbound()));
    out.put("outboundRssMbAfterStart", Bench.rssMb(stack.outbound().process().pid()));
    out.put("inboundRssMbAfterStart", Bench.rssMb(stack.inbound().process().pid()));
    for (int t = 1; t <= tenants; t++) {
      for (int i = 0; i < WARM_UP_PER_TENANT; i++) {
        log(sim, t, i, "warm-up");
      }
    }
    double seconds =
        Bench.await(
            () -> {
              for (int t = 1; t <= tenants; t++) {
                if (Bench.count(sim, Tenants.target(t)) < WARM_UP_PER_TENANT) {
                  return false;
                }
              }
              return true;
            },
            Duration.ofMinutes(2),
            200);
    if (seconds < 0) {
      throw new IllegalStateException("the warm-up worklogs did not all arrive");
    }
    Thread.sleep(10_000);
    double[] rss = {
      Bench.rssMb(stack.outbound().process().pid()), Bench.rssMb(stack.inbound().process().pid())
    };
    out.put("outboundRssMb", Bench.round(rss[0]));
    out.put("inboundRssMb", Bench.round(rss[1]));
    return rss;
  }

  /**
   * Logs at least {@code minimum} worklogs at 2 per second, and more until {@code enough}, on the
   * quiet tenants (2 and after) in turn; returns each one's time from the change to its replica's
   * arrival on its tenant's target.
   */
  private static List<QuietStages.Sample> quiet(
      SimulatorClient sim, int tenants, int minimum, BooleanSupplier enough) throws Exception {
    Map<Integer, ConcurrentLinkedDeque<Logged>> pending = new ConcurrentHashMap<>();
    Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    for (int t = 2; t <= tenants; t++) {
      pending.put(t, new ConcurrentLinkedDeque<>());
      seen.put(t, Bench.count(sim, Tenants.target(t)));
    }
    List<QuietStages.Sample> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher =
        new Thread(
            () -> {
              while (!done.get()) {
                pending.forEach(
                    (t, queue) -> {
                      if (queue.isEmpty()) {
                        return;
                      }
                      int now = Bench.count(sim, Tenants.target(t));
                      long at = System.nanoTime();
                      for (int s = seen.get(t); s < now; s++) {
                        Logged acted = queue.pollFirst();
                        if (acted != null) {
                          latencies.add(
                              new QuietStages.Sample(t, acted.wall(), (at - acted.nanos()) / 1e6));
                        }
                      }
                      seen.put(t, now);
                    });
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    watcher.start();
    long next = System.nanoTime();
    int total = 0;
    while (total < minimum || !enough.getAsBoolean()) {
      Bench.sleepUntil(next);
      int tenant = 2 + total % (tenants - 1);
      pending.get(tenant).addLast(new Logged(System.nanoTime(), Instant.now()));
      log(sim, tenant, total, "live");
      total++;
      next += 500_000_000L;
    }
    int expected = total;
    Bench.await(() -> latencies.size() >= expected, Duration.ofSeconds(60), 100);
    done.set(true);
    watcher.join();
    return new ArrayList<>(latencies);
  }

  private static void log(SimulatorClient sim, int tenant, int n, String text) {
    sim.logWork(
        Tenants.source(tenant),
        SimulatorClient.object()
            .put("as", TwoSites.ADA)
            .put("issueKey", "ESC-" + (1 + n % ISSUES))
            .put("startDate", "2026-10-02")
            .put("startTime", "10:00:00")
            .put("timeSpentSeconds", 600)
            .put("description", text + " " + n));
  }

  /** When a live worklog was logged: the benchmark's clock and the wall clock. */
  private record Logged(long nanos, Instant wall) {}

  private static void latencies(ObjectNode out, List<QuietStages.Sample> measured) {
    List<Double> sorted = new ArrayList<>();
    measured.forEach(m -> sorted.add(m.latencyMs()));
    Collections.sort(sorted);
    out.put("measured", sorted.size());
    out.put("p50Ms", Bench.round(Bench.pct(sorted, 0.50)));
    out.put("p99Ms", Bench.round(Bench.pct(sorted, 0.99)));
    out.put("maxMs", Bench.round(sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1)));
  }
}
