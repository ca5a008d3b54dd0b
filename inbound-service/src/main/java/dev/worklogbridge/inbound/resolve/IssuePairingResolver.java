package dev.worklogbridge.inbound.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.model.IssueRef;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.scope.IssueDirectory;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.IssuePairing;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the target issue for a source issue, in this order: the explicit pairing table; the
 * target's remote-key field (a JQL search for the source key); the source's remote-key field (the
 * source issue names its pair); the same key, where the connection says keys are shared. A pair
 * found is remembered for a while; "no pair yet" only briefly, since escalations happen.
 */
@ApplicationScoped
public class IssuePairingResolver {

  @Inject Sites sites;
  @Inject RemoteKeySearch remoteKeys;
  @Inject IssueDirectory directory;

  private final Cache<String, Optional<ResolvedIssue>> found =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).build();
  private final Cache<String, Long> unpairedAt =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)).build();

  public Optional<ResolvedIssue> resolve(
      Connections.View c, String sourceSite, IssueRef source, String targetSite) {
    String sourceKey = sourceKey(sourceSite, source);
    if (sourceKey == null) {
      return Optional.empty();
    }
    String cacheKey = c.name() + "|" + sourceSite + "|" + sourceKey + "|" + targetSite;
    Optional<ResolvedIssue> cached = found.getIfPresent(cacheKey);
    if (cached != null && cached.isPresent()) {
      return cached;
    }
    Long since = unpairedAt.getIfPresent(cacheKey);
    Duration negative = c.config().pairing().unpairedCacheTime();
    if (since != null && System.nanoTime() - since < negative.toNanos()) {
      return Optional.empty();
    }
    Optional<ResolvedIssue> result = lookup(c, sourceSite, sourceKey, targetSite);
    if (result.isPresent()) {
      found.put(cacheKey, result);
      unpairedAt.invalidate(cacheKey);
    } else {
      unpairedAt.put(cacheKey, System.nanoTime());
    }
    return result;
  }

  /** Forgets cached answers, e.g. after the pairing table changed. */
  public void forget() {
    found.invalidateAll();
    unpairedAt.invalidateAll();
  }

  private String sourceKey(String sourceSite, IssueRef source) {
    if (source == null) {
      return null;
    }
    if (source.key() != null) {
      return source.key();
    }
    if (!holdsJiraToken(sourceSite)) {
      return null;
    }
    return sites
        .site(sourceSite)
        .jira()
        .issue(Long.toString(source.id()))
        .map(JiraIssue::key)
        .orElse(null);
  }

  private Optional<ResolvedIssue> lookup(
      Connections.View c, String sourceSite, String sourceKey, String targetSite) {
    BridgeConfig.Pairing pairing = c.config().pairing();
    Optional<String> explicit =
        QuarkusTransaction.requiringNew()
            .call(() -> IssuePairing.targetKey(c.name(), sourceSite, sourceKey, targetSite));
    if (explicit.isPresent()) {
      return issue(targetSite, explicit.get(), "pairing table");
    }
    String targetField = pairing.remoteKeyField().get(targetSite);
    if (targetField != null) {
      Optional<JiraIssue> hit =
          remoteKeys.find(c.name() + "/" + targetSite, targetSite, targetField, sourceKey);
      if (hit.isPresent()) {
        directory.remember(targetSite, hit.get());
        return Optional.of(
            new ResolvedIssue(hit.get().id(), hit.get().key(), targetField + " on " + targetSite));
      }
    }
    String sourceField = pairing.remoteKeyField().get(sourceSite);
    if (sourceField != null && holdsJiraToken(sourceSite)) {
      Optional<String> named =
          sites
              .site(sourceSite)
              .jira()
              .issue(sourceKey)
              .map(i -> i.fields().get(sourceField))
              .filter(v -> v != null && !v.isBlank());
      if (named.isPresent()) {
        Optional<ResolvedIssue> r =
            issue(targetSite, named.get().trim(), sourceField + " on " + sourceSite);
        if (r.isPresent()) {
          return r;
        }
      }
    }
    if (pairing.sharedKeys()) {
      return issue(targetSite, sourceKey, "shared key");
    }
    return Optional.empty();
  }

  /**
   * Whether this process holds {@code site}'s Jira token: an inbound deployment holds the source
   * site's only when pairing by the source's remote-key field needs it (deploy/README.md).
   */
  private boolean holdsJiraToken(String site) {
    return !sites.site(site).jiraToken().get().isEmpty();
  }

  private Optional<ResolvedIssue> issue(String site, String key, String how) {
    Optional<JiraIssue> found = sites.site(site).jira().issue(key);
    found.ifPresent(i -> directory.remember(site, i));
    return found.map(i -> new ResolvedIssue(i.id(), i.key(), how));
  }

  /** Why an event waits: its source issue has no pair on the target yet. */
  public static String unpaired(dev.worklogbridge.model.ReplicaEvent e, String site) {
    String issue =
        e.issue() == null
            ? "?"
            : e.issue().key() != null ? e.issue().key() : Long.toString(e.issue().id());
    return "issue " + issue + " of " + e.source().site() + " has no pair on " + site + " yet";
  }
}
