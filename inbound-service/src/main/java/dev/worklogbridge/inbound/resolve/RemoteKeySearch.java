package dev.worklogbridge.inbound.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.ErrorKind;
import dev.worklogbridge.cloud.JiraField;
import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.runtime.site.ConfigurationProblems;
import dev.worklogbridge.runtime.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the issue of a site whose remote-key field holds a given key. The field's schema (read once
 * per site from {@code GET /rest/api/3/field}) decides the JQL: Jira refuses {@code =} on text
 * fields, so a text field is searched with {@code ~} on the quoted key and the hits are kept only
 * where the field holds exactly that key; select, label and number fields use {@code =}. A field
 * the site does not have, or a search the site refuses, is a configuration problem: reported
 * loudly, and the caller goes on to its next pairing rule.
 */
@ApplicationScoped
public class RemoteKeySearch {

  /** Hits read per search: enough for a key that many issues mention in passing. */
  static final int MAX_HITS = 50;

  @Inject Sites sites;
  @Inject ConfigurationProblems problems;

  private final Cache<String, Map<String, JiraField>> fieldsBySite =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).build();

  /** The issue whose {@code fieldId} holds {@code key}; empty when none does (or none can tell). */
  public Optional<JiraIssue> find(String where, String site, String fieldId, String key) {
    String problemKey = where + " pairing " + fieldId;
    try {
      JiraField field = fields(site).get(fieldId);
      if (field == null) {
        problems.report(problemKey, "the field " + fieldId + " does not exist on " + site);
        return Optional.empty();
      }
      List<JiraIssue> hits = sites.site(site).jira().search(jql(field, key), MAX_HITS);
      problems.resolved(problemKey);
      return hits.stream().filter(i -> holds(i, fieldId, key)).findFirst();
    } catch (CloudException e) {
      if (e.kind() != ErrorKind.PERMANENT) {
        throw e;
      }
      problems.report(
          problemKey,
          site + " refused the search on " + fieldId + " (" + e.status() + "): " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The JQL that finds {@code key} in {@code field}. */
  static String jql(JiraField field, String key) {
    String quoted = "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    if (field.isText()) {
      // A phrase search: the key's words in order; the exact value is checked on the hits.
      return field.jqlName() + " ~ \"" + quoted.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return field.jqlName() + " = " + quoted;
  }

  private static boolean holds(JiraIssue issue, String fieldId, String key) {
    String value = issue.fields().get(fieldId);
    return value != null && value.trim().equalsIgnoreCase(key.trim());
  }

  private Map<String, JiraField> fields(String site) {
    return fieldsBySite.get(
        site,
        s ->
            sites.site(s).jira().fields().stream()
                .collect(Collectors.toMap(JiraField::id, Function.identity(), (a, b) -> a)));
  }
}
