package dev.worklogbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.testkit.ProjectLayout;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one-command demo: starts PostgreSQL, a Kafka broker, the simulator with a customer site (jca)
 * and a vendor site (jcb), and both services; then people log, edit and delete time on both sites
 * while the live log shows each change and its replica. Ctrl-C stops everything. {@code
 * --duration=<seconds>} ends it by itself.
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    long duration = 0;
    for (String a : args) {
      if (a.startsWith("--duration=")) {
        duration = Long.parseLong(a.substring("--duration=".length()));
      }
    }
    Path root = ProjectLayout.root();
    Path dir =
        root.resolve(".demo")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    System.out.println(
        "worklog-bridge demo: starting real PostgreSQL, a Kafka broker, two simulated Jira Cloud + Tempo"
            + " sites and both services...");
    Stack stack =
        Stack.start(
            dir,
            Stack.kafkaClasspath(root.resolve("system-tests/target")),
            Map.of(
                "bridge.outbound.poll-interval", "10s",
                "bridge.outbound.deletion-poll-interval", "10s",
                "bridge.outbound.initial-lookback", "1m",
                "bridge.inbound.parked-check-interval", "5s"),
            line -> System.out.println("  " + line));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping every process of the demo...");
                  stack.close();
                  System.out.println("Stopped. Logs are in " + dir);
                }));
    SimulatorClient sim = stack.simulator();
    sim.settings(
        SimulatorClient.object().put("webhookRetryDelayMs", 2000).put("jiraFeedDelayMs", 0));
    System.out.println();
    System.out.println(
        "The operator's console: "
            + stack.inbound().url()
            + "/console/  (log in with any name and the admin API key "
            + TwoSites.ADMIN_KEY
            + ")");
    System.out.println();
    System.out.println("Look around while it runs (admin API key: " + TwoSites.ADMIN_KEY + "):");
    System.out.println("  curl " + stack.inbound().managementUrl() + "/q/health/ready");
    System.out.println(
        "  curl -H 'Authorization: Bearer "
            + TwoSites.ADMIN_KEY
            + "' "
            + stack.inbound().url()
            + "/api/v1/status");
    System.out.println(
        "  curl -H 'Authorization: Bearer "
            + TwoSites.ADMIN_KEY
            + "' "
            + stack.outbound().url()
            + "/api/v1/status");
    System.out.println(
        "  curl " + stack.inbound().managementUrl() + "/q/metrics | grep worklog_bridge");
    System.out.println(
        "  curl " + sim.baseUrl() + "/_sim/requests/last    (the simulated clouds' request log)");
    System.out.println();
    System.out.println(
        "Legend: '+' appeared, '~' changed, '-' disappeared. jca = the customer's site, jcb = the vendor's.");
    System.out.println();

    Names names = new Names();
    LiveLog log = new LiveLog(sim, names);
    ScheduledExecutorService watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "live-log");
              t.setDaemon(true);
              return t;
            });
    watcher.scheduleWithFixedDelay(
        () -> {
          try {
            log.tick();
          } catch (RuntimeException e) {
            // the simulator is going away with the demo
          }
        },
        0,
        300,
        TimeUnit.MILLISECONDS);

    People people = new People(sim, log, names);
    long start = System.nanoTime();
    story(people, log);
    while (duration == 0 || System.nanoTime() - start < duration * 1_000_000_000L) {
      Thread.sleep(4000);
      people.somethingHappens();
    }
    Thread.sleep(3000);
    System.exit(0);
  }

  private static void story(People people, LiveLog log) throws InterruptedException {
    long ada =
        people.logWork(
            TwoSites.A, TwoSites.ADA, "ESC-1", "13:00", 120, "Reproduced the checkout failure");
    pause();
    long linus =
        people.logWork(TwoSites.B, TwoSites.LINUS, "SUP-2", "09:30", 60, "Patched the rounding");
    pause();
    people.edit(
        TwoSites.A, ada, TwoSites.ADA, 150, "Reproduced the checkout failure, wrote the test");
    pause();
    JsonNode replica = people.replicaOf(TwoSites.B, TwoSites.A + ":" + ada);
    if (replica != null) {
      LiveLog.say(
          "The vendor corrects the replica on jcb; the change flows back to the customer's original:");
      people.edit(
          TwoSites.B,
          replica.get("tempoWorklogId").asLong(),
          TwoSites.ADA,
          165,
          "Reproduced the checkout failure, wrote the test (vendor: +15m review)");
      pause();
    }
    people.logWork(
        TwoSites.A, TwoSites.GRACE, "ESC-3", "23:30", 45, "Late-night check of the search index");
    pause();
    people.delete(TwoSites.B, linus, TwoSites.LINUS);
    pause();
    LiveLog.say("Now everyday activity on both sites, every few seconds (Ctrl-C to stop):");
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(3500);
  }
}
