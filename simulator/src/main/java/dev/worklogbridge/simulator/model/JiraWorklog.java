package dev.worklogbridge.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Jira worklog: either the twin of a Tempo worklog, or one created through Jira's own API (which
 * always belongs to the caller: Jira never lets a client choose the author).
 */
public final class JiraWorklog {
  public final long id;
  public final long issueId;
  public final String authorAccountId;
  public String updateAuthorAccountId;
  public OffsetDateTime started;
  public long timeSpentSeconds;
  public JsonNode comment;
  public final Instant created;
  public Instant updated;
  public Long tempoWorklogId;
  public final Map<String, JsonNode> properties = new LinkedHashMap<>();

  public JiraWorklog(long id, long issueId, String authorAccountId, Instant created) {
    this.id = id;
    this.issueId = issueId;
    this.authorAccountId = authorAccountId;
    this.updateAuthorAccountId = authorAccountId;
    this.created = created;
    this.updated = created;
  }
}
