package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.JiraWorklog;
import dev.worklogbridge.cloud.JiraWorklogRequest;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import java.util.Optional;

/**
 * The writes the apply path makes on a target site: {@link SiteWrites} sends them, a dry run's
 * {@link DescribedWrites} describes them (the exact request) and sends nothing. Reads are not here:
 * a dry run reads what it must, as the apply path does.
 */
public interface TargetWrites {

  TempoWorklog tempoCreate(String site, TempoWorklogRequest request);

  TempoWorklog tempoUpdate(String site, long tempoWorklogId, TempoWorklogRequest request);

  void tempoDelete(String site, long tempoWorklogId);

  JiraWorklog jiraCreate(String site, long issueId, JiraWorklogRequest request);

  /** The updated worklog, or empty when it is gone. */
  Optional<JiraWorklog> jiraUpdate(
      String site, long issueId, long worklogId, JiraWorklogRequest request);

  void jiraDelete(String site, long issueId, long worklogId);
}
