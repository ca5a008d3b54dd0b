package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.JiraWorklog;
import dev.worklogbridge.cloud.JiraWorklogRequest;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.runtime.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** The target's writes, sent: a 401 pauses the site, any other failure parks the lineage. */
@ApplicationScoped
class SiteWrites implements TargetWrites {

  @Inject Sites sites;

  @Override
  public TempoWorklog tempoCreate(String site, TempoWorklogRequest request) {
    return TargetCalls.call(site, "create", () -> sites.site(site).requireTempo().create(request));
  }

  @Override
  public TempoWorklog tempoUpdate(String site, long tempoWorklogId, TempoWorklogRequest request) {
    return TargetCalls.call(
        site, "update", () -> sites.site(site).requireTempo().update(tempoWorklogId, request));
  }

  @Override
  public void tempoDelete(String site, long tempoWorklogId) {
    TargetCalls.call(
        site, "delete", () -> sites.site(site).requireTempo().delete(tempoWorklogId, false));
  }

  @Override
  public JiraWorklog jiraCreate(String site, long issueId, JiraWorklogRequest request) {
    return TargetCalls.call(
        site, "create", () -> sites.site(site).jira().createWorklog(issueId, request));
  }

  @Override
  public Optional<JiraWorklog> jiraUpdate(
      String site, long issueId, long worklogId, JiraWorklogRequest request) {
    return TargetCalls.call(
        site, "update", () -> sites.site(site).jira().updateWorklog(issueId, worklogId, request));
  }

  @Override
  public void jiraDelete(String site, long issueId, long worklogId) {
    TargetCalls.call(
        site, "delete", () -> sites.site(site).jira().deleteWorklog(issueId, worklogId));
  }
}
