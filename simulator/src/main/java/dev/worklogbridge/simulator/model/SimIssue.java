package dev.worklogbridge.simulator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Jira issue with its custom fields (e.g. the field holding the remote issue key). */
public final class SimIssue {
  public final long id;
  public final String key;
  public final long projectId;
  public final String summary;
  public final Map<String, String> fields = new LinkedHashMap<>();
  public Long remainingEstimateSeconds;

  public SimIssue(long id, String key, long projectId, String summary) {
    this.id = id;
    this.key = key;
    this.projectId = projectId;
    this.summary = summary;
  }

  public String projectKey() {
    return key.substring(0, key.lastIndexOf('-'));
  }
}
