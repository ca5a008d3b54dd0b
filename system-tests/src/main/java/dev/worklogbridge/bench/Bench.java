package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.ServiceProcess;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/** Helpers the benchmark scenarios share: acting in bulk, waiting, measuring processes. */
final class Bench {

  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Bench() {}

  /** Adds ESC-n on jca and SUP-n (paired through customfield_10050) on jcb up to {@code issues}. */
  static void issues(SimulatorClient sim, int issues) {
    issues(sim, TwoSites.PAIRS + 1, issues);
  }

  /** Adds the pairs ESC-{@code from} to ESC-{@code to} (SUP-n naming ESC-n on the target). */
  static void issues(SimulatorClient sim, int from, int to) {
    for (int i = from; i <= to; i++) {
      sim.addIssue("jca", SimulatorClient.object().put("key", "ESC-" + i).put("id", 10000 + i));
      sim.addIssue(
          "jcb",
          SimulatorClient.object()
              .put("key", "SUP-" + i)
              .put("id", 10000 + i)
              .set("fields", SimulatorClient.object().put("customfield_10050", "ESC-" + i)));
    }
  }

  /**
   * Creates {@code count} worklogs on jca through Tempo's bulk endpoint (50 per call, 8 calls at a
   * time), spread over {@code issues} issues, as Tempo would hold them after people logged them.
   */
  static void bulkCreate(SimulatorClient sim, int count, int issues, String date, String text)
      throws Exception {
    bulkCreate(sim, "jca", TwoSites.TEMPO_TOKEN_A, count, issues, date, text);
  }

  /** {@link #bulkCreate(SimulatorClient, int, int, String, String)} on {@code site}'s ESC-n. */
  static void bulkCreate(
      SimulatorClient sim,
      String site,
      String token,
      int count,
      int issues,
      String date,
      String text)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> calls = new ArrayList<>();
    int perIssue = (count + issues - 1) / issues;
    int made = 0;
    for (int issue = 1; issue <= issues && made < count; issue++) {
      for (int from = 0; from < perIssue && made < count; from += 50) {
        int n = Math.min(50, Math.min(perIssue - from, count - made));
        ArrayNode body = SimulatorClient.array();
        for (int i = 0; i < n; i++) {
          body.addObject()
              .put("authorAccountId", TwoSites.ADA)
              .put("startDate", date)
              .put("startTime", String.format("%02d:%02d:00", 8 + (from + i) % 10, (from + i) % 60))
              .put("timeSpentSeconds", 900)
              .put("description", text + " " + issue + "/" + (from + i));
        }
        int issueId = 10000 + issue;
        calls.add(
            pool.submit(
                () ->
                    post(
                        sim.tempoUrl(site) + "/4/worklogs/issue/" + issueId + "/bulk",
                        token,
                        body.toString())));
        made += n;
      }
    }
    for (Future<Integer> f : calls) {
      int status = f.get();
      if (status != 200) {
        throw new IllegalStateException("bulk create answered " + status);
      }
    }
    pool.shutdown();
  }

  /** POSTs, trying again while Tempo answers 409 (another bulk runs on the issue). */
  static int post(String url, String token, String json) throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      int status = postOnce(url, token, json);
      if (status != 409 || attempt > 100) {
        return status;
      }
      Thread.sleep(20);
    }
  }

  static int postOnce(String url, String token, String json)
      throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static String get(String url, String adminKey) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (adminKey != null) {
      b.header("Authorization", "Bearer " + adminKey);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Sleeps until {@link System#nanoTime()} reaches {@code nanos} (at once if it has). */
  static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  static int count(SimulatorClient sim, String site) {
    return sim.site(site).get("worklogs").asInt();
  }

  /** Waits until the condition holds; returns the seconds it took, or -1 after {@code timeout}. */
  static double await(BooleanSupplier condition, Duration timeout, long pollMillis)
      throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < timeout.toNanos()) {
      if (condition.getAsBoolean()) {
        return (System.nanoTime() - start) / 1e9;
      }
      Thread.sleep(pollMillis);
    }
    return -1;
  }

  /** Resident memory of a process, in MB (from /proc). */
  static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** The start-up time Quarkus logged ("started in 1.234s"), in seconds. */
  static double startedIn(ServiceProcess service) {
    try {
      double last = -1;
      for (String line : Files.readAllLines(service.process().log())) {
        int i = line.indexOf(" started in ");
        if (i > 0) {
          last = Double.parseDouble(line.substring(i + 12, line.indexOf('s', i + 12)));
        }
      }
      return last;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Sum of a Prometheus counter over its series, from /q/metrics. */
  static double metric(String serviceUrl, String name) throws IOException, InterruptedException {
    return metric(serviceUrl, name, "");
  }

  /**
   * Whether the series of a metric whose labels contain {@code label} add up to at least {@code
   * atLeast}; false while the service does not answer.
   */
  static BooleanSupplier metricReaches(
      String serviceUrl, String name, String label, double atLeast) {
    return () -> {
      try {
        return metric(serviceUrl, name, label) >= atLeast;
      } catch (Exception e) {
        return false;
      }
    };
  }

  /** The sum of a metric's series whose labels contain {@code label} (for example via="poll"). */
  static double metric(String serviceUrl, String name, String label)
      throws IOException, InterruptedException {
    double sum = 0;
    for (String line : get(serviceUrl + "/q/metrics", null).split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
        // The value follows the labels; an exemplar (" # {trace_id=...} value time") may follow it.
        String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
        sum += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static ObjectNode machine() {
    ObjectNode m = SimulatorClient.object();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          m.put(
              "memoryGb",
              Math.round(Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0 / 1024.0));
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: leave it out
    }
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return m;
  }

  static JsonNode status(Stack stack) throws IOException, InterruptedException {
    return SimulatorClient.json()
        .readTree(get(stack.inbound().url() + "/api/v1/status", TwoSites.ADMIN_KEY));
  }

  /** Seconds until the outbound has published {@code count} events in all. */
  static double allPublished(Stack stack, long count, Duration timeout, long pollMillis)
      throws InterruptedException {
    return await(
        metricReaches(
            stack.outbound().managementUrl(), "worklog_bridge_events_published_total", "", count),
        timeout,
        pollMillis);
  }

  static void say(String text) {
    System.out.println("[bench] " + text);
  }

  /** The value at quantile {@code p} of sorted values, or -1 when there are none. */
  static double pct(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
