package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A native Jira worklog (its author is always whoever created it through the API), with the
 * properties Jira returned when asked for them ({@code expand=properties}).
 */
public record JiraWorklog(
    long id,
    long issueId,
    String authorAccountId,
    String started,
    long timeSpentSeconds,
    JsonNode comment,
    Map<String, JsonNode> properties) {

  static JiraWorklog from(JsonNode n) {
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    n.path("properties").forEach(p -> properties.put(p.path("key").asText(), p.path("value")));
    return new JiraWorklog(
        Long.parseLong(n.path("id").asText()),
        Long.parseLong(n.path("issueId").asText("0")),
        n.path("author").path("accountId").asText(null),
        n.path("started").asText(null),
        n.path("timeSpentSeconds").asLong(),
        n.get("comment"),
        Map.copyOf(properties));
  }

  /** {@code started} as the wall clock Jira shows at its offset (no time zone conversion). */
  public java.time.LocalDateTime startedWallClock() {
    return java.time.OffsetDateTime.parse(started, JiraWorklogRequest.STARTED).toLocalDateTime();
  }

  /** The comment's text (the paragraphs of its ADF document, one per line). */
  public String commentText() {
    if (comment == null || comment.isNull()) {
      return "";
    }
    if (comment.isTextual()) {
      return comment.asText();
    }
    StringBuilder out = new StringBuilder();
    comment
        .path("content")
        .forEach(
            paragraph -> {
              if (out.length() > 0) {
                out.append('\n');
              }
              paragraph.path("content").forEach(t -> out.append(t.path("text").asText("")));
            });
    return out.toString();
  }
}
