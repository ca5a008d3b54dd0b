package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Jira Cloud REST API v3 for one site: the documented calls of {@link JiraApi}, each made through
 * the site's {@link CallPolicy}, their answers read into our records.
 */
public final class JiraClient {

  /** Worklogs are read and written with their entity properties (the lineage marker). */
  private static final String PROPERTIES = "properties";

  private final JiraApi api;
  private final CallPolicy caller;

  JiraClient(JiraApi api, CallPolicy caller) {
    this.api = api;
    this.caller = caller;
  }

  public Optional<JiraIssue> issue(String idOrKey) {
    Answer a =
        caller.send("GET", "/rest/api/3/issue/{idOrKey}", () -> api.issue(idOrKey), Set.of(404));
    return a.status() == 404 ? Optional.empty() : Optional.of(JiraIssue.from(TempoClient.read(a)));
  }

  /** Issues matching a JQL query, at most {@code max}. */
  public List<JiraIssue> search(String jql, int max) {
    ObjectNode body =
        TempoClient.JSON.createObjectNode().put("jql", jql).put("maxResults", Math.min(max, 5000));
    body.putArray("fields").add("summary").add("project").add("*all");
    JsonNode answer =
        TempoClient.read(
            caller.send(
                "POST",
                "/rest/api/3/search/jql",
                () -> api.search(TempoClient.bytes(body)),
                Set.of()));
    List<JiraIssue> out = new ArrayList<>();
    answer.path("issues").forEach(n -> out.add(JiraIssue.from(n)));
    return out;
  }

  /** Every field of the site, system and custom, with its schema. */
  public List<JiraField> fields() {
    JsonNode answer =
        TempoClient.read(caller.send("GET", "/rest/api/3/field", api::fields, Set.of()));
    List<JiraField> out = new ArrayList<>();
    answer.forEach(n -> out.add(JiraField.from(n)));
    return out;
  }

  public Optional<JiraUser> user(String accountId) {
    Answer a = caller.send("GET", "/rest/api/3/user", () -> api.user(accountId), Set.of(404));
    return a.status() == 404 ? Optional.empty() : Optional.of(JiraUser.from(TempoClient.read(a)));
  }

  /** Active users whose display name or visible email starts with {@code query}. */
  public List<JiraUser> searchUsers(String query) {
    JsonNode answer =
        TempoClient.read(
            caller.send("GET", "/rest/api/3/user/search", () -> api.searchUsers(query), Set.of()));
    List<JiraUser> out = new ArrayList<>();
    answer.forEach(n -> out.add(JiraUser.from(n)));
    return out;
  }

  /** A cheap authenticated read: proves the credentials work. */
  public JiraUser myself() {
    return JiraUser.from(
        TempoClient.read(caller.send("GET", "/rest/api/3/myself", api::myself, Set.of())));
  }

  // ---- native worklogs (sites without Tempo) ----

  /** Creates a worklog owned by this client's account, with its properties in the same call. */
  public JiraWorklog createWorklog(long issueId, JiraWorklogRequest request) {
    byte[] body = TempoClient.bytes(request.body());
    return JiraWorklog.from(
        TempoClient.read(
            caller.sendOnce(
                "POST",
                "/rest/api/3/issue/{issueId}/worklog",
                () ->
                    api.createWorklog(
                        issueId, PROPERTIES, request.adjustEstimate(), request.newEstimate(), body),
                Set.of())));
  }

  /** Replaces a worklog's started, time and comment; empty when it no longer exists. */
  public Optional<JiraWorklog> updateWorklog(long issueId, long id, JiraWorklogRequest request) {
    byte[] body = TempoClient.bytes(request.body());
    Answer a =
        caller.send(
            "PUT",
            "/rest/api/3/issue/{issueId}/worklog/{id}",
            () ->
                api.updateWorklog(
                    issueId, id, PROPERTIES, request.adjustEstimate(), request.newEstimate(), body),
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
                "/rest/api/3/issue/{issueId}/worklog/{id}",
                () -> api.deleteWorklog(issueId, id, "leave"),
                Set.of(404))
            .status()
        != 404;
  }

  public Optional<JiraWorklog> worklog(long issueId, long id) {
    Answer a =
        caller.send(
            "GET",
            "/rest/api/3/issue/{issueId}/worklog/{id}",
            () -> api.worklog(issueId, id, PROPERTIES),
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
      int startAt = out.size();
      JsonNode answer =
          TempoClient.read(
              caller.send(
                  "GET",
                  "/rest/api/3/issue/{issueId}/worklog",
                  () -> api.worklogs(issueId, PROPERTIES, 5000, startAt),
                  Set.of()));
      answer.path("worklogs").forEach(n -> out.add(JiraWorklog.from(n)));
      total = answer.path("total").asInt(out.size());
      if (answer.path("worklogs").isEmpty()) {
        break;
      }
    } while (out.size() < total);
    return out;
  }
}
