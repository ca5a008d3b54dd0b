package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Jira issue: its id (a numeric string in Jira, a number in Tempo), key, project and the shown
 * text of its fields.
 */
public record JiraIssue(
    long id, String key, long projectId, String projectKey, Map<String, String> fields) {

  /**
   * The text a person sees in a field: a plain value as is, a select option's {@code value}, a
   * label list's first label; null for anything else (users, ADF documents...).
   */
  private static String shown(JsonNode v) {
    if (v.isValueNode() && !v.isNull()) {
      return v.asText();
    }
    if (v.isObject() && v.path("value").isValueNode()) {
      return v.path("value").asText();
    }
    if (v.isArray() && !v.isEmpty()) {
      return shown(v.get(0));
    }
    return null;
  }

  static JiraIssue from(JsonNode n) {
    Map<String, String> fields = new LinkedHashMap<>();
    n.path("fields")
        .fields()
        .forEachRemaining(
            e -> {
              String value = shown(e.getValue());
              if (value != null) {
                fields.put(e.getKey(), value);
              }
            });
    JsonNode project = n.path("fields").path("project");
    return new JiraIssue(
        Long.parseLong(n.path("id").asText()),
        n.path("key").asText(),
        project.path("id").asLong(),
        project.path("key").asText(null),
        fields);
  }
}
