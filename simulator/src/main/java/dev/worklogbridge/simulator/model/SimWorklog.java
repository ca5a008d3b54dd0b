package dev.worklogbridge.simulator.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Tempo worklog (it always has a Jira twin, authored by the Tempo app user). */
public final class SimWorklog {
  public final long tempoWorklogId;
  public final long jiraWorklogId;
  public final long issueId;
  public String authorAccountId;
  public String updaterAccountId;
  public LocalDate startDate;
  public LocalTime startTime;
  public long timeSpentSeconds;
  public long billableSeconds;
  public String description;
  public final Map<String, String> attributes = new LinkedHashMap<>();
  public final Instant createdAt;
  public Instant updatedAt;

  public SimWorklog(long tempoWorklogId, long jiraWorklogId, long issueId, Instant createdAt) {
    this.tempoWorklogId = tempoWorklogId;
    this.jiraWorklogId = jiraWorklogId;
    this.issueId = issueId;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
