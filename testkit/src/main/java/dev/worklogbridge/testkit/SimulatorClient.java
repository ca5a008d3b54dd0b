package dev.worklogbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client for the simulator's control API ({@code /_sim}): seed sites, act as people, inject
 * faults, rotate tokens, read the request log. Tests and the demo use it; the services never do.
 */
public final class SimulatorClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;

  public SimulatorClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Base URL of a site's Jira REST v3 API, as a client configures it. */
  public String jiraUrl(String site) {
    return baseUrl + "/jira/" + site;
  }

  /** Base URL of a site's Tempo API (the part before {@code /4/...}). */
  public String tempoUrl(String site) {
    return baseUrl + "/tempo/" + site;
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  public static ArrayNode array() {
    return JSON.createArrayNode();
  }

  public static ObjectMapper json() {
    return JSON;
  }

  // ---- sites and seeds ----

  /** Drops every site, fault, limit and log entry. */
  public void reset() {
    send("POST", "/_sim/reset", null);
  }

  /** Seeds sites from a seed document: {@code {"sites": [ ... ]}}. */
  public JsonNode seed(JsonNode seed) {
    return send("POST", "/_sim/seed", seed);
  }

  public JsonNode site(String site) {
    return send("GET", "/_sim/sites/" + site, null);
  }

  public JsonNode addUser(String site, JsonNode user) {
    return send("POST", "/_sim/sites/" + site + "/users", user);
  }

  public JsonNode addIssue(String site, JsonNode issue) {
    return send("POST", "/_sim/sites/" + site + "/issues", issue);
  }

  /** Sets Jira fields of an issue, e.g. the custom field that holds the remote key. */
  public JsonNode setIssueFields(String site, String issueKey, Map<String, String> fields) {
    return send(
        "PUT", "/_sim/sites/" + site + "/issues/" + issueKey + "/fields", JSON.valueToTree(fields));
  }

  /** Wipes the site's worklogs (Tempo and Jira), as in a data-loss drill. */
  public void wipeWorklogs(String site) {
    send("DELETE", "/_sim/sites/" + site + "/worklogs", null);
  }

  /** Every worklog of the site, with attributes, for assertions (not logged, no auth). */
  public List<JsonNode> worklogs(String site) {
    JsonNode all = send("GET", "/_sim/sites/" + site + "/worklogs", null);
    List<JsonNode> out = new ArrayList<>();
    all.forEach(out::add);
    return out;
  }

  /** Every Jira worklog of the site (twins and native ones), with their properties. */
  public List<JsonNode> jiraWorklogs(String site) {
    JsonNode all = send("GET", "/_sim/sites/" + site + "/jira-worklogs", null);
    List<JsonNode> out = new ArrayList<>();
    all.forEach(out::add);
    return out;
  }

  // ---- people acting ----

  /** A person logs work (fires webhooks as Tempo would). Returns the Tempo worklog. */
  public JsonNode logWork(String site, JsonNode worklog) {
    return send("POST", "/_sim/sites/" + site + "/act/worklogs", worklog);
  }

  /** A person edits a worklog: only the given fields change. */
  public JsonNode editWork(String site, long tempoWorklogId, JsonNode changes) {
    return send("PUT", "/_sim/sites/" + site + "/act/worklogs/" + tempoWorklogId, changes);
  }

  /** A person deletes a worklog. */
  public void deleteWork(String site, long tempoWorklogId) {
    send("DELETE", "/_sim/sites/" + site + "/act/worklogs/" + tempoWorklogId, null);
  }

  // ---- limits, faults, tokens, settings ----

  /** {@code {"tempoRequestsPerSecond": 5, "jiraRequestsPerSecond": 0, "retryAfterSeconds": 1}}. */
  public void setLimits(String site, JsonNode limits) {
    send("PUT", "/_sim/sites/" + site + "/limits", limits);
  }

  /** Adds a fault rule; see the simulator README for its fields. */
  public void addFault(String site, JsonNode fault) {
    send("POST", "/_sim/sites/" + site + "/faults", fault);
  }

  public void clearFaults(String site) {
    send("DELETE", "/_sim/sites/" + site + "/faults", null);
  }

  /** Adds (or replaces) a Tempo token: {@code {"token", "label", "scope", "expiresAt"?}}. */
  public void addTempoToken(String site, JsonNode token) {
    send("POST", "/_sim/sites/" + site + "/tempo-tokens", token);
  }

  public void revokeTempoToken(String site, String label) {
    send("POST", "/_sim/sites/" + site + "/tempo-tokens/" + label + "/revoke", null);
  }

  public void setClosedPeriods(String site, JsonNode periods) {
    send("PUT", "/_sim/sites/" + site + "/closed-periods", periods);
  }

  /** Changes the given fields of a site's Tempo global configuration. */
  public void setGlobalConfiguration(String site, JsonNode fields) {
    send("PUT", "/_sim/sites/" + site + "/global-configuration", fields);
  }

  public void settings(JsonNode settings) {
    send("PUT", "/_sim/settings", settings);
  }

  /** Stops the simulator's clock at {@code at}; it then moves only by {@link #advanceClock}. */
  public void freezeClock(java.time.Instant at) {
    send("PUT", "/_sim/clock", object().put("at", at.toString()));
  }

  public void advanceClock(java.time.Duration by) {
    send("POST", "/_sim/clock/advance", object().put("millis", by.toMillis()));
  }

  /** Lets the simulator's clock follow the wall clock again. */
  public void runClock() {
    send("DELETE", "/_sim/clock", null);
  }

  // ---- observation ----

  /** Request log entries after {@code afterSeq}, optionally of one site. */
  public List<JsonNode> requests(String site, long afterSeq) {
    String query = "?after=" + afterSeq + (site == null ? "" : "&site=" + encode(site));
    JsonNode all = send("GET", "/_sim/requests" + query, null);
    List<JsonNode> out = new ArrayList<>();
    all.forEach(out::add);
    return out;
  }

  /** The sequence number of the newest request-log entry (0 when none). */
  public long lastRequestSeq() {
    return send("GET", "/_sim/requests/last", null).path("seq").asLong();
  }

  /** Webhook deliveries made (and attempted) so far. */
  public JsonNode webhookDeliveries(String site) {
    return send("GET", "/_sim/sites/" + site + "/webhook-deliveries", null);
  }

  public JsonNode counters() {
    return send("GET", "/_sim/counters", null);
  }

  // ---- plumbing ----

  private JsonNode send(String method, String path, JsonNode body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
      if (body != null) {
        request.header("Content-Type", "application/json");
        request.method(
            method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            method
                + " "
                + path
                + " answered "
                + response.statusCode()
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
