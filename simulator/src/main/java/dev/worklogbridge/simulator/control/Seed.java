package dev.worklogbridge.simulator.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The seed document: sites with everything they start with. Also the seed file's format. */
public record Seed(List<SiteSeed> sites) {

  /** One site. Every list may be omitted. */
  public record SiteSeed(
      String name,
      List<TokenSeed> tempoTokens,
      List<JiraCredentialSeed> jiraCredentials,
      List<UserSeed> users,
      List<ProjectSeed> projects,
      List<IssueSeed> issues,
      List<AttributeSeed> workAttributes,
      LimitsSeed limits,
      List<FieldSeed> customFields) {}

  /** A custom field; type text (the default), textarea, select, labels or number. */
  public record FieldSeed(String id, String name, String type) {}

  /** A Tempo token; scope VIEW or MANAGE; {@code accountId} is who the token acts as. */
  public record TokenSeed(
      String token,
      String label,
      String scope,
      Instant expiresAt,
      String accountId,
      Boolean canBypassPeriods) {}

  /** Jira Basic-auth credentials of the account that uses them. */
  public record JiraCredentialSeed(String email, String apiToken, String accountId) {}

  public record UserSeed(
      String accountId,
      String accountType,
      String displayName,
      String email,
      Boolean emailVisible,
      String timeZone,
      Boolean active) {}

  public record ProjectSeed(String key, String name, Long id) {}

  public record IssueSeed(String key, Long id, String summary, Map<String, String> fields) {}

  /** A work attribute; a STATIC_LIST's {@code values} are value ids, {@code names} id to text. */
  public record AttributeSeed(
      String key,
      String name,
      String type,
      Boolean required,
      List<String> values,
      Map<String, String> names) {}

  public record LimitsSeed(
      Double tempoRequestsPerSecond, Double jiraRequestsPerSecond, Integer retryAfterSeconds) {}
}
