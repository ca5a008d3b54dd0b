package dev.worklogbridge.inbound.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.cloud.JiraWorklog;
import dev.worklogbridge.cloud.JiraWorklogRequest;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dry run's writes: each one is described as the exact request the apply path would send (method,
 * URL, body) and answered with a stand-in for what the site would return (id 0), so that the apply
 * path goes on as it would. Nothing is sent.
 */
final class DescribedWrites implements TargetWrites {

  private final String tempoUrl;
  private final String jiraApiUrl;
  private Map<String, Object> request;

  /**
   * @param tempoUrl the target's Tempo base URL (empty on a site without Tempo)
   * @param jiraUrl the target's Jira base URL
   */
  DescribedWrites(String tempoUrl, String jiraUrl) {
    this.tempoUrl = tempoUrl;
    this.jiraApiUrl = jiraUrl.replaceAll("/+$", "") + "/rest/api/3";
  }

  /** The request the apply path would have sent, or null when it would send none. */
  Map<String, Object> request() {
    return request;
  }

  @Override
  public TempoWorklog tempoCreate(String site, TempoWorklogRequest r) {
    describe("POST", tempoUrl + "/4/worklogs", r.createBody());
    return standIn(0, r);
  }

  @Override
  public TempoWorklog tempoUpdate(String site, long tempoWorklogId, TempoWorklogRequest r) {
    describe("PUT", tempoUrl + "/4/worklogs/" + tempoWorklogId, r.updateBody());
    return standIn(tempoWorklogId, r);
  }

  @Override
  public void tempoDelete(String site, long tempoWorklogId) {
    describe("DELETE", tempoUrl + "/4/worklogs/" + tempoWorklogId, null);
  }

  @Override
  public JiraWorklog jiraCreate(String site, long issueId, JiraWorklogRequest r) {
    describe("POST", jiraApiUrl + "/issue/" + issueId + "/worklog?" + r.query(), r.body());
    return new JiraWorklog(0, issueId, null, r.started(), 0, null, Map.of());
  }

  @Override
  public Optional<JiraWorklog> jiraUpdate(
      String site, long issueId, long worklogId, JiraWorklogRequest r) {
    describe(
        "PUT",
        jiraApiUrl + "/issue/" + issueId + "/worklog/" + worklogId + "?" + r.query(),
        r.body());
    return Optional.of(new JiraWorklog(worklogId, issueId, null, r.started(), 0, null, Map.of()));
  }

  @Override
  public void jiraDelete(String site, long issueId, long worklogId) {
    describe(
        "DELETE",
        jiraApiUrl + "/issue/" + issueId + "/worklog/" + worklogId + "?adjustEstimate=leave",
        null);
  }

  private void describe(String method, String url, JsonNode body) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("method", method);
    r.put("url", url);
    if (body != null) {
      r.put("body", body);
    }
    request = r;
  }

  private static TempoWorklog standIn(long id, TempoWorklogRequest r) {
    return new TempoWorklog(
        id,
        r.issueId(),
        r.authorAccountId(),
        r.content().startDate(),
        r.content().startTime(),
        r.content().timeSpentSeconds(),
        r.content().billableSeconds(),
        r.content().description(),
        List.of(),
        null,
        null);
  }
}
