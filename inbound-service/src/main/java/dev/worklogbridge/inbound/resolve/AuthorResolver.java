package dev.worklogbridge.inbound.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.JiraUser;
import dev.worklogbridge.model.AuthorRef;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.AuthorDecision;
import dev.worklogbridge.store.AuthorMapping;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides who logs a replica on the target: an explicit mapping; else the same account, when it is
 * an active Atlassian user there (account ids are global); else a user whose visible email matches;
 * else the connection's fallback account, never silently: the decision and its reason are recorded,
 * and the real author goes into the description.
 */
@ApplicationScoped
public class AuthorResolver {

  @Inject Sites sites;

  private final Cache<String, AuthorChoice> decided =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  /** Empty when the author cannot be placed and no fallback account is configured. */
  public Optional<AuthorChoice> resolve(Connections.View c, String targetSite, AuthorRef author) {
    String key = c.name() + "|" + targetSite + "|" + author.accountId();
    AuthorChoice cached = decided.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<AuthorChoice> choice = decide(c, targetSite, author);
    choice.ifPresent(
        ch -> {
          decided.put(key, ch);
          record(c.name(), targetSite, author.accountId(), ch);
        });
    return choice;
  }

  /** The decision that would be made now, without caching or recording it (dry run). */
  public Optional<AuthorChoice> preview(Connections.View c, String targetSite, AuthorRef author) {
    return decide(c, targetSite, author);
  }

  public void forget() {
    decided.invalidateAll();
  }

  private Optional<AuthorChoice> decide(Connections.View c, String targetSite, AuthorRef author) {
    Optional<String> mapped =
        QuarkusTransaction.requiringNew()
            .call(() -> AuthorMapping.targetAccount(c.name(), targetSite, author.accountId()));
    if (mapped.isPresent()) {
      return Optional.of(new AuthorChoice(mapped.get(), "MAPPING", "explicit author mapping"));
    }
    Optional<JiraUser> same = sites.site(targetSite).jira().user(author.accountId());
    if (same.isPresent() && same.get().active() && "atlassian".equals(same.get().accountType())) {
      return Optional.of(
          new AuthorChoice(
              author.accountId(),
              "SAME_ACCOUNT",
              "the same Atlassian account is an active user of " + targetSite));
    }
    String why =
        same.isPresent()
            ? "is not an active Atlassian user of " + targetSite
            : "is not a user of " + targetSite;
    if (c.config().authors().matchEmail() && author.email() != null && !author.email().isBlank()) {
      Optional<JiraUser> byEmail =
          sites.site(targetSite).jira().searchUsers(author.email()).stream()
              .filter(u -> u.active() && author.email().equalsIgnoreCase(u.email()))
              .findFirst();
      if (byEmail.isPresent()) {
        return Optional.of(
            new AuthorChoice(
                byEmail.get().accountId(),
                "EMAIL",
                "account " + author.accountId() + " " + why + "; matched by email"));
      }
      why += ", and no user of " + targetSite + " shows the email";
    } else {
      why += ", and the source shows no email";
    }
    String fallback = c.config().authors().fallbackAccount().get(targetSite);
    if (fallback == null) {
      return Optional.empty();
    }
    return Optional.of(
        new AuthorChoice(
            fallback, "FALLBACK", name(author) + " " + why + ": logged as the fallback"));
  }

  static String name(AuthorRef author) {
    return (author.displayName() == null ? "" : author.displayName() + " ")
        + "("
        + author.accountId()
        + ")";
  }

  private static void record(
      String connection, String targetSite, String source, AuthorChoice choice) {
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                Optional<AuthorDecision> previous =
                    AuthorDecision.find(connection, targetSite, source);
                if (previous.isEmpty()
                    || !previous.get().targetAccountId.equals(choice.accountId())
                    || !previous.get().strategy.equals(choice.strategy())) {
                  AuthorDecision.record(
                      connection,
                      targetSite,
                      source,
                      choice.accountId(),
                      choice.strategy(),
                      choice.reason());
                  Log.infof(
                      "%s: author %s on %s -> %s (%s: %s)",
                      connection,
                      source,
                      targetSite,
                      choice.accountId(),
                      choice.strategy(),
                      choice.reason());
                }
              });
    } catch (RuntimeException e) {
      // Two threads decided at once; the decision is the same, one record is enough.
      Log.debugf("author decision for %s already recorded: %s", source, e.getMessage());
    }
  }
}
