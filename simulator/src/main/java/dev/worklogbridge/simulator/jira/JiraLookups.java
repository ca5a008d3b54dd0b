package dev.worklogbridge.simulator.jira;

import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.JiraWorklog;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;

/** The issue or worklog a Jira path names, or Jira's 404 in Jira's words. */
final class JiraLookups {

  private JiraLookups() {}

  static SimIssue requireIssue(SimSite site, String idOrKey) {
    SimIssue issue = site.directory().issueByIdOrKey(idOrKey);
    if (issue == null) {
      throw ApiError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    return issue;
  }

  static JiraWorklog requireWorklog(SimSite site, String idOrKey, long id) {
    SimIssue issue = requireIssue(site, idOrKey);
    JiraWorklog w = site.jira().worklog(id);
    if (w == null || w.issueId != issue.id) {
      throw ApiError.notFound("Cannot find worklog with id: " + id);
    }
    return w;
  }
}
