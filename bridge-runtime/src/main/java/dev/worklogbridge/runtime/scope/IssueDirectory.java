package dev.worklogbridge.runtime.scope;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.runtime.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * What Tempo v4 no longer says about an issue id: its key and project. Asked of the site's Jira
 * once and cached for a while, since issues rarely move.
 */
@ApplicationScoped
public class IssueDirectory {

  @Inject Sites sites;

  private final Cache<String, Optional<JiraIssue>> issues =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  /**
   * Keeps an issue another answer of the site brought whole (a pairing search's hit, a lookup by
   * key), so that the scope check of the worklog it pairs asks nothing more of Jira.
   */
  public void remember(String site, JiraIssue issue) {
    issues.put(site + ":" + issue.id(), Optional.of(issue));
  }

  public Optional<JiraIssue> issue(String site, long issueId) {
    return issues.get(
        site + ":" + issueId, k -> sites.site(site).jira().issue(Long.toString(issueId)));
  }
}
