package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/** A native Jira worklog (author is always whoever created it through the API). */
public record JiraWorklog(
    long id,
    long issueId,
    String authorAccountId,
    String started,
    long timeSpentSeconds,
    JsonNode comment) {

  static JiraWorklog from(JsonNode n) {
    return new JiraWorklog(
        Long.parseLong(n.path("id").asText()),
        Long.parseLong(n.path("issueId").asText("0")),
        n.path("author").path("accountId").asText(null),
        n.path("started").asText(null),
        n.path("timeSpentSeconds").asLong(),
        n.get("comment"));
  }
}
