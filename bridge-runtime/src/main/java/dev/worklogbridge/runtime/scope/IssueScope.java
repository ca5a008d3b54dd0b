package dev.worklogbridge.runtime.scope;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether an issue of a site is in a connection's scope there: its project, and its JQL. Asked
 * before a worklog leaves a site (the source's scope) and before the bridge writes, overwrites or
 * deletes anything on a site (the target's scope): a pairing, whoever typed it, never leads the
 * bridge outside the issues the connection names. Cached for a few minutes.
 */
@ApplicationScoped
public class IssueScope {

  @Inject IssueDirectory issues;
  @Inject Sites sites;

  private final Cache<String, Boolean> answers =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  public boolean inScope(Connections.View connection, String site, long issueId) {
    Optional<BridgeConfig.Scope> scope = connection.scope(site);
    if (scope.isEmpty()) {
      return false;
    }
    return answers.get(
        connection.name() + "|" + site + "|" + issueId, k -> decide(scope.get(), site, issueId));
  }

  private boolean decide(BridgeConfig.Scope scope, String site, long issueId) {
    List<String> projects = scope.projects().orElse(List.of());
    if (!projects.isEmpty()) {
      Optional<JiraIssue> issue = issues.issue(site, issueId);
      if (issue.isEmpty() || !projects.contains(issue.get().projectKey())) {
        return false;
      }
    }
    if (scope.jql().isPresent()) {
      String jql = "(" + scope.jql().get() + ") AND id = " + issueId;
      return !sites.site(site).jira().search(jql, 1).isEmpty();
    }
    return true;
  }
}
