package dev.worklogbridge.outbound.detect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.cloud.JiraUser;
import dev.worklogbridge.runtime.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * What Tempo v4 no longer says: the issue key (and project) of an issue id, the author's display
 * name and visible email. Asked of Jira once and cached, since they rarely change.
 */
@ApplicationScoped
public class Enricher {

  @Inject Sites sites;
  @Inject dev.worklogbridge.runtime.scope.IssueDirectory issues;

  private final Cache<String, Optional<JiraUser>> users =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofHours(1)).build();

  public Optional<JiraIssue> issue(String site, long issueId) {
    return issues.issue(site, issueId);
  }

  public Optional<JiraUser> user(String site, String accountId) {
    if (accountId == null) {
      return Optional.empty();
    }
    return users.get(site + ":" + accountId, k -> sites.site(site).jira().user(accountId));
  }
}
