package dev.worklogbridge.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.stack.Stack;
import dev.worklogbridge.stack.World;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;

/** One running stack per test class; helpers to act as people and to look at both sites. */
abstract class SystemTestBase {

  static final Duration CONVERGE = Duration.ofSeconds(90);
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Stack stack;
  static SimulatorClient sim;

  static {
    // Looking at thousands of worklogs ten times a second would load the machine more than the
    // bridge.
    org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(500));
  }

  static void startStack(String name, Map<String, String> config) {
    startStack(name, config, false);
  }

  static void startStack(String name, Map<String, String> config, boolean secondConnection) {
    Path target = Path.of("target").toAbsolutePath();
    stack =
        Stack.start(
            target.resolve("stack-" + name),
            Stack.kafkaClasspath(target),
            config,
            line -> System.out.println("[stack] " + line),
            secondConnection ? World.withSecondConnection() : World.twoSites());
    sim = stack.simulator();
    sim.settings(
        SimulatorClient.object().put("webhookRetryDelayMs", 1000).put("jiraFeedDelayMs", 0));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  static JsonNode log(
      String site, String who, String issue, String date, String time, long seconds, String text) {
    ObjectNode body =
        SimulatorClient.object()
            .put("as", who)
            .put("issueKey", issue)
            .put("startDate", date)
            .put("startTime", time)
            .put("timeSpentSeconds", seconds)
            .put("description", text);
    return sim.logWork(site, body);
  }

  static List<JsonNode> worklogs(String site, Predicate<JsonNode> filter) {
    return sim.worklogs(site).stream().filter(filter).toList();
  }

  static List<JsonNode> replicas(String site, String lineage) {
    return worklogs(site, w -> lineage.equals(marker(w)));
  }

  static JsonNode replica(String site, String lineage) {
    await().atMost(CONVERGE).until(() -> replicas(site, lineage).size() == 1);
    return replicas(site, lineage).get(0);
  }

  static JsonNode byId(String site, long id) {
    return worklogs(site, w -> w.get("tempoWorklogId").asLong() == id).stream()
        .findFirst()
        .orElse(null);
  }

  static String marker(JsonNode worklog) {
    return StreamSupport.stream(worklog.path("attributes").path("values").spliterator(), false)
        .filter(a -> LineageMarker.ATTRIBUTE_KEY.equals(a.path("key").asText()))
        .map(a -> a.path("value").asText())
        .findFirst()
        .orElse(null);
  }

  static String lineage(String site, JsonNode worklog) {
    return site + ":" + worklog.get("tempoWorklogId").asLong();
  }

  /** Calls an admin endpoint with the API key; returns the status and body. */
  static HttpResponse<String> admin(String method, String url, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
            .timeout(Duration.ofSeconds(30));
    if (json != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
