package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Jira Cloud REST API v3 for one site. All calls go through the site's {@link HttpCaller}. */
public final class JiraClient {

  private final String base;
  private final HttpCaller caller;

  /**
   * {@code baseUrl} is the site, e.g. {@code https://acme.atlassian.net}; {@code /rest/api/3} is
   * added.
   */
  public JiraClient(String baseUrl, HttpCaller caller) {
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.base = b + "/rest/api/3";
    this.caller = caller;
  }

  public Optional<JiraIssue> issue(String idOrKey) {
    HttpCaller.Answer a = caller.send("GET", uri("/issue/" + encode(idOrKey)), null, Set.of(404));
    return a.status() == 404 ? Optional.empty() : Optional.of(JiraIssue.from(TempoClient.read(a)));
  }

  /** Issues matching a JQL query, at most {@code max}. */
  public List<JiraIssue> search(String jql, int max) {
    ObjectNode body =
        TempoClient.JSON.createObjectNode().put("jql", jql).put("maxResults", Math.min(max, 5000));
    body.putArray("fields").add("summary").add("project").add("*all");
    JsonNode answer =
        TempoClient.read(
            caller.send("POST", uri("/search/jql"), TempoClient.bytes(body), Set.of()));
    List<JiraIssue> out = new ArrayList<>();
    answer.path("issues").forEach(n -> out.add(JiraIssue.from(n)));
    return out;
  }

  public Optional<JiraUser> user(String accountId) {
    HttpCaller.Answer a =
        caller.send("GET", uri("/user?accountId=" + encode(accountId)), null, Set.of(404));
    return a.status() == 404 ? Optional.empty() : Optional.of(JiraUser.from(TempoClient.read(a)));
  }

  /** Active users whose display name or visible email starts with {@code query}. */
  public List<JiraUser> searchUsers(String query) {
    JsonNode answer =
        TempoClient.read(
            caller.send("GET", uri("/user/search?query=" + encode(query)), null, Set.of()));
    List<JiraUser> out = new ArrayList<>();
    answer.forEach(n -> out.add(JiraUser.from(n)));
    return out;
  }

  /** A cheap authenticated read: proves the credentials work. */
  public JiraUser myself() {
    return JiraUser.from(TempoClient.read(caller.send("GET", uri("/myself"), null, Set.of())));
  }

  // ---- native worklogs (sites without Tempo) ----

  /**
   * Jira's {@code started}: {@code 2026-01-17T12:34:00.000+0000}, the wall clock at offset zero.
   */
  public static String started(LocalDate date, LocalTime time) {
    return date + "T" + TempoWorklogRequest.hhmmss(time) + ".000+0000";
  }

  public JiraWorklog createWorklog(
      String issueKey, String started, long timeSpentSeconds, String comment) {
    return JiraWorklog.from(
        TempoClient.read(
            caller.send(
                "POST",
                uri("/issue/" + encode(issueKey) + "/worklog"),
                TempoClient.bytes(worklogBody(started, timeSpentSeconds, comment)),
                Set.of())));
  }

  public JiraWorklog updateWorklog(
      String issueKey, long id, String started, long timeSpentSeconds, String comment) {
    return JiraWorklog.from(
        TempoClient.read(
            caller.send(
                "PUT",
                uri("/issue/" + encode(issueKey) + "/worklog/" + id),
                TempoClient.bytes(worklogBody(started, timeSpentSeconds, comment)),
                Set.of())));
  }

  public boolean deleteWorklog(String issueKey, long id) {
    return caller
            .send("DELETE", uri("/issue/" + encode(issueKey) + "/worklog/" + id), null, Set.of(404))
            .status()
        != 404;
  }

  public List<JiraWorklog> worklogs(String issueKey) {
    JsonNode answer =
        TempoClient.read(
            caller.send(
                "GET",
                uri("/issue/" + encode(issueKey) + "/worklog?maxResults=5000"),
                null,
                Set.of()));
    List<JiraWorklog> out = new ArrayList<>();
    answer.path("worklogs").forEach(n -> out.add(JiraWorklog.from(n)));
    return out;
  }

  public void setWorklogProperty(String issueKey, long worklogId, String key, JsonNode value) {
    caller.send(
        "PUT",
        uri("/issue/" + encode(issueKey) + "/worklog/" + worklogId + "/properties/" + encode(key)),
        TempoClient.bytes(value),
        Set.of());
  }

  public Optional<JsonNode> worklogProperty(String issueKey, long worklogId, String key) {
    HttpCaller.Answer a =
        caller.send(
            "GET",
            uri(
                "/issue/"
                    + encode(issueKey)
                    + "/worklog/"
                    + worklogId
                    + "/properties/"
                    + encode(key)),
            null,
            Set.of(404));
    return a.status() == 404 ? Optional.empty() : Optional.of(TempoClient.read(a).path("value"));
  }

  private static ObjectNode worklogBody(String started, long timeSpentSeconds, String comment) {
    ObjectNode body = TempoClient.JSON.createObjectNode();
    body.put("started", started);
    body.put("timeSpentSeconds", timeSpentSeconds);
    ObjectNode doc = body.putObject("comment").put("type", "doc").put("version", 1);
    doc.putArray("content")
        .addObject()
        .put("type", "paragraph")
        .putArray("content")
        .addObject()
        .put("type", "text")
        .put("text", comment == null || comment.isEmpty() ? " " : comment);
    return body;
  }

  private URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
