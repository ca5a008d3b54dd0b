package dev.worklogbridge.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A site's Jira directory: users, projects, issues (with their custom fields) and the email + API
 * token pairs Jira's basic authentication accepts. Every method is synchronized.
 */
public final class SiteDirectory {

  private final Map<String, SimUser> users = new LinkedHashMap<>();
  private final Map<String, SimProject> projects = new LinkedHashMap<>();
  private final Map<Long, SimIssue> issues = new LinkedHashMap<>();
  private final Map<String, SimIssue> issuesByKey = new LinkedHashMap<>();
  private final Map<String, String> jiraCredentials = new LinkedHashMap<>();
  private final Map<String, String> jiraCredentialAccounts = new LinkedHashMap<>();
  private long nextIssueId = 10001;
  private long nextProjectId = 10000;

  public synchronized void putUser(SimUser user) {
    users.put(user.accountId(), user);
  }

  public synchronized SimUser user(String accountId) {
    return users.get(accountId);
  }

  public synchronized List<SimUser> users() {
    return new ArrayList<>(users.values());
  }

  public synchronized SimProject putProject(String key, String name, Long id) {
    SimProject project = new SimProject(id != null ? id : nextProjectId++, key, name);
    projects.put(key, project);
    return project;
  }

  public synchronized SimProject project(String key) {
    return projects.get(key);
  }

  public synchronized SimProject projectById(long id) {
    return projects.values().stream().filter(p -> p.id() == id).findFirst().orElse(null);
  }

  /** Adds an issue; its project is created on first use. */
  public synchronized SimIssue addIssue(
      String key, Long id, String summary, Map<String, String> fields) {
    if (issuesByKey.containsKey(key)) {
      throw ApiError.badRequest("issue " + key + " exists");
    }
    String projectKey = key.substring(0, key.lastIndexOf('-'));
    SimProject project = projects.get(projectKey);
    if (project == null) {
      project = putProject(projectKey, projectKey, null);
    }
    long issueId = id != null ? id : nextIssueId++;
    nextIssueId = Math.max(nextIssueId, issueId + 1);
    SimIssue issue = new SimIssue(issueId, key, project.id(), summary == null ? key : summary);
    if (fields != null) {
      issue.fields.putAll(fields);
    }
    issues.put(issueId, issue);
    issuesByKey.put(key, issue);
    return issue;
  }

  public synchronized SimIssue issue(long id) {
    return issues.get(id);
  }

  public synchronized SimIssue issueByIdOrKey(String idOrKey) {
    if (idOrKey.chars().allMatch(Character::isDigit)) {
      return issues.get(Long.parseLong(idOrKey));
    }
    return issuesByKey.get(idOrKey);
  }

  public synchronized List<SimIssue> issues(Predicate<SimIssue> filter) {
    return issues.values().stream().filter(filter).toList();
  }

  public synchronized void setIssueFields(String key, Map<String, String> fields) {
    SimIssue issue = issuesByKey.get(key);
    if (issue == null) {
      throw ApiError.notFound("no issue " + key);
    }
    issue.fields.putAll(fields);
  }

  public synchronized void putJiraCredential(String email, String apiToken, String accountId) {
    jiraCredentials.put(email, apiToken);
    jiraCredentialAccounts.put(email, accountId);
  }

  /** The account behind an email + API token, or null when they do not match. */
  public synchronized String jiraAccountFor(String email, String apiToken) {
    String expected = jiraCredentials.get(email);
    return expected != null && expected.equals(apiToken) ? jiraCredentialAccounts.get(email) : null;
  }
}
