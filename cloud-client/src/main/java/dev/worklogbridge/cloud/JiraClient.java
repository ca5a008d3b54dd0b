package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

  /** Every field of the site, system and custom, with its schema. */
  public List<JiraField> fields() {
    JsonNode answer = TempoClient.read(caller.send("GET", uri("/field"), null, Set.of()));
    List<JiraField> out = new ArrayList<>();
    answer.forEach(n -> out.add(JiraField.from(n)));
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

  /** Creates a worklog owned by this client's account, with its properties in the same call. */
  public JiraWorklog createWorklog(long issueId, JiraWorklogRequest request) {
    return JiraWorklog.from(
        TempoClient.read(
            caller.sendOnce(
                "POST",
                uri("/issue/" + issueId + "/worklog?" + request.query()),
                TempoClient.bytes(request.body()),
                Set.of())));
  }

  /** Replaces a worklog's started, time and comment; empty when it no longer exists. */
  public Optional<JiraWorklog> updateWorklog(long issueId, long id, JiraWorklogRequest request) {
    HttpCaller.Answer a =
        caller.send(
            "PUT",
            uri("/issue/" + issueId + "/worklog/" + id + "?" + request.query()),
            TempoClient.bytes(request.body()),
            Set.of(404));
    return a.status() == 404
        ? Optional.empty()
        : Optional.of(JiraWorklog.from(TempoClient.read(a)));
  }

  /** Deletes a worklog (leaving the estimate alone); false when it was already gone. */
  public boolean deleteWorklog(long issueId, long id) {
    return caller
            .send(
                "DELETE",
                uri("/issue/" + issueId + "/worklog/" + id + "?adjustEstimate=leave"),
                null,
                Set.of(404))
            .status()
        != 404;
  }

  public Optional<JiraWorklog> worklog(long issueId, long id) {
    HttpCaller.Answer a =
        caller.send(
            "GET",
            uri("/issue/" + issueId + "/worklog/" + id + "?expand=properties"),
            null,
            Set.of(404));
    return a.status() == 404
        ? Optional.empty()
        : Optional.of(JiraWorklog.from(TempoClient.read(a)));
  }

  /** An issue's worklogs with their properties, every page. */
  public List<JiraWorklog> worklogs(long issueId) {
    List<JiraWorklog> out = new ArrayList<>();
    int total;
    do {
      JsonNode answer =
          TempoClient.read(
              caller.send(
                  "GET",
                  uri(
                      "/issue/"
                          + issueId
                          + "/worklog?expand=properties&maxResults=5000&startAt="
                          + out.size()),
                  null,
                  Set.of()));
      answer.path("worklogs").forEach(n -> out.add(JiraWorklog.from(n)));
      total = answer.path("total").asInt(out.size());
      if (answer.path("worklogs").isEmpty()) {
        break;
      }
    } while (out.size() < total);
    return out;
  }

  private URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
